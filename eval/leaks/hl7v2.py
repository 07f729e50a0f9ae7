"""Leak oracle for HL7 v2: the patient identifiers of an input message, and whether an output is valid.

``identifiers`` reads a handful of fields directly (its own small splitter, not the handler's rule
tables, so a field the rules forget is caught): the patient's names, ids, birth date, address and phones
(PID), the next of kin's names and address (NK1), the guarantor's name (GT1), merged ids (MRG),
attending/referring/consulting/admitting clinicians (PV1-7/8/9/17), ordering and result clinicians
(ORC-12, OBR-16, OBX-16), and the patient's facility (PV1-3.4). Values with fewer than 3 letters or
digits (5 for numbers) are left out: they cannot be told apart from chance in an output, and so are
values equal to the sending or receiving application's name (MSH-3/MSH-5: systems, not people).
Compare them against an output as whole words, case-insensitively (``leaked``).

``problems`` checks that the output parses, keeps MSH-1/2 and the message type and control id, and has the
input's segments in order less the dropped Z-segments. Its messages name places, never values.
"""

from __future__ import annotations

import re

from eval.leaks import occurs
from phideid.errors import FormatError
from phideid.formats.hl7v2.er7 import Message, join_field, parse_er7

_SEG_END = re.compile(r"\r\n|\r|\n")

#: (segment, field, components) picked as identifiers; components are 1-based, 0 means the whole field
_PICKS: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("PID", 2, (1,)), ("PID", 3, (1,)), ("PID", 4, (1,)), ("PID", 5, (1, 2)), ("PID", 6, (1, 2)),
    ("PID", 9, (1, 2)), ("PID", 11, (1, 3, 5)), ("PID", 13, (1, 4, 7, 12)), ("PID", 14, (1, 4, 7, 12)),
    ("PID", 18, (1,)), ("PID", 19, (0,)), ("PID", 20, (1,)),
    ("NK1", 2, (1, 2)), ("NK1", 4, (1, 3, 5)), ("NK1", 5, (1, 7)), ("NK1", 30, (1, 2)),
    ("GT1", 3, (1, 2)), ("GT1", 5, (1, 3, 5)), ("GT1", 12, (0,)),
    ("MRG", 1, (1,)), ("MRG", 7, (1, 2)),
    ("PV1", 7, (2, 3)), ("PV1", 8, (2, 3)), ("PV1", 9, (2, 3)), ("PV1", 17, (2, 3)), ("PV1", 3, (4,)),
    ("PV1", 19, (1,)),
    ("ORC", 12, (2, 3)), ("OBR", 16, (2, 3)), ("OBX", 16, (2, 3)), ("PD1", 4, (2, 3)),
)  # fmt: skip


def _lines(data: bytes) -> list[str]:
    text = data.strip(b"\x0b\x1c\r\n ").decode("utf-8-sig", errors="replace")
    return [line for line in _SEG_END.split(text) if line.strip()]


def identifiers(data: bytes) -> set[str]:
    """The patient identifiers of one input message (see the module docstring)."""
    lines = _lines(data)
    if not lines or not lines[0].startswith("MSH") or len(lines[0]) < 8:
        return set()
    fs = lines[0][3]
    cs, rs, _esc, ss = lines[0][4:8]
    found: set[str] = set()
    for line in lines:
        fields = line.split(fs)
        for seg, number, comps in _PICKS:
            if fields[0] != seg or number >= len(fields):
                continue
            for rep in fields[number].split(rs):
                parts = rep.split(cs)
                for c in comps:
                    value = rep if c == 0 else (parts[c - 1] if c <= len(parts) else "")
                    found.add(value.split(ss)[0].strip())  # a surname or street line: its first part
        if fields[0] == "PID" and len(fields) > 7 and fields[7][:8].isdigit():
            found.add(fields[7][:8])  # the birth date, to the day
    systems = {lines[0].split(fs)[k].split(cs)[0] for k in (2, 4) if len(lines[0].split(fs)) > k}
    return {v for v in found if _telling(v) and v not in systems}


def _telling(value: str) -> bool:
    """Long enough to be told apart from chance: 3+ letters or digits, and 5+ when digits only."""
    alnum = sum(ch.isalnum() for ch in value)
    return alnum >= (5 if value.replace("-", "").isdigit() else 3) and value != '""'


def leaked(found: set[str], output: bytes) -> set[str]:
    """The identifiers in ``found`` that occur in ``output`` as whole words, case-insensitively."""
    text = output.decode("utf-8", errors="replace").lower()
    return {v for v in found if occurs(v, text)}


def problems(original: bytes, output: bytes) -> list[str]:
    """Validity problems of ``output`` as the de-identified ``original`` (places only, never values)."""
    try:
        before = parse_er7(original)
    except FormatError as exc:
        return [f"the input does not parse ({exc.__class__.__name__})"]
    try:
        after = parse_er7(output)
    except FormatError as exc:
        return [f"the output does not parse ({exc.__class__.__name__})"]
    out: list[str] = []
    if after.separators != before.separators:
        out.append("MSH-1/MSH-2: the separators changed")
    for f in (9, 10, 11, 12):
        if _field(before, f) != _field(after, f):
            out.append(f"MSH-{f} changed")
    expected = [s.name for s in before.segments if not s.is_z]
    kept_z = [s.name for s in after.segments if s.is_z]
    names = [s.name for s in after.segments if not s.is_z]
    if names != expected:
        out.append(f"segments: {len(names)} standard segments out for {len(expected)} in, or out of order")
    extra = [z for z in kept_z if z not in {s.name for s in before.segments}]
    if extra:
        out.append(f"segments: {len(extra)} Z-segments out that were not in")
    return out


def _field(message: Message, f: int) -> str:
    fields = message.header.fields
    return join_field(fields[f], message.separators) if f < len(fields) else ""
