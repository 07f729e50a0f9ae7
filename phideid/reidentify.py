"""The one gate to originals: re-identification checks the caller's role and reason, then writes the
audit trail, then answers.

Denied attempts (no ``reidentify`` role, no reason) are audited too, with outcome ``denied``. The audit
record is written before anything is returned: when it cannot be written the call fails with
``AuditError`` and no original leaves the vault. Records name the pseudonym asked about (random, not PHI)
and how many originals were disclosed, never the originals or the surrogate looked up (a caller may type
a real value where a surrogate belongs).
"""

from __future__ import annotations

from phideid.audit import AuditEvent, AuditTrail, clean_reason, subject_of
from phideid.errors import ReidentificationDenied
from phideid.roles import Principal, Role
from phideid.types import PhiType
from phideid.vault import OriginalValue, Vault


class Reidentifier:
    def __init__(self, vault: Vault, trail: AuditTrail) -> None:
        self.vault = vault
        self.trail = trail

    def patient(self, principal: Principal, pseudonym: str, *, reason: str | None) -> str | None:
        """The original patient id behind ``pseudonym``, or None when the vault has no such patient."""
        subject = subject_of(pseudonym)
        self._authorize(principal, reason, subject)
        original = self.vault.lookup_patient(pseudonym)
        self._record(principal, reason, subject, "success", 0 if original is None else 1)
        return original

    def values(self, principal: Principal, surrogate: str, *, reason: str | None,
               phi_type: PhiType | None = None, patient: str | None = None) -> list[OriginalValue]:
        """The originals ``surrogate`` stood for, optionally of one PHI type and/or one patient pseudonym."""
        subject = subject_of(patient) or (phi_type.value if phi_type else "")
        self._authorize(principal, reason, subject)
        found = self.vault.lookup_values(surrogate, phi_type=phi_type, patient=patient)
        self._record(principal, reason, subject, "success", len(found))
        return found

    def _authorize(self, principal: Principal, reason: str | None, subject: str) -> None:
        if not principal.may(Role.REIDENTIFY):
            self._record(principal, reason, subject, "denied", 0, error="missing_role")
            raise ReidentificationDenied(
                f"{principal.actor} lacks the '{Role.REIDENTIFY}' role; the attempt was audited"
            )
        if not clean_reason(reason):
            self._record(principal, reason, subject, "denied", 0, error="missing_reason")
            raise ReidentificationDenied("re-identification needs a reason (it is audited); the attempt "
                                         "was audited")

    def _record(self, principal: Principal, reason: str | None, subject: str, outcome: str, results: int,
                error: str | None = None) -> None:
        self.trail.append(AuditEvent(
            channel=principal.channel, actor=principal.actor, action="reidentify", outcome=outcome,
            documents=1, failed=0 if error is None else 1, errors={error: 1} if error else {},
            reason=clean_reason(reason), subject=subject, results=results,
        ))


__all__ = ["Reidentifier"]
