"""The ``hl7v2`` format handler: parse a message, hand its free text to the detectors, render it back.

Structured fields are replaced by meaning through the rule tables (``rules``, ``datatypes``); free-text
fields (OBX-5 text, NTE-3, descriptions) come back de-identified from the detectors. Then any name,
identifier, street, city, phone, e-mail, hospital or organization the structured fields held is also
replaced wherever it still occurs as a whole word (case-insensitive) in the free texts and in the values
the rules keep (outside MSH): the message itself says who the patient is, so a name the detectors missed
in a note, or a name a sender put in a coded field, is still caught. Name words shorter than 3 letters
and identifiers shorter than 4 characters are not swept (too many false hits).

Options (``format_options.hl7v2``):

``keep_segments``  Z-segment ids to keep (e.g. ``[ZPI]``); every value in them goes through the
                   detectors as free text. Other Z-segments are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from phideid.errors import ConfigError
from phideid.formats.base import FieldContext, formats, patient_key, texts_ok
from phideid.formats.hl7v2.er7 import BOM, START_BLOCK, Message, Segment, parse_er7, write_er7
from phideid.formats.hl7v2.escape import escape, unescape
from phideid.formats.hl7v2.plan import Edit, Plan, plan
from phideid.formats.hl7v2.rules import PHI_FREE
from phideid.types import PhiType

MEDIA_TYPE = "x-application/hl7-v2+er7"
_DTM = re.compile(r"\d{4}(?:\d{2}(?:\d{2}(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,4})?)?)?)?)?)?(?:[+-]\d{4})?")
_Z_ID = re.compile(r"Z[A-Z0-9]{2}")

_NAMES = frozenset({PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME})
_SWEPT_WHOLE = frozenset({
    PhiType.MEDICALRECORD, PhiType.SSN, PhiType.ACCOUNT, PhiType.HEALTHPLAN, PhiType.LICENSE, PhiType.IDNUM,
    PhiType.STREET, PhiType.CITY, PhiType.PHONE, PhiType.FAX, PhiType.EMAIL, PhiType.HOSPITAL,
    PhiType.ORGANIZATION,
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]{3,}")


def patient_id_of(message: Message) -> str | None:
    """The vault key from PID-3: the repetition typed MR, else the first; authority from CX-4."""
    seps = message.separators
    for _, pid in message.segments_named("PID"):
        reps = [rep for rep in (pid.fields[3] if len(pid.fields) > 3 else None) or () if rep and rep[0][0]]
        if not reps:
            return None
        chosen = next((rep for rep in reps if len(rep) > 4 and rep[4][0].strip().upper() == "MR"), reps[0])
        authority = ""
        if len(chosen) > 3:
            hd = chosen[3]
            authority = unescape(hd[0], seps) or (unescape(hd[1], seps) if len(hd) > 1 else "")
        return patient_key(unescape(chosen[0][0], seps), authority)
    return None


@dataclass
class Hl7Payload:
    """A parsed message, its plan and its free texts (in plan order)."""

    message: Message
    plan: Plan
    texts: Sequence[str]
    patient_id: str | None

    def render(self, fields: FieldContext, texts: Sequence[str]) -> bytes:
        texts_ok(texts, len(self.texts), "hl7v2")
        for _ in range(self.message.joined_lines):
            fields.flag("hl7v2_wrapped_line_joined")  # the field now holds a space where a line broke
        seps = self.message.separators
        segments = [_copy(seg) for seg in self.message.segments]
        swept: dict[str, PhiType] = {}
        text_edits: list[Edit] = []
        for edit in self.plan.edits:
            if edit.action == "text":
                text_edits.append(edit)
                continue
            seg = segments[edit.segment]
            raw = seg.leaf(edit.field, edit.rep, edit.comp, edit.sub)
            value = unescape(raw, seps)
            new = _replace(value, edit, fields, swept)
            if new != value:
                seg.set_leaf(edit.field, edit.rep, edit.comp, edit.sub, escape(new, seps))
        kept = self._kept_leaves(segments)
        # only values that occur at all in the texts or kept values go into the sweep's pattern
        haystack = "\x00".join([*(v for *_, v in kept), *texts]).lower()
        sweep = _sweeper({v: t for v, t in swept.items() if v in haystack})
        if sweep is not None:
            for seg, f, r, c, s, value in kept:
                new = sweep(value, fields)
                if new != value:
                    seg.set_leaf(f, r, c, s, escape(new, seps))
        for edit, original, text in zip(text_edits, self.texts, texts, strict=True):
            new = sweep(text, fields) if sweep is not None else text
            if new != original:
                segments[edit.segment].set_leaf(edit.field, edit.rep, edit.comp, edit.sub, escape(new, seps))
        out: list[Segment] = []
        for i, seg in enumerate(segments):
            if i in self.plan.drop:
                fields.remove("z_segment")
                continue
            if i in self.plan.strip:
                fields.remove("hl7_segment")
                seg = Segment(seg.name, [None])
            out.append(seg)
        return write_er7(replace(self.message, segments=out))


    def _kept_leaves(self, segments: list[Segment]) -> list[tuple[Segment, int, int, int, int, str]]:
        """The values the rules keep, unescaped, where the sweep also looks; MSH and PHI-free segments
        are routing and structure, never swept."""
        seps = self.message.separators
        edited = {(e.segment, e.field, e.rep, e.comp, e.sub) for e in self.plan.edits}
        found = []
        for i, seg in enumerate(segments):
            if seg.name == "MSH" or seg.name in PHI_FREE or i in self.plan.drop or i in self.plan.strip:
                continue
            for f in range(1, len(seg.fields)):
                for r, c, s, raw in seg.leaves(f):
                    if raw and (i, f, r, c, s) not in edited:
                        found.append((seg, f, r, c, s, unescape(raw, seps)))
        return found


Sweep = Callable[[str, FieldContext], str]


def _copy(seg: Segment) -> Segment:
    fields = [None if f is None else [[list(subs) for subs in rep] for rep in f] for f in seg.fields]
    return Segment(seg.name, fields)


def _replace(value: str, edit: Edit, fields: FieldContext, swept: dict[str, PhiType]) -> str:
    if edit.action == "clear":
        fields.remove(edit.kind or "hl7_value")
        return ""
    if edit.action == "date":
        if not _DTM.fullmatch(value.strip()):
            fields.remove("hl7_invalid_date")  # not a date/time: never passed on as written
            return ""
        new = fields.replace(value, PhiType.DATE)
        if new and not _DTM.fullmatch(new):
            # a policy label ("[90+ YEARS AGO]" under Safe Harbor, a redact tag) is no HL7 date: the field
            # is emptied rather than made invalid
            fields.remove("hl7_date_not_representable")
            return ""
        return new
    if edit.action == "street":
        phi = PhiType.STREET if any(c.isalpha() for c in value) else PhiType.IDNUM  # a bare house number
    else:
        phi = PhiType(edit.action)
    if phi in _NAMES:
        for word in _WORD.findall(value):
            swept.setdefault(word.lower(), phi)
    elif phi in _SWEPT_WHOLE and len(value.strip()) >= 4:
        swept.setdefault(value.strip().lower(), phi)
    return fields.replace(value, phi)


def _sweeper(swept: dict[str, PhiType]) -> Sweep | None:
    """A function replacing every swept value in a text, as a whole word; None when nothing to sweep."""
    if not swept:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(swept, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def sweep(text: str, fields: FieldContext) -> str:
        return pattern.sub(lambda m: fields.replace(m.group(), swept[m.group().lower()]), text)

    return sweep


@formats.register("hl7v2")
class Hl7v2Handler:
    """HL7 v2 messages in ER7 (pipe-and-hat) encoding, optionally MLLP-framed."""

    name = "hl7v2"
    media_type = MEDIA_TYPE

    def __init__(self, options: Mapping[str, object] | None = None) -> None:
        options = dict(options or {})
        unknown = sorted(set(options) - {"keep_segments"})
        if unknown:
            raise ConfigError(f"format hl7v2: unknown options: {', '.join(unknown)}; known: keep_segments")
        keep = options.get("keep_segments", [])
        if isinstance(keep, str) or not isinstance(keep, Sequence):
            raise ConfigError("format hl7v2: keep_segments must be a list of Z-segment ids such as ZPI")
        bad = [s for s in keep if not isinstance(s, str) or not _Z_ID.fullmatch(s)]
        if bad:
            raise ConfigError("format hl7v2: keep_segments takes Z-segment ids only (Z and 2 letters/digits)")
        self.keep_segments = frozenset(keep)

    def sniff(self, data: bytes) -> bool:
        head = data[:16].lstrip(b" \t\r\n" + START_BLOCK)
        head = head.removeprefix(BOM.encode("utf-8"))
        return head.startswith(b"MSH") and len(head) > 3 and not chr(head[3]).isalnum()

    def parse(self, data: bytes) -> Hl7Payload:
        message = parse_er7(data)
        edits = plan(message, self.keep_segments)
        seps = message.separators
        texts = [
            unescape(message.segments[e.segment].leaf(e.field, e.rep, e.comp, e.sub), seps)
            for e in edits.edits
            if e.action == "text"
        ]
        return Hl7Payload(message, edits, texts, patient_id_of(message))
