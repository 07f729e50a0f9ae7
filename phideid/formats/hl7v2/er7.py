"""The ER7 (pipe-and-hat) object model of one HL7 v2 message, read and written without losing a byte.

A ``Message`` is a list of ``Segment``; a segment's ``fields[i]`` is field *i* in HL7 numbering (index 0
unused), each a list of repetitions, each a list of components, each a list of subcomponents, each a
*raw* (still escaped) string. Splitting and joining raw strings is lossless, so a message read and written
back without changes is byte-identical except that every segment ends in ``\\r``. For MSH, field 1 is the
field separator and field 2 the encoding characters, both as written.

Reading is lenient: an MLLP frame (``\\x0b ... \\x1c\\r``), a UTF-8 byte order mark, ``\\r``, ``\\n`` or
``\\r\\n`` segment ends and blank lines are accepted and remembered so the message is written back alike.

Decoding policy: the bytes are UTF-8; when they are not, and MSH-18 declares a single-byte character set
(``8859/1``, ``8859/15``, ``CP1252``), that set is used; anything else is refused with
``Hl7EncodingError``. The message is written back in the character set it was read in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from phideid.errors import DeidentificationError
from phideid.formats.hl7v2.er7_separators import Separators
from phideid.formats.hl7v2.errors import (
    Hl7EncodingError,
    MissingHeaderError,
    MllpError,
    SegmentError,
    SeparatorError,
)

Subcomponents = list[str]
Components = list[Subcomponents]
Repetitions = list[Components]

BOM = "\ufeff"
START_BLOCK, END_BLOCK = b"\x0b", b"\x1c"
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{2}")
_SEGMENT_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9]{2}")
_LINES = re.compile(r"\r\n|\r|\n")

#: single-byte character sets (MSH-18 values) accepted when the bytes are not UTF-8, and their codec
SINGLE_BYTE_CHARSETS = {
    "8859/1": "latin-1", "8859/15": "iso8859-15", "CP1252": "cp1252", "WINDOWS-1252": "cp1252",
}  # fmt: skip


@dataclass
class Segment:
    """One segment: its id and its fields (``fields[0]`` is None so indices follow HL7 numbering)."""

    name: str
    fields: list[Repetitions | None]

    @property
    def is_z(self) -> bool:
        return self.name.startswith("Z")

    def field_count(self) -> int:
        return len(self.fields) - 1

    def leaf(self, f: int, r: int = 0, c: int = 0, s: int = 0) -> str:
        """The raw text at field ``f`` (1-based), repetition ``r``, component ``c``, subcomponent ``s``
        (0-based); "" when absent."""
        try:
            return self.fields[f][r][c][s]  # type: ignore[index]
        except (IndexError, TypeError):
            return ""

    def set_leaf(self, f: int, r: int, c: int, s: int, raw: str) -> None:
        self.fields[f][r][c][s] = raw  # type: ignore[index]

    def leaves(self, f: int) -> Iterator[tuple[int, int, int, str]]:
        """Every (repetition, component, subcomponent, raw) of field ``f``."""
        if f >= len(self.fields) or self.fields[f] is None:
            return
        for r, rep in enumerate(self.fields[f]):  # type: ignore[arg-type]
            for c, comp in enumerate(rep):
                for s, raw in enumerate(comp):
                    yield r, c, s, raw


@dataclass
class Message:
    """One HL7 v2 message and how it was framed, so it can be written back alike."""

    separators: Separators
    segments: list[Segment]
    codec: str = "utf-8"
    bom: bool = False
    mllp: bool = False
    terminated: bool = True  # the last segment had a segment end
    joined_lines: int = 0  # line breaks inside a segment (a wrapped field) read as one space each

    @property
    def header(self) -> Segment:
        return self.segments[0]

    def segments_named(self, name: str) -> Iterator[tuple[int, Segment]]:
        for i, seg in enumerate(self.segments):
            if seg.name == name:
                yield i, seg


def split_field(raw: str, seps: Separators) -> Repetitions:
    return [
        [comp.split(seps.subcomponent) for comp in rep.split(seps.component)]
        for rep in raw.split(seps.repetition)
    ]


def join_field(value: Repetitions | None, seps: Separators) -> str:
    if value is None:
        return ""
    return seps.repetition.join(
        seps.component.join(seps.subcomponent.join(subs) for subs in rep) for rep in value
    )


def unframe_lenient(data: bytes) -> tuple[bytes, bool]:
    """Strip one MLLP frame if the payload is framed (a missing trailing ``\\r`` is forgiven)."""
    body = data.strip(b" \t")
    if not body.startswith(START_BLOCK):
        return data, False
    body = body[1:]
    if body.endswith(END_BLOCK + b"\r"):
        return body[:-2], True
    if body.endswith(END_BLOCK):
        return body[:-1], True
    raise MllpError("HL7 v2: the MLLP frame has a start block but no end block (0x1C)")


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the codec it was read with (see the module docstring)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    charset = _declared_charset(data)
    codec = SINGLE_BYTE_CHARSETS.get(charset or "")
    if codec is None:
        raise Hl7EncodingError(
            f"HL7 v2: byte {bad} is not UTF-8 and MSH-18 declares no single-byte character set"
            f" ({', '.join(sorted(SINGLE_BYTE_CHARSETS))} are read)"
        ) from None
    return data.decode(codec), codec


def _declared_charset(data: bytes) -> str | None:
    head = data.split(b"\r", 1)[0].split(b"\n", 1)[0].decode("latin-1")
    if not head.startswith("MSH") or len(head) < 4:
        return None
    parts = head.split(head[3])
    if len(parts) <= 17:
        return None
    return parts[17].split("^")[0].split("~")[0].strip().upper() or None


def parse_er7(data: bytes) -> Message:
    """Read one message (see the module docstring); ``Hl7FormatError`` subclasses on malformed input."""
    body, framed = unframe_lenient(data)
    bom = body.startswith(b"\xef\xbb\xbf")
    if bom:
        body = body[3:]
    text, codec = decode(body)
    lines = _LINES.split(text)
    terminated = len(lines) > 1 and lines[-1] == ""
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not lines[0].startswith("MSH"):
        raise MissingHeaderError("HL7 v2: the message does not start with an MSH segment")
    header = lines[0]
    if len(header) < 8:
        raise SeparatorError("HL7 v2: MSH is too short to carry MSH-1 and MSH-2")
    sep = header[3]
    encoding = header[4:].split(sep, 1)[0]
    seps = Separators.read(sep, encoding)
    body_lines, joined = _join_wrapped([header, *(line for line in lines[1:] if line.strip())], sep)
    segments = [_header(body_lines[0], seps)]
    # blank lines between segments are noise, not segments
    segments.extend(_segment(line, number, seps) for number, line in enumerate(body_lines[1:], start=2))
    return Message(seps, segments, codec, bom, framed, terminated, joined)


def _join_wrapped(lines: list[str], sep: str) -> tuple[list[str], int]:
    """Lines that start no segment (no segment id and field separator) continue the one before: interfaces
    export a long field wrapped onto the next line. Joined with a space, so no two words run together
    and hide a name from the detectors; counted, so the report can flag it."""
    out = [lines[0]]
    joined = 0
    for line in lines[1:]:
        if _SEGMENT_LIKE.fullmatch(line[:3]) and (len(line) == 3 or line[3] == sep):
            out.append(line)  # a segment, or one with a malformed id ("pid|"), which _segment refuses
        else:
            out[-1] = f"{out[-1]} {line}"
            joined += 1
    return out, joined


def _header(line: str, seps: Separators) -> Segment:
    parts = line[4:].split(seps.field)
    fields: list[Repetitions | None] = [None, [[[seps.field]]], [[[parts[0]]]]]
    fields.extend(split_field(raw, seps) for raw in parts[1:])
    return Segment("MSH", fields)


def _segment(line: str, number: int, seps: Separators) -> Segment:
    name = line[:3]
    if not _SEGMENT_ID.fullmatch(name) or (len(line) > 3 and line[3] != seps.field):
        raise SegmentError(
            f"HL7 v2: segment {number} does not start with a segment id and the field separator"
        )
    if name == "MSH":
        raise SegmentError(f"HL7 v2: segment {number} is a second MSH; send one message per payload")
    fields: list[Repetitions | None] = [None]
    if len(line) > 3:
        fields.extend(split_field(raw, seps) for raw in line[4:].split(seps.field))
    return Segment(name, fields)


def write_segment(seg: Segment, seps: Separators) -> str:
    if seg.name == "MSH":
        rest = [join_field(f, seps) for f in seg.fields[3:]]
        return "MSH" + seps.field + seps.encoding_characters + "".join(seps.field + r for r in rest)
    return seg.name + "".join(seps.field + join_field(f, seps) for f in seg.fields[1:])


def write_er7(message: Message) -> bytes:
    """The message as bytes, framed and encoded as it was read, every segment ended by ``\\r``."""
    text = "\r".join(write_segment(seg, message.separators) for seg in message.segments)
    if message.terminated:
        text += "\r"
    try:
        out = text.encode(message.codec)
    except UnicodeEncodeError:
        raise DeidentificationError(
            f"HL7 v2: a replacement cannot be written in the message's character set ({message.codec})"
        ) from None
    if message.bom:
        out = b"\xef\xbb\xbf" + out
    if message.mllp:
        out = START_BLOCK + out + END_BLOCK + b"\r"
    return out
