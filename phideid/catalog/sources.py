"""From input paths to records: which files to read, in which format, through which walker.

Folders are read recursively, in sorted order; names starting with a dot are skipped. A file's format is
``csv`` or ``jsonl`` by its extension, else sniffed from its content by the engine's handlers (HL7 v2,
FHIR, DICOM); a ``.txt`` file is one note. Anything else (a JSON file that is not FHIR, a licence) is
skipped and counted. File names may hold PHI: they are never reported, only counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from phideid.catalog import dicom, fhir, hl7, tabular
from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment
from phideid.errors import InputError
from phideid.formats import FormatHandler, sniff_format

FORMATS = ("csv", "jsonl", "hl7v2", "fhir", "dicom", "text")
_NOTE = FieldRule(Treatment.SCAN, rule="a note: through the detectors")


@dataclass
class SourceFile:
    """One file read: its format and records (``error``: why it could not be read, no values)."""

    format: str | None
    records: list[Record] = field(default_factory=list)
    error: str | None = None


def input_files(paths: list[Path]) -> Iterator[Path]:
    """Every file under ``paths`` (a file itself, or a folder recursively), sorted, dot-names skipped."""
    for root in paths:
        if root.is_file():
            yield root
            continue
        if not root.is_dir():
            raise InputError("an INPUT is neither a file nor a folder (check the path)")
        found = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(Path(folder) / n for n in files if not n.startswith("."))
        yield from sorted(found)


class Reader:
    """Reads one file into records with the engine's handlers (their options: Z-segments kept, FHIR
    rules file, DICOM profile options) and the batch layout for archives."""

    def __init__(self, handlers: Mapping[str, FormatHandler], layout: tabular.ArchiveLayout) -> None:
        self.handlers = handlers
        self.layout = layout

    def format_of(self, path: Path, data: bytes) -> str | None:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return "csv"
        if suffix == ".jsonl":
            return "jsonl"
        try:
            fmt = sniff_format(data, self.handlers)
        except InputError:  # empty, or JSON that is no FHIR: no record to catalog
            return None
        if fmt == "text":
            return "text" if suffix == ".txt" else None
        return fmt

    def read(self, path: Path) -> SourceFile:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return SourceFile(None, error=f"cannot read a file ({exc.strerror})")
        fmt = self.format_of(path, data)
        if fmt is None:
            return SourceFile(None)
        try:
            return SourceFile(fmt, self.records(fmt, data))
        except InputError as exc:  # FormatError included: its message names places, never values
            return SourceFile(fmt, error=f"{exc.__class__.__name__}: {exc}")

    def records(self, fmt: str, data: bytes) -> list[Record]:
        if fmt == "csv":
            return list(tabular.csv_records(data, self.layout))
        if fmt == "jsonl":
            return list(tabular.jsonl_records(data, self.layout))
        if fmt == "hl7v2":
            return hl7.records(data, getattr(self.handlers["hl7v2"], "keep_segments", ()))
        if fmt == "fhir":
            return fhir.records(data, getattr(self.handlers["fhir"], "rules", None))
        if fmt == "dicom":
            return dicom.records(data, getattr(self.handlers["dicom"], "options", None))
        if fmt == "text":
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"a note is not UTF-8 (bad byte at offset {exc.start})") from None
            return [[Leaf("(note text)", text, _NOTE)]] if text.strip() else [[]]
        raise InputError(f"no catalog reader for format {fmt}")
