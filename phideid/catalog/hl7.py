"""HL7 v2 messages into fields: ``PID-5.1`` (segment-field.component; ``.S`` added for subcomponents).

The rule of each value is read off the handler's own plan (``phideid.formats.hl7v2.plan``), so the
catalog says exactly what ``phideid deidentify`` does: a value the plan edits is replaced by its PHI type,
scanned as text or cleared; a value it does not edit is kept (and swept for the message's own names and
ids, outside MSH); a Z-segment is dropped unless kept by ``keep_segments``; a standard segment the rule
tables do not know loses its fields. Repetitions share one path.
"""

from __future__ import annotations

from collections.abc import Collection

from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment
from phideid.formats.hl7v2.datatypes import DATATYPES
from phideid.formats.hl7v2.er7 import Segment, parse_er7
from phideid.formats.hl7v2.escape import unescape
from phideid.formats.hl7v2.plan import NULL, Edit, plan
from phideid.formats.hl7v2.rules import PHI_FREE, SEGMENTS
from phideid.types import PhiType

_Z = FieldRule(Treatment.UNKNOWN_REMOVED, rule="Z-segment")
_STRIPPED = FieldRule(Treatment.REMOVE, rule="segment not in the rule tables")


def records(data: bytes, keep_segments: Collection[str] = ()) -> list[Record]:
    """The one record of an HL7 v2 message; ``FormatError`` (no values quoted) if it does not parse."""
    message = parse_er7(data)
    edits = plan(message, keep_segments)
    by_leaf = {(e.segment, e.field, e.rep, e.comp, e.sub): e for e in edits.edits}
    seps = message.separators
    out: Record = []
    for i, seg in enumerate(message.segments):
        first = 3 if seg.name == "MSH" else 1
        for f in range(first, len(seg.fields)):
            composite = _is_composite(seg, f)
            for r, c, s, raw in seg.leaves(f):
                if not raw or raw == NULL:
                    continue
                path = _path(seg, f, c, s, composite)
                if i in edits.drop:
                    rule = _Z
                elif i in edits.strip:
                    rule = _STRIPPED
                else:
                    rule = _rule(by_leaf.get((i, f, r, c, s)), seg, f)
                out.append(Leaf(path, unescape(raw, seps), rule))
    return [out]


def _is_composite(seg: Segment, f: int) -> bool:
    spec = SEGMENTS.get(seg.name, {}).get(f, "")
    if spec.split(" ")[0] in DATATYPES or (seg.name == "OBX" and f == 5):
        return True
    reps = seg.fields[f] or []
    return any(len(rep) > 1 for rep in reps)


def _path(seg: Segment, f: int, c: int, s: int, composite: bool) -> str:
    path = f"{seg.name}-{f}"
    if composite or c > 0:
        path += f".{c + 1}"
    subs = seg.fields[f]
    if s > 0 or (subs is not None and any(len(rep[c]) > 1 for rep in subs if c < len(rep))):
        path += f".{s + 1}"
    return path


def _rule(edit: Edit | None, seg: Segment, f: int) -> FieldRule:
    spec = SEGMENTS.get(seg.name, {}).get(f, "")
    name = f"{seg.name}-{f} {spec}".strip() if spec else f"{seg.name}-{f}"
    if edit is None:
        routing = seg.name == "MSH" or seg.name in PHI_FREE
        return FieldRule(Treatment.KEEP, rule=name, swept=not routing, routing=routing)
    if edit.action == "text":
        return FieldRule(Treatment.SCAN, rule=name)
    if edit.action == "clear":
        return FieldRule(Treatment.REMOVE, rule=f"{name}: cleared ({edit.kind or 'hl7_value'})")
    if edit.action == "date":
        return FieldRule(Treatment.REPLACE, PhiType.DATE, name)
    if edit.action == "street":
        return FieldRule(Treatment.REPLACE, PhiType.STREET, name)
    return FieldRule(Treatment.REPLACE, PhiType(edit.action), name)
