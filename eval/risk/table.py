"""Read a released dataset as rows of named values: CSV, JSONL, FHIR or HL7 v2, from a file or a folder.

A folder is read file by file (those ending in ``DATA_SUFFIXES``, hidden ones skipped); all must have one
format. A ``Table`` is a list of rows; a row maps a column name to its value (a string). A value that is
absent or empty is left out of the row: the measures count a missing quasi-identifier as a value of its
own.

Column names by format:

``csv``     the header row.
``jsonl``   one object per line; nested objects are flattened with dots (``address.zip``), list items by
            their index (``codes.0``).
``fhir``    one record per Patient (a resource, a Bundle, or NDJSON; Bundles may nest). Columns are paths
            such as ``Patient.birthDate``, ``Patient.gender``, ``Patient.address.postalCode`` (a list step
            takes the first item; a number step such as ``address.1`` picks one) and ``Encounter.*``
            paths, read from the patient's first encounter (earliest ``period.start``, else the first
            written) found through ``Encounter.subject.reference``.
``hl7v2``   one record per message (a file may hold several; batch envelopes are skipped). Columns are
            ``SEG-F[.C[.S]]`` (``PID-7``, ``PID-8``, ``PID-11.5``, ``PV1-2``): the first such segment,
            its first repetition, component C and subcomponent S (1-based, default 1), unescaped.

Errors are ``InputError``; their messages name files, line numbers, columns and counts, never values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from phideid.errors import InputError
from phideid.formats.fhir.document import read as read_fhir_documents
from phideid.formats.hl7v2.er7 import parse_er7
from phideid.formats.hl7v2.escape import unescape

FORMATS = ("csv", "jsonl", "fhir", "hl7v2")
#: the files read from a folder (others, such as LICENSE or README.md, are left alone)
DATA_SUFFIXES = (".csv", ".json", ".jsonl", ".ndjson", ".hl7", ".er7")

Row = dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    """The records of a dataset.

    Attributes
    ----------
    format : str
        The format it was read in (one of ``FORMATS``).
    files : int
        How many files it was read from.
    columns : tuple of str
        Every column the rows carry, in first-seen order (for FHIR and HL7 v2: the requested paths).
    rows : tuple of dict
        One per record; missing values are absent keys.
    """

    format: str
    files: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def project(self, columns: Sequence[str]) -> list[tuple[str | None, ...]]:
        """Each record's values of ``columns`` (None where missing)."""
        return [tuple(row.get(c) for c in columns) for row in self.rows]


def load_table(path: str | Path, wanted: Sequence[str], input_format: str = "auto") -> Table:
    """Read ``path`` (a file, or a folder of files of one format) and check that ``wanted`` columns exist.

    Parameters
    ----------
    path : str or Path
        The dataset.
    wanted : sequence of str
        The quasi-identifiers and sensitive attribute the caller needs; for FHIR and HL7 v2 only these
        are read. Each must be present (CSV: in the header; otherwise in at least one record).
    input_format : str
        ``auto`` (from the extension, else the content) or one of ``FORMATS``.
    """
    path = Path(path)
    if input_format != "auto" and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use auto, {', '.join(FORMATS)}")
    files = _files(path)
    formats = {f: (input_format if input_format != "auto" else sniff_format(f)) for f in files}
    found = sorted(set(formats.values()))
    if len(found) > 1:
        raise InputError(f"{path}: the folder mixes formats ({', '.join(found)}); give one format per folder")
    fmt = found[0]
    columns: dict[str, None] = {}
    rows: list[Row] = []
    for file in files:
        data = _read_bytes(file)
        if fmt == "csv":
            file_columns, file_rows = _csv(file, data)
            columns.update(dict.fromkeys(file_columns))
        elif fmt == "jsonl":
            file_rows = _jsonl(file, data)
        elif fmt == "fhir":
            file_rows = _fhir(file, data, wanted)
        else:
            file_rows = _hl7(file, data, wanted)
        rows.extend(file_rows)
    if fmt in ("jsonl",):
        for row in rows:
            columns.update(dict.fromkeys(row))
    elif fmt in ("fhir", "hl7v2"):
        columns = dict.fromkeys(wanted)
    if not rows:
        raise InputError(f"{path}: no records found ({len(files)} file(s) read as {fmt})")
    table = Table(fmt, len(files), tuple(columns), tuple(rows))
    _check_columns(table, path, wanted)
    return table


def _check_columns(table: Table, path: Path, wanted: Sequence[str]) -> None:
    if table.format == "csv":
        unknown = [c for c in wanted if c not in table.columns]
        if unknown:
            shown = ", ".join(table.columns[:30]) + (" ..." if len(table.columns) > 30 else "")
            raise InputError(f"{path}: no column {', '.join(unknown)} in the CSV header (columns: {shown})")
        return
    present = {c for row in table.rows for c in row}
    absent = [c for c in wanted if c not in present]
    if absent:
        raise InputError(
            f"{path}: none of the {len(table.rows)} {table.format} record(s) has {', '.join(absent)}"
        )


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in DATA_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            raise InputError(f"{path}: the folder holds no data files ({', '.join(DATA_SUFFIXES)})")
        return files
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    return [path]


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror})") from None


def sniff_format(file: Path) -> str:
    """The format of ``file`` from its extension, else from its first bytes."""
    suffix = file.suffix.lower()
    if suffix in (".csv", ".hl7", ".er7"):
        return {".csv": "csv"}.get(suffix, "hl7v2")
    head = _read_bytes(file)[:65536]
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff\x0b \t\r\n")
    if text.startswith("MSH"):
        return "hl7v2"
    if text.startswith(("{", "[")) or suffix in (".json", ".jsonl", ".ndjson"):
        return "fhir" if re.search(r'"resourceType"\s*:', text) else "jsonl"
    return "csv"


# -- CSV and JSONL ---------------------------------------------------------------------------------------


def _text(file: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not UTF-8 (bad byte at offset {exc.start})") from None


def _csv(file: Path, data: bytes) -> tuple[list[str], list[Row]]:
    reader = csv.reader(io.StringIO(_text(file, data), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return [], []
        header = [h.strip() for h in header]
        if len(set(header)) != len(header) or "" in header:
            raise InputError(f"{file}: the CSV header has empty or repeated column names")
        rows: list[Row] = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise InputError(
                    f"{file}: CSV line {number} has {len(cells)} cells, the header {len(header)}"
                )
            rows.append({h: c for h, c in zip(header, cells, strict=False) if c.strip() != ""})
    except csv.Error as exc:
        raise InputError(
            f"{file}: not valid CSV near line {reader.line_num} ({exc.__class__.__name__})"
        ) from None
    return header, rows


def _jsonl(file: Path, data: bytes) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(_text(file, data).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{file}: JSONL line {number} is not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{file}: JSONL line {number} is not a JSON object")
        row: Row = {}
        _flatten(obj, "", row)
        rows.append(row)
    return rows


def _flatten(value: object, prefix: str, out: Row) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}.{i}" if prefix else str(i), out)
    else:
        text = _scalar(value)
        if text is not None and prefix:
            out[prefix] = text


def _scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return None
    text = getattr(value, "raw", None) or str(value)  # FHIR decimals keep their digits
    return text if text.strip() else None


# -- FHIR ------------------------------------------------------------------------------------------------

_FHIR_ROOTS = ("Patient", "Encounter")


def _fhir(file: Path, data: bytes, wanted: Sequence[str]) -> list[Row]:
    for column in wanted:
        if column.split(".", 1)[0] not in _FHIR_ROOTS or "." not in column:
            raise InputError(
                f"FHIR column {column!r} must be a path under Patient or Encounter "
                "(e.g. Patient.birthDate, Patient.address.postalCode, Encounter.period.start)"
            )
    try:
        docs, _, _ = read_fhir_documents(data)
    except InputError as exc:
        raise InputError(f"{file}: {exc}") from None
    patients: list[tuple[set[str], dict]] = []
    encounters: list[dict] = []
    for full_url, res in _resources(docs):
        kind = res.get("resourceType")
        if kind == "Patient":
            keys = {f"Patient/{res.get('id')}"} if res.get("id") else set()
            if isinstance(full_url, str):
                keys.add(full_url)
                if "Patient/" in full_url:
                    keys.add("Patient/" + full_url.rsplit("Patient/", 1)[1])
            patients.append((keys, res))
        elif kind == "Encounter":
            encounters.append(res)
    first: dict[str, tuple[tuple[int, str, int], dict]] = {}
    for order, enc in enumerate(encounters):
        ref = _get(enc, ["subject", "reference"])
        if not isinstance(ref, str):
            continue
        if "Patient/" in ref:  # relative or absolute: Patient/<id>
            ref = "Patient/" + ref.rsplit("Patient/", 1)[1].split("/_history", 1)[0]
        start = _get(enc, ["period", "start"])
        rank = (0, start, order) if isinstance(start, str) else (1, "", order)
        if ref not in first or rank < first[ref][0]:
            first[ref] = (rank, enc)
    rows: list[Row] = []
    for keys, patient in patients:
        matches = [first[k] for k in keys if k in first]
        encounter = min(matches, key=lambda m: m[0])[1] if matches else None
        row: Row = {}
        for column in wanted:
            root, _, rest = column.partition(".")
            res = patient if root == "Patient" else encounter
            if res is None:
                continue
            value = _get(res, rest.split("."))
            if isinstance(value, dict | list):
                raise InputError(f"FHIR column {column!r} points at an element with parts; name one of them")
            text = _scalar(value)
            if text is not None:
                row[column] = text
        rows.append(row)
    return rows


def _resources(docs: Sequence[object]) -> Iterator[tuple[str | None, dict]]:
    stack: list[tuple[str | None, object]] = [(None, d) for d in reversed(docs)]
    while stack:
        full_url, res = stack.pop()
        if not isinstance(res, dict):
            continue
        yield full_url, res
        nested: list[tuple[str | None, object]] = []
        if res.get("resourceType") == "Bundle" and isinstance(res.get("entry"), list):
            nested += [(e.get("fullUrl"), e.get("resource")) for e in res["entry"] if isinstance(e, dict)]
        if isinstance(res.get("contained"), list):
            nested += [(None, c) for c in res["contained"]]
        stack.extend(reversed(nested))


def _get(node: object, steps: Sequence[str]) -> object:
    for step in steps:
        if isinstance(node, list):
            if step.isdigit():
                node = node[int(step)] if int(step) < len(node) else None
                continue
            node = node[0] if node else None
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    if isinstance(node, list) and node and not isinstance(node[0], dict | list):
        node = node[0]
    return node


# -- HL7 v2 ----------------------------------------------------------------------------------------------

_HL7_COLUMN = re.compile(r"([A-Z][A-Z0-9]{2})-(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?")
_MESSAGE_START = re.compile(rb"(?:^|(?<=[\r\n\x0b]))(?=MSH)")
_ENVELOPE = re.compile(rb"^(?:FHS|BHS|BTS|FTS)[^\r\n]*[\r\n]*", re.MULTILINE)


def _hl7(file: Path, data: bytes, wanted: Sequence[str]) -> list[Row]:
    addresses = {}
    for column in wanted:
        m = _HL7_COLUMN.fullmatch(column)
        if m is None or int(m.group(2)) == 0:
            raise InputError(
                f"HL7 v2 column {column!r} must be SEG-F[.C[.S]] (e.g. PID-7, PID-8, PID-11.5, PV1-2)"
            )
        seg, f, c, s = m.group(1), int(m.group(2)), int(m.group(3) or 1), int(m.group(4) or 1)
        addresses[column] = (seg, f, c - 1, s - 1)
    rows: list[Row] = []
    body = _ENVELOPE.sub(b"", data.removeprefix(b"\xef\xbb\xbf"))
    chunks = [c for c in _MESSAGE_START.split(body) if c.strip(b" \t\r\n\x0b\x1c")]
    for number, chunk in enumerate(chunks, start=1):
        try:
            message = parse_er7(chunk.rstrip(b"\x0b"))
        except InputError as exc:
            raise InputError(f"{file}: message {number}: {exc}") from None
        row: Row = {}
        for column, (seg_name, f, c, s) in addresses.items():
            segment = next((seg for _, seg in message.segments_named(seg_name)), None)
            if segment is None:
                continue
            if seg_name == "MSH" and f <= 2:
                raw = segment.leaf(f, 0, 0, 0)
            else:
                raw = segment.leaf(f, 0, c, s)
            value = unescape(raw, message.separators).strip()
            if value and value != '""':  # "" is HL7's explicit null
                row[column] = value
        rows.append(row)
    return rows
