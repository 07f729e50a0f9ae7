"""What the active policy does to a field, and whether PHI in it would pass through unchanged.

A field's ``FieldRule`` says how the format handler treats it; for values replaced by meaning the policy's
rule for that PHI type decides (surrogate, generalize, redact, or keep). A field is ``UNCOVERED`` when it
holds PHI (any evidence) and one of its treatments passes that PHI on unchanged:

- the handler keeps the value (a ``keep`` rule, an unknown FHIR element, a DICOM attribute the profile
  keeps, an archive column batch copies), unless the only evidence is a repeated identifying value and the
  handler sweeps those out of kept values (HL7 v2 outside MSH);
- the value is replaced by meaning, but the policy keeps that type;
- the value is free text and the detectors found a type the policy keeps.
"""

from __future__ import annotations

from collections.abc import Set

from phideid.catalog.classify import CONTENT, is_phi
from phideid.catalog.fields import FieldRule, Treatment
from phideid.policy import Action, Policy
from phideid.types import PhiType

_FIXED = {
    Treatment.SCAN: "free text: scanned by detectors",
    Treatment.REMOVE: "removed",
    Treatment.UNKNOWN_REMOVED: "removed (unknown content)",
    Treatment.TOKEN: "replaced by a keyed token",
    Treatment.DUMMY: "replaced by a dummy value",
    Treatment.NOT_WRITTEN: "not written by batch",
}


def action(rule: FieldRule, policy: Policy) -> str:
    """The policy action for one field rule, in words (never a value)."""
    if rule.treatment is Treatment.REPLACE and rule.phi_type is not None:
        done = policy.rule(rule.phi_type)
        if done.action is Action.KEEP:
            return f"kept (policy keeps {rule.phi_type.value})"
        return f"{done.action.value} {rule.phi_type.value} ({done.using})"
    if rule.treatment is Treatment.REPLACE:
        return "replaced"
    if rule.treatment is Treatment.KEEP:
        return "kept (values of identifying fields swept)" if rule.swept else "kept"
    return _FIXED[rule.treatment]


def passes_phi(rule: FieldRule, policy: Policy, found: dict[PhiType, Set[str]]) -> bool:
    """Whether PHI ``found`` in the field (type -> evidence kinds) passes through under ``rule``."""
    phi_found = {t: ev for t, ev in found.items() if is_phi(t)}
    if not phi_found:
        return False
    if rule.treatment is Treatment.KEEP:
        if rule.swept:  # the handler replaces the record's identifying values in kept fields too
            return any(ev - {"repeats"} for ev in phi_found.values())
        return True
    if rule.treatment is Treatment.REPLACE:
        return rule.phi_type is not None and is_phi(rule.phi_type) and (
            policy.rule(rule.phi_type).action is Action.KEEP
        )
    if rule.treatment is Treatment.SCAN:
        return any(CONTENT in ev and policy.rule(t).action is Action.KEEP for t, ev in phi_found.items())
    return False
