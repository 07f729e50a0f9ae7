"""CSV and JSONL archives into fields: a CSV column by its header, a JSONL key path ``a.b``.

These formats have no rules by meaning; how ``phideid batch`` treats their columns is replicated here as
data (``ArchiveLayout``, the same options as batch's ``--text-column``, ``--id-column``,
``--keep-column``, ``--keep-all-columns``): the text column goes through the detectors, the id column
and the columns kept are written as they are, every other column is not written at all. Each row is
one record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment
from phideid.errors import InputError

csv.field_size_limit(1 << 30)  # a CSV cell may hold a whole note


@dataclass(frozen=True)
class ArchiveLayout:
    """Which columns ``phideid batch`` de-identifies, copies or leaves out (its defaults)."""

    text: str = "text"
    id: str | None = None
    keep: tuple[str, ...] = ()
    keep_all: bool = False

    def rule(self, column: str) -> FieldRule:
        if column == self.text:
            return FieldRule(Treatment.SCAN, rule="batch: the text column")
        if column == self.id:
            return FieldRule(Treatment.KEEP, rule="batch: the id column, copied")
        if self.keep_all or column in self.keep:
            return FieldRule(Treatment.KEEP, rule="batch: kept column, copied")
        return FieldRule(Treatment.NOT_WRITTEN, rule="batch: column not written")


def csv_records(data: bytes, layout: ArchiveLayout) -> Iterator[Record]:
    text = _utf8(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise InputError("a CSV file has no header row")
        rules = [layout.rule(name) for name in header]
        for cells in reader:
            cells = cells[: len(header)]
            yield [Leaf(header[i], cell, rules[i]) for i, cell in enumerate(cells) if cell.strip()]
    except csv.Error as exc:
        raise InputError(f"a CSV file cannot be read ({exc.__class__.__name__})") from None


def jsonl_records(data: bytes, layout: ArchiveLayout) -> Iterator[Record]:
    for number, line in enumerate(_utf8(data).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:  # the decoder's message quotes the line
            raise InputError(f"JSONL line {number} is not JSON") from None
        if not isinstance(row, dict):
            raise InputError(f"JSONL line {number} is not a JSON object")
        out: Record = []
        for key, value in row.items():
            _flatten(str(key), value, layout.rule(str(key)), out)
        yield out


def _flatten(path: str, value: object, rule: FieldRule, out: Record) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{path}.{key}", item, rule, out)
    elif isinstance(value, list):
        for item in value:
            _flatten(path, item, rule, out)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value)
        if text.strip():
            out.append(Leaf(path, text, rule))


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the archive is not UTF-8 (bad byte at offset {exc.start})") from None
