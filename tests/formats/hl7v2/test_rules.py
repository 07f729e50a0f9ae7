"""The rule tables are data: every entry must resolve to a type, an action or a PHI type."""

from __future__ import annotations

from phideid.formats.hl7v2.datatypes import DATATYPES, LEAF_ACTIONS
from phideid.formats.hl7v2.plan import DEFAULT_ROLE
from phideid.formats.hl7v2.rules import OBX_VALUE_TYPES, PHI_FREE, SEGMENTS
from phideid.types import PhiType

PHI_TYPES = {t.value for t in PhiType}


def _resolves(entry: str) -> bool:
    return entry in DATATYPES or entry in LEAF_ACTIONS or entry in PHI_TYPES


def test_every_component_rule_resolves():
    for name, components in DATATYPES.items():
        for number, rule in components.items():
            assert number >= 1 and _resolves(rule), (name, number, rule)


def test_every_field_spec_resolves():
    specs = [(seg, f, spec) for seg, table in SEGMENTS.items() for f, spec in table.items()]
    specs += [("OBX-5", t, spec) for t, spec in OBX_VALUE_TYPES.items()]
    for seg, f, spec in specs:
        type_, _, role = spec.partition(" ")
        assert _resolves(type_), (seg, f, spec)
        if role and type_ != "clear":
            assert role in PHI_TYPES, (seg, f, spec)


def test_the_fields_issue_4_names_are_covered():
    pid = SEGMENTS["PID"]
    for f in (2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 14, 18, 19, 20, 21, 23, 29):
        assert pid[f] != "keep", f
    for seg in ("PD1", "MRG", "NK1", "PV1", "PV2", "GT1", "IN1", "IN2", "ORC", "OBR", "OBX", "NTE", "DG1",
                "PR1", "TXA", "EVN", "MSH"):  # fmt: skip
        assert seg in SEGMENTS and seg not in PHI_FREE
    for f in (14, 16, 23, 24, 25):
        assert SEGMENTS["OBX"][f] != "keep"
    assert SEGMENTS["NTE"][3] == "text"


def test_default_roles_are_phi_types():
    assert set(DEFAULT_ROLE.values()) <= PHI_TYPES
