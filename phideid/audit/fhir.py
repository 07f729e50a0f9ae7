"""Audit records as FHIR R4 ``AuditEvent`` resources (and a ``collection`` Bundle of them).

The subtype is the ISO 21089 lifecycle event (``deidentify``, ``pseudonymize``, ``reidentify``), as the
IHE De-Identification handbook's audit profile has it; counts travel as ``entity.detail`` strings. Nothing
is added that the record does not hold, so a resource holds no PHI either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from phideid.audit.event import AuditEvent

LIFECYCLE = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle"
DCM = "http://dicom.nema.org/resources/ontology/DCM"
_TYPE = {
    "rotate-key": {"system": DCM, "code": "110100", "display": "Application Activity"},
    "read-audit": {"system": DCM, "code": "110101", "display": "Audit Log Used"},
}
_RECORD_TYPE = {"system": DCM, "code": "110110", "display": "Patient Record"}
_SUBTYPE_DISPLAY = {
    "deidentify": "De-Identify (Anononymize) Record Lifecycle Event",
    "pseudonymize": "Pseudonymize Record Lifecycle Event",
    "reidentify": "Re-identify Record Lifecycle Event",
}
#: FHIR AuditEvent.action: E execute (transform), R read (disclose originals)
_ACTION = {"deidentify": "E", "pseudonymize": "E", "reidentify": "R", "rotate-key": "U", "read-audit": "R"}
#: FHIR AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure
_OUTCOME = {"success": "0", "partial": "4", "denied": "4", "failure": "8"}


def audit_event_resource(event: AuditEvent) -> dict[str, Any]:
    details = [("documents", event.documents), ("failed", event.failed)]
    details += [(f"phi.{name}", count) for name, count in sorted(event.phi.items())]
    details += [(f"format.{name}", count) for name, count in sorted(event.formats.items())]
    details += [(f"error.{name}", count) for name, count in sorted(event.errors.items())]
    if event.action == "reidentify":
        details.append(("originals-disclosed", event.results))
    entity: dict[str, Any] = {
        "what": {"display": event.subject or f"{event.documents} document(s)"},
        "detail": [{"type": name, "valueString": str(value)} for name, value in details],
    }
    if event.policy:
        entity["description"] = f"policy {event.policy}"
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": event.id,
        "type": _TYPE.get(event.action, _RECORD_TYPE),
        "action": _ACTION[event.action],
        "recorded": event.at.astimezone(UTC).isoformat(timespec="milliseconds"),
        "outcome": _OUTCOME[event.outcome],
        "outcomeDesc": event.outcome,
        "agent": [{"who": {"identifier": {"value": event.actor}}, "requestor": True}],
        "source": {"observer": {"display": f"phideid {event.engine} ({event.channel})"},
                   "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type",
                             "code": "4", "display": "Application Server"}]},
        "entity": [entity],
    }
    if event.action in _SUBTYPE_DISPLAY:
        resource["subtype"] = [{"system": LIFECYCLE, "code": event.action,
                                "display": _SUBTYPE_DISPLAY[event.action]}]
    if event.reason:
        resource["purposeOfEvent"] = [{"text": event.reason}]
    return resource


def audit_bundle(events: Iterable[AuditEvent]) -> dict[str, Any]:
    entries = [{"fullUrl": f"urn:uuid:{_uuid(e.id)}", "resource": audit_event_resource(e)} for e in events]
    return {"resourceType": "Bundle", "type": "collection", "total": len(entries), "entry": entries}


def _uuid(hex32: str) -> str:
    h = hex32.ljust(32, "0")[:32]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


__all__ = ["audit_bundle", "audit_event_resource"]
