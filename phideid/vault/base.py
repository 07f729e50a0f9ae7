"""The vault contract: per-patient pseudonyms and date offsets, the surrogate key, the value map.

The vault is the only state of the engine. It holds, per patient, a random pseudonym and a random,
never-zero date offset (so intervals between one patient's dates hold across documents and processes),
the secret key that seeds every surrogate, and, where a policy keeps re-identification possible, the map
from surrogates back to originals. Originals and patient ids are stored only encrypted (AES-GCM) or as
keyed hashes: the database file alone reveals no PHI.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from phideid.types import PhiType

#: largest absolute date offset in days; offsets are drawn uniformly from [-MAX, -1] and [1, MAX].
#: Not 365: a shift of a whole year keeps every month and day, so it would hide nothing but the year.
MAX_DATE_OFFSET_DAYS = 364


def new_date_offset() -> int:
    """A random date offset in days, uniform over [-364, -1] and [1, 364]: never zero, never a year."""
    magnitude = secrets.randbelow(MAX_DATE_OFFSET_DAYS) + 1
    return magnitude if secrets.randbelow(2) else -magnitude


@dataclass(frozen=True)
class PatientRecord:
    """What the engine needs of one patient: a stable pseudonym and the patient's date offset."""

    pseudonym: str
    date_offset_days: int


@dataclass(frozen=True)
class OriginalValue:
    """One entry of the value map: ``surrogate`` stood for ``original`` in ``patient``'s documents."""

    patient: str | None  # the patient's pseudonym, None when the document named no patient
    phi_type: PhiType
    surrogate: str
    original: str = field(repr=False)


@dataclass(frozen=True)
class AuditRecord:
    """One re-identification or key operation; holds who, when, why and how much, never values."""

    at: datetime
    actor: str
    action: str
    reason: str
    results: int


class Vault(Protocol):
    def surrogate_key(self) -> bytes:
        """The secret 32-byte key that seeds surrogates; the same for every process on this vault."""

    def patient(self, patient_id: str) -> PatientRecord:
        """Get or create the record of ``patient_id``; race-free across processes."""

    def remember(self, entries: Sequence[OriginalValue]) -> None:
        """Store value-map entries (encrypted) in one transaction; duplicates are ignored."""

    def reidentify_patient(self, pseudonym: str, *, actor: str, reason: str) -> str | None:
        """The original patient id behind ``pseudonym``; audited; needs a non-empty reason."""

    def reidentify_value(
        self, surrogate: str, *, actor: str, reason: str, phi_type: PhiType | None = None,
        patient: str | None = None,
    ) -> list[OriginalValue]:
        """The originals a surrogate stood for; audited; needs a non-empty reason."""

    def rotate_key(self, new_secret: bytes, *, actor: str) -> None:
        """Re-wrap the vault's data keys under a new secret; surrogates stay the same."""

    def audit_log(self, limit: int = 100) -> list[AuditRecord]: ...

    def stats(self) -> dict[str, int]:
        """Counts of patients, value-map entries and audit records; no values."""

    def close(self) -> None: ...
