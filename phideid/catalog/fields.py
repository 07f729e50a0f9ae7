"""Fields: the common vocabulary the format walkers produce, and the dispatch from a file to its walker.

A file is read into ``Record`` s (an HL7 message, a FHIR resource or NDJSON line, a DICOM file, a CSV or
JSONL row), each a list of ``Leaf``: a field path, one value, and the ``FieldRule`` the engine would apply
to it (what it means, and how it is treated: replaced by the policy, scanned as free text, kept, removed).
Paths drop array indexes and repetitions, so the same field of every record aggregates into one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from phideid.types import PhiType


class Treatment(StrEnum):
    """What de-identification does to a field, before the policy is taken into account."""

    REPLACE = "replace"  # replaced by meaning: the policy's rule for ``phi_type`` decides how
    SCAN = "scan"  # free text: the detectors find the PHI in it, the policy replaces each span
    KEEP = "keep"  # passed on as it is
    REMOVE = "remove"  # removed or emptied by the format's rules (whatever the policy)
    UNKNOWN_REMOVED = "unknown_removed"  # unknown content dropped by default (Z-segment, extension, private)
    TOKEN = "token"  # replaced by a keyed token or remapped UID (whatever the policy)
    DUMMY = "dummy"  # replaced by a fixed dummy value (DICOM Annex E "D")
    NOT_WRITTEN = "not_written"  # an archive column ``phideid batch`` does not write


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How the engine reads one field: its meaning (``phi_type``, None when it has none) and treatment.

    ``rule`` names the rule in the format's terms (``XPN PATIENT``, ``HumanName(PATIENT)``, ``Annex E
    X/Z``); ``swept``: a kept value in which the handler still replaces the record's own identifying
    values (HL7 v2 does so outside MSH); ``routing``: a value the format keeps by design as routing or
    structure (HL7 v2 MSH and PHI-free segments, FHIR canonical URIs): the detectors do not read it (it
    is still searched for repeated identifying values).
    """

    treatment: Treatment
    phi_type: PhiType | None = None
    rule: str = ""
    swept: bool = False
    routing: bool = False


@dataclass(frozen=True, slots=True)
class Leaf:
    """One value of one field in one record. ``value`` is PHI: it is never printed or logged."""

    path: str
    value: str
    rule: FieldRule

    def __repr__(self) -> str:  # a leaf in a traceback or a test failure must not show its value
        return f"Leaf({self.path!r}, <{len(self.value)} chars>, {self.rule!r})"


Record = list[Leaf]

KEEP = FieldRule(Treatment.KEEP)
