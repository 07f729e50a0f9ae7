"""Gold notes for evaluation: read JSONL or BRAT standoff, write predictions as JSONL.

The data model is small: a ``GoldNote`` is an id, a text and its labelled spans; a ``GoldSpan`` is
``text[start:end]`` (end-exclusive) with a label, which may be a ``PhiType`` value or a foreign label
(i2b2's ``LOCATION-OTHER``...) that ``phideid.scoring`` maps later. Predictions use the same shapes, so a
predictions file can be read back as gold.

JSONL, one note per line (blank lines are skipped)::

    {"id": "n1", "text": "Seen by Dr. Wong on 7/22.", "spans": [{"start": 12, "end": 16, "label": "DOCTOR"},
                                                               {"start": 20, "end": 24, "label": "DATE"}]}

BRAT, a folder of ``NAME.txt``/``NAME.ann`` pairs; each text-bound annotation
``T1<TAB>LABEL START END[;START END...]<TAB>covered text`` gives one span per fragment (discontinuous
annotations are split into their fragments); other annotation kinds (relations, events, notes) are
ignored. Offsets count characters of the ``.txt`` file as stored (line ends are not translated).

Inline (``.notes``), for gold written by hand: each note starts with a header line ``### ID [KIND]``
and runs to the next header; PHI is marked in place as ``[[LABEL:text]]``, and the marks are removed from
the text (the note's text is stripped of leading and trailing blank lines)::

    ### icu-07 icu_nursing
    Wife [[RELATIVE:Edna]] called at 1400, updated by [[DOCTOR:Okafor]].

Gold text may be real PHI: every error names the file, the line (or annotation id) and the problem,
never the text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from phideid.errors import InputError
from phideid.types import Span


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """``text[start:end]`` carries PHI of kind ``label`` (end-exclusive)."""

    start: int
    end: int
    label: str

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True, slots=True)
class GoldNote:
    """One annotated (or predicted) note."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...]


def from_spans(spans: Iterable[Span]) -> tuple[GoldSpan, ...]:
    """Detector spans as gold-shaped spans labelled with their ``PhiType`` value, sorted."""
    return tuple(sorted((GoldSpan(s.start, s.end, s.phi_type.value) for s in spans),
                        key=lambda s: (s.start, s.end)))


def read_gold(path: str | Path, *, texts: str | Path | None = None) -> list[GoldNote]:
    """Read a JSONL or ``.notes`` file, a folder of ``.notes`` files, or a folder of BRAT pairs.

    With ``texts`` (a JSONL file of ``{"id", "text"}`` records), a JSONL gold may be standoff: records
    without ``text`` but with the ``sha256`` of the text they annotate take it from ``texts`` by id, so
    annotations of a corpus you may not redistribute can live apart from it.

    Raises
    ------
    InputError
        The path does not exist, a line or annotation is malformed, an id repeats, or a standoff text is
        missing or differs from the one annotated.
    """
    path = Path(path)
    if path.is_dir():
        inline = sorted(path.glob("*.notes"))
        if inline:
            seen: dict[str, str] = {}  # ids across the folder's files, each to the file that has it
            return [note for file in inline for note in _read_inline(file, seen)]
        return read_brat(path)
    if not path.is_file():
        raise InputError(f"gold {path} is neither a JSONL or .notes file nor a folder of BRAT files")
    if path.suffix == ".notes":
        return read_inline(path)
    return read_jsonl(path, texts=_text_source(Path(texts)) if texts is not None else None)


def _text_source(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for where, record in _json_records(path):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
            raise InputError(f"{where}: expected an object with 'id' and 'text'")
        out[str(record["id"])] = record["text"]
    return out


def _json_records(path: Path):
    """``(where, record)`` of each non-blank line of a JSONL file; a line that is no JSON is an error
    naming the file and line, never its content."""
    for number, line in enumerate(_lines(_read_text(path)), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            # exc.msg and the column are safe; str(exc) is too, but the document itself never is
            raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None


def read_jsonl(path: str | Path, *, texts: dict[str, str] | None = None) -> list[GoldNote]:
    """Read gold notes from JSONL: ``{"id", "text", "spans": [{"start", "end", "label"}]}`` per line.

    A record may give ``sha256`` instead of ``text`` when ``texts`` maps its id to the text.
    """
    path = Path(path)
    notes: list[GoldNote] = []
    seen: set[str] = set()
    for where, record in _json_records(path):
        if texts is not None and isinstance(record, dict) and "text" not in record and "sha256" in record:
            record = _with_text(record, texts, where)
        note = _note_from_record(record, where)
        if note.id in seen:
            raise InputError(f"{where}: id repeats an earlier line; ids must be unique")
        seen.add(note.id)
        notes.append(note)
    return notes


_NOTE_HEADER = re.compile(r"^### (\S+)(?: +(\S+))? *$")
_INLINE_MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def parse_inline(marked: str) -> tuple[str, tuple[GoldSpan, ...]]:
    """The plain text of ``[[LABEL:text]]``-marked text and its spans (marks never span a line break)."""
    parts: list[str] = []
    spans: list[GoldSpan] = []
    pos = out = 0
    for m in _INLINE_MARK.finditer(marked):
        parts.append(marked[pos : m.start()])
        out += m.start() - pos
        value = m.group(2)
        if value != value.strip() or "\n" in value:
            raise ValueError("a marked value has surrounding whitespace or a line break")
        spans.append(GoldSpan(out, out + len(value), m.group(1)))
        parts.append(value)
        out += len(value)
        pos = m.end()
    parts.append(marked[pos:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError("an unclosed or malformed [[LABEL:text]] mark")
    return text, tuple(spans)


def read_inline(path: str | Path) -> list[GoldNote]:
    """Read hand-written gold in the inline ``.notes`` format (see the module docstring)."""
    return _read_inline(Path(path), {})


def _read_inline(path: Path, seen: dict[str, str]) -> list[GoldNote]:
    notes: list[GoldNote] = []
    current: tuple[str, int] | None = None
    body: list[str] = []

    def finish() -> None:
        if current is None:
            return
        note_id, number = current
        where = f"{path.name} note at line {number}"
        try:
            text, spans = parse_inline("\n".join(body).strip("\n"))
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        if note_id in seen:
            earlier = "an earlier note" if seen[note_id] == path.name else f"a note of {seen[note_id]}"
            raise InputError(f"{where}: id repeats {earlier}; ids must be unique")
        seen[note_id] = path.name
        notes.append(GoldNote(note_id, text, spans))

    for number, line in enumerate(_lines(_read_text(path)), start=1):
        header = _NOTE_HEADER.match(line)
        if header:
            finish()
            current, body = (header.group(1), number), []
        elif current is not None:
            body.append(line)
        elif line.strip():
            raise InputError(f"{path.name} line {number}: text before the first '### ID' header")
    finish()
    return notes


def _with_text(record: dict, texts: dict[str, str], where: str) -> dict:
    text = texts.get(str(record.get("id")))
    if text is None:
        raise InputError(f"{where}: the texts file has no text of this record's id")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != record["sha256"]:
        raise InputError(f"{where}: the text of this id differs from the one annotated (sha256)")
    return {**record, "text": text}


def _note_from_record(record: object, where: str) -> GoldNote:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in ("id", "text", "spans") if key not in record]
    if missing:
        raise InputError(f"{where}: missing key(s) {', '.join(missing)}")
    note_id, text, raw_spans = record["id"], record["text"], record["spans"]
    if isinstance(note_id, bool) or not isinstance(note_id, str | int) or str(note_id) == "":
        raise InputError(f"{where}: 'id' must be a non-empty string or an integer")
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not isinstance(raw_spans, list):
        raise InputError(f"{where}: 'spans' must be a list, got {type(raw_spans).__name__}")
    spans = []
    for i, raw in enumerate(raw_spans, start=1):
        if not isinstance(raw, dict):
            raise InputError(f"{where}: span {i} must be an object, got {type(raw).__name__}")
        start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
        if not _is_int(start) or not _is_int(end):
            raise InputError(f"{where}: span {i} needs integer 'start' and 'end'")
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"{where}: span {i} needs a non-empty string 'label'")
        spans.append(_checked_span(start, end, label.strip(), len(text), f"{where}: span {i}"))
    return GoldNote(str(note_id), text, tuple(sorted(spans, key=lambda s: (s.start, s.end))))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _checked_span(start: int, end: int, label: str, length: int, where: str) -> GoldSpan:
    if not 0 <= start < end:
        raise InputError(f"{where}: offsets {start}..{end} must satisfy 0 <= start < end")
    if end > length:
        raise InputError(f"{where}: end {end} is past the end of the text ({length} characters)")
    return GoldSpan(start, end, label)


# T12<TAB>LABEL 10 15;17 20<TAB>covered text
_BRAT_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")


def read_brat(folder: str | Path) -> list[GoldNote]:
    """Read every ``*.txt`` of ``folder`` with its ``*.ann`` (sorted by name; the id is the file stem).

    A ``.txt`` without its ``.ann`` is an error (an unannotated note has an empty ``.ann``). Where an
    annotation repeats its covered text, it must match the offsets (whitespace runs compared as one
    space): a mismatch usually means the offsets were counted on different line ends or encodings.
    """
    folder = Path(folder)
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise InputError(f"BRAT folder {folder} holds no .txt files")
    notes = []
    for txt in texts:
        ann = txt.with_suffix(".ann")
        if not ann.is_file():
            raise InputError(f"{txt.name} has no {ann.name} beside it "
                             "(an unannotated note needs an empty one)")
        text = _read_text(txt, encoding="utf-8")  # a BOM is a character BRAT counts
        notes.append(GoldNote(txt.stem, text, _read_ann(ann, text)))
    return notes


def _read_ann(ann: Path, text: str) -> tuple[GoldSpan, ...]:
    spans: list[GoldSpan] = []
    for number, line in enumerate(_lines(_read_text(ann)), start=1):
        if not line.startswith("T"):
            continue  # relations, events, attributes, notes, comments: not spans
        where = f"{ann.name} line {number}"
        match = _BRAT_TEXT_BOUND.match(line)
        if match is None:
            raise InputError(f"{where}: malformed text-bound annotation (expected 'Tn<TAB>LABEL START END"
                             "[;START END]<TAB>text')")
        ann_id, label, offsets, covered = match.groups()
        where = f"{where} ({ann_id})"
        fragments = []
        for part in offsets.split(";"):
            start, end = (int(x) for x in part.split())
            fragments.append(_checked_span(start, end, label, len(text), where))
        if covered is not None:
            found = " ".join(text[f.start : f.end] for f in fragments)
            if _squash(found) != _squash(covered):
                raise InputError(f"{where}: the offsets do not cover the annotation's text "
                                 "(line ends or encoding counted differently?)")
        spans.extend(fragments)
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


def _squash(value: str) -> str:
    return " ".join(value.split())


def write_predictions(path: str | Path, notes: Sequence[GoldNote]) -> None:
    """Write ``notes`` (predicted spans) as JSONL in the gold format: same ids, texts and span shape."""
    path = Path(path)
    lines = [
        json.dumps({"id": n.id, "text": n.text, "spans": [s.as_dict() for s in n.spans]}, ensure_ascii=False)
        for n in notes
    ]
    try:
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write predictions to {path}: {exc.strerror}") from None


def _lines(content: str) -> list[str]:
    # not str.splitlines(): JSON strings may hold U+2028 and friends, which are no line ends here
    return [line.removesuffix("\r") for line in content.split("\n")]


def _read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 text (bad byte at offset {exc.start})") from None


__all__ = ["GoldNote", "GoldSpan", "from_spans", "read_brat", "read_gold", "read_jsonl", "write_predictions"]
