"""What to do to each value of a message, read off the rule tables: a list of ``Edit`` per leaf.

``plan(message, keep_segments)`` walks every segment once. ``parse`` uses the plan to collect the free
texts (in plan order) and ``render`` applies it, so both read the message the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from phideid.formats.hl7v2.datatypes import DATATYPES, LEAF_ACTIONS
from phideid.formats.hl7v2.er7 import Components, Message, Segment
from phideid.formats.hl7v2.rules import OBX_VALUE_TYPES, PHI_FREE, SEGMENTS
from phideid.types import PhiType

#: the PHI type of an identifier by its type code (CX-5, HL7 table 0203); others use the field's default
ID_TYPES: dict[str, PhiType] = {
    "SS": PhiType.SSN,
    **dict.fromkeys(("MR", "MRT", "PI", "PT", "PN", "PE"), PhiType.MEDICALRECORD),
    **dict.fromkeys(("AN", "AND", "ANON", "ANC", "AM", "VN", "BA", "BC", "BCT"), PhiType.ACCOUNT),
    **dict.fromkeys(("DL", "DN", "LN", "LR", "MD", "NPI", "DEA", "SL", "SR"), PhiType.LICENSE),
    **dict.fromkeys(("NI", "NH", "MA", "MC", "MB", "MCD", "MCR", "SN", "HC", "JHN"), PhiType.HEALTHPLAN),
}

#: the role a type's names or ids have when the table names none
DEFAULT_ROLE = {"XPN": "NAME", "XCN": "DOCTOR", "PPN": "DOCTOR", "NDL": "DOCTOR", "CX": "MEDICALRECORD",
                "EI": "IDNUM", "EIP": "IDNUM", "XON": "ORGANIZATION"}  # fmt: skip

NULL = '""'  # HL7's explicit null: "delete the value", not PHI


@dataclass(frozen=True, slots=True)
class Edit:
    """One leaf to change: where (segment index, field, repetition, component, subcomponent) and how.

    ``action`` is ``text`` (free text), ``clear`` (emptied, reported as ``kind``), ``date``, ``street``
    or a ``PhiType`` value."""

    segment: int
    field: int
    rep: int
    comp: int
    sub: int
    action: str
    kind: str = ""


@dataclass
class Plan:
    edits: list[Edit] = field(default_factory=list)
    drop: set[int] = field(default_factory=set)  # Z-segments removed whole
    strip: set[int] = field(default_factory=set)  # unknown standard segments: the id stays, fields go


def plan(message: Message, keep_segments: Collection[str] = ()) -> Plan:
    """The edits for ``message`` (see ``rules`` for the fail-closed defaults)."""
    out = Plan()
    for i, seg in enumerate(message.segments):
        if seg.is_z:
            if seg.name in keep_segments:
                out.edits.extend(_every_leaf(i, seg, "text"))
            else:
                out.drop.add(i)
            continue
        if seg.name in PHI_FREE:
            continue
        table = SEGMENTS.get(seg.name)
        if table is None:
            if seg.field_count() > 0:
                out.strip.add(i)
            continue
        first = 3 if seg.name == "MSH" else 1  # MSH-1 and MSH-2 are the separators
        for f in range(first, len(seg.fields)):
            if seg.fields[f] is None:
                continue
            spec = _obx_value(seg) if (seg.name == "OBX" and f == 5) else table.get(f)
            if spec is None:
                out.edits.extend(_field_leaves(i, seg, f, "clear", "hl7_field"))
            else:
                out.edits.extend(_field(i, seg, f, spec))
    return out


def _obx_value(seg: Segment) -> str:
    value_type = seg.leaf(2).strip().upper()
    if not value_type:
        return "text"  # a value without a type is read as text rather than passed on unread
    if value_type in ("ED", "RP"):
        return "clear obx_payload"
    return OBX_VALUE_TYPES.get(value_type, "clear obx_value")


def _every_leaf(i: int, seg: Segment, action: str) -> Iterator[Edit]:
    for f in range(1, len(seg.fields)):
        yield from _field_leaves(i, seg, f, action, "")


def _field_leaves(i: int, seg: Segment, f: int, action: str, kind: str) -> Iterator[Edit]:
    for r, c, s, raw in seg.leaves(f):
        if raw and raw != NULL:
            yield Edit(i, f, r, c, s, action, kind)


def _field(i: int, seg: Segment, f: int, spec: str) -> Iterator[Edit]:
    type_, _, role = spec.partition(" ")
    if type_ == "keep":
        return
    if type_ == "clear":
        yield from _field_leaves(i, seg, f, "clear", role or "hl7_value")
        return
    role = role or DEFAULT_ROLE.get(type_, "NAME")
    composite = DATATYPES.get(type_)
    for r, rep in enumerate(seg.fields[f] or ()):
        if composite is None:  # a simple type: every leaf gets the same action
            for c, subs in enumerate(rep):
                for s, raw in enumerate(subs):
                    yield from _leaf(i, f, r, c, s, raw, type_, role, rep)
            continue
        for c, subs in enumerate(rep):
            rule = composite.get(c + 1, "clear")
            inner = DATATYPES.get(rule)
            for s, raw in enumerate(subs):
                leaf_rule = rule
                if inner is not None:
                    leaf_rule = inner.get(s + 1, "clear")
                    while leaf_rule in DATATYPES:  # a composite inside a subcomponent: its first part
                        leaf_rule = DATATYPES[leaf_rule][1]
                yield from _leaf(i, f, r, c, s, raw, leaf_rule, role, rep)


def _leaf(
    i: int, f: int, r: int, c: int, s: int, raw: str, rule: str, role: str, rep: Components
) -> Iterator[Edit]:
    if not raw or raw == NULL or rule == "keep":
        return
    if rule in ("clear", "text", "date", "street"):
        yield Edit(i, f, r, c, s, rule, "hl7_value" if rule == "clear" else "")
        return
    if rule == "role":
        rule = role
    elif rule == "id":
        code = rep[4][0].strip().upper() if len(rep) > 4 else ""
        phi = ID_TYPES.get(code)
        rule = phi.value if phi is not None else role
    elif rule == "authority":
        if not any(ch.isspace() for ch in raw.strip()):
            return
        rule = PhiType.HOSPITAL.value
    elif rule == "phone":
        codes = {rep[k][0].strip().upper() for k in (1, 2) if len(rep) > k}
        rule = PhiType.FAX.value if "FX" in codes else PhiType.PHONE.value
    if rule in LEAF_ACTIONS:  # a role that is itself an action cannot happen; fail closed if it does
        yield Edit(i, f, r, c, s, "clear", "hl7_value")
        return
    yield Edit(i, f, r, c, s, PhiType(rule).value)
