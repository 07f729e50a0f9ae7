"""What a batch run reads: the files under INPUT, their formats, and the rows of JSONL/CSV archives.

A file's format comes from its extension (``.txt`` note, ``.hl7`` HL7 v2, ``.json``/``.ndjson`` FHIR,
``.dcm`` DICOM); a file without an extension is sniffed from its content by the engine (DICOM files often
have none). ``.jsonl`` and ``.csv`` files are archives: one note per row, in a text column. Names starting
with a dot are skipped (editor and OS litter, and phideid's own temporary files and manifest); other
extensions are reported as unsupported, never guessed.

Paths are relative, POSIX-style (``ward3/Smith_John.txt``): file names may hold PHI, so they are shown only
in the local error report and manifest beside the outputs, never on stderr or in logs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from phideid.errors import InputError

#: extension (lower case) -> engine format; "" (no extension) -> None: sniffed from the content
EXTENSION_FORMATS: dict[str, str | None] = {
    ".txt": "text", ".hl7": "hl7v2", ".json": "fhir", ".ndjson": "fhir", ".dcm": "dicom", "": None,
}
ARCHIVE_EXTENSIONS = (".jsonl", ".csv")
# a CSV cell may hold a whole note; the engine's own size limit applies after reading
csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class Source:
    """One input file: ``rel``, its path under INPUT; ``kind``: ``file``, ``archive`` or ``unsupported``."""

    rel: str
    path: Path
    kind: str
    format: str | None = None  # for files: the engine format, None to sniff


@dataclass(frozen=True)
class ArchiveColumns:
    """How to read an archive's rows, and which other columns may go to the output."""

    text: str
    id: str | None = None
    patient: str | None = None
    keep: tuple[str, ...] = ()  # other columns copied as they are (they may hold PHI: an explicit choice)
    keep_all: bool = False

    def kept(self, name: str) -> bool:
        if name == self.text or name == self.id:
            return True
        if name == self.patient:  # a patient key is PHI: kept only when named on purpose
            return name in self.keep
        return self.keep_all or name in self.keep

    def describe(self) -> dict[str, object]:
        return {"text": self.text, "id": self.id, "patient": self.patient, "keep": list(self.keep),
                "keep_all": self.keep_all}


@dataclass(frozen=True)
class Row:
    """One archive row: ``number`` counts data rows from 1; ``fields`` are every column, in order."""

    number: int
    fields: dict[str, object]
    text: str | None
    patient: str | None
    problem: InputError | None = None  # the row cannot be read; it goes to the error report

    def ident(self, columns: ArchiveColumns) -> object:
        return self.fields.get(columns.id) if columns.id else None


def classify(path: Path, rel: str) -> Source:
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_EXTENSIONS:
        return Source(rel, path, "archive")
    if suffix in EXTENSION_FORMATS:
        return Source(rel, path, "file", EXTENSION_FORMATS[suffix])
    return Source(rel, path, "unsupported")


def discover(root: Path, exclude: Path | None = None) -> list[Source]:
    """Every file under ``root`` (or ``root`` itself when it is a file), sorted by relative path."""
    if root.is_file():
        return [classify(root, root.name)]
    if not root.is_dir():
        raise InputError("INPUT is neither a folder nor a file")
    skip = exclude.resolve() if exclude is not None else None
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        # the output may sit inside the input: never read our own outputs back
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in files:
            if name.startswith("."):
                continue
            path = here / name
            if path.is_file():
                found.append(classify(path, path.relative_to(root).as_posix()))
    return sorted(found, key=lambda s: s.rel)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_rows(path: Path, columns: ArchiveColumns) -> Iterator[Row]:
    """The rows of a ``.jsonl`` or ``.csv`` archive; a row that cannot be read carries its ``problem``.

    Raises ``InputError`` when the archive as a whole cannot be read (not UTF-8, no text column).
    """
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(path, columns)
    else:
        yield from _jsonl_rows(path, columns)


def header(path: Path) -> list[str] | None:
    """A CSV archive's column names (None for JSONL, whose rows each name their own)."""
    if path.suffix.lower() != ".csv":
        return None
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f), [])
    except UnicodeDecodeError as exc:
        raise InputError(f"the archive is not UTF-8 (bad byte at offset {exc.start})") from None


def _row(number: int, fields: dict[str, object], columns: ArchiveColumns) -> Row:
    text = fields.get(columns.text)
    if not isinstance(text, str):
        problem = "has no text column" if text is None else "has a text column that is not a string"
        return Row(number, fields, None, None, InputError(f"the row {problem} ({columns.text!r})"))
    patient = fields.get(columns.patient) if columns.patient else None
    return Row(number, fields, text, None if patient in (None, "") else str(patient))


def _csv_rows(path: Path, columns: ArchiveColumns) -> Iterator[Row]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or columns.text not in reader.fieldnames:
                raise InputError(f"the CSV archive has no column {columns.text!r} (see --text-column)")
            for number, record in enumerate(reader, 1):
                if None in record:  # more cells than the header names
                    yield Row(number, {}, None, None, InputError("the row has more cells than the header"))
                    continue
                yield _row(number, dict(record), columns)
    except UnicodeDecodeError as exc:
        raise InputError(f"the archive is not UTF-8 (bad byte at offset {exc.start})") from None
    except csv.Error as exc:
        raise InputError(f"the CSV archive cannot be read ({exc.__class__.__name__})") from None


def _jsonl_rows(path: Path, columns: ArchiveColumns) -> Iterator[Row]:
    with open(path, "rb") as f:
        number = 0
        for line in f:
            if not line.strip():
                continue
            number += 1
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, ValueError):
                # the decoder's message quotes the line: say where, not what
                yield Row(number, {}, None, None, InputError("the row is not a JSON object in UTF-8"))
                continue
            if not isinstance(record, dict):
                yield Row(number, {}, None, None, InputError("the row is not a JSON object"))
                continue
            yield _row(number, record, columns)


def count_rows(path: Path) -> int:
    """Data rows of an archive, for the progress bar (a CSV cell may span lines, so parse it)."""
    try:
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as f:
                return max(sum(1 for _ in csv.reader(f)) - 1, 0)
        with open(path, "rb") as f:
            return sum(1 for line in f if line.strip())
    except (UnicodeDecodeError, csv.Error, OSError):
        return 0


__all__ = [
    "ARCHIVE_EXTENSIONS", "ArchiveColumns", "EXTENSION_FORMATS", "Row", "Source", "classify", "count_rows",
    "discover", "header", "read_rows", "sha256_file",
]
