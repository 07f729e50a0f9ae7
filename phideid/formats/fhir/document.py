"""FHIR JSON and NDJSON bytes in and out, keeping the input's layout (indented or compact, one line per
resource for NDJSON, key order) so a de-identified payload reads like its original.

Decimals are read as ``Decimal`` and written back as written: FHIR decimals carry their precision
("1.50" is not "1.5"), so they never pass through a float.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal

from phideid.errors import FormatError

_BOM = "\ufeff"


class RawDecimal(Decimal):
    """A JSON decimal that remembers how it was written (``1e3`` stays ``1e3``)."""

    raw: str

    def __new__(cls, text: str) -> RawDecimal:
        number = super().__new__(cls, text)
        number.raw = text
        return number


@dataclass(frozen=True, slots=True)
class Layout:
    ndjson: bool
    indent: str | None
    separators: tuple[str, str]
    final_newline: bool


def read(data: bytes) -> tuple[list[object], list[str], Layout]:
    """The JSON documents of ``data`` (one, or one per NDJSON line), where each starts, and the layout."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"FHIR JSON must be UTF-8 (bad byte at offset {exc.start})") from None
    text = text.removeprefix(_BOM)
    try:
        return [json.loads(text, parse_float=RawDecimal)], ["$"], _layout(text, ndjson=False)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise FormatError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    docs, locs = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line, parse_float=RawDecimal))
        except json.JSONDecodeError as exc:
            raise FormatError(
                f"NDJSON line {number} is not valid JSON: {exc.msg} at column {exc.colno}"
            ) from None
        locs.append(f"line {number}: $")
    return docs, locs, _layout(text, ndjson=True)


def _layout(text: str, *, ndjson: bool) -> Layout:
    head = text[:4096]
    final = text.endswith("\n")
    first = head.strip().split("\n", 1)
    if not ndjson and len(first) > 1:
        m = re.match(r"[ \t]+", first[1])
        return Layout(False, m.group(0) if m else "", (",", ": "), final)
    spaced = re.search(r'"\s*:\s', head) is not None
    return Layout(ndjson, None, (", ", ": ") if spaced else (",", ":"), final or ndjson)


def write(docs: list[object], layout: Layout) -> bytes:
    # json writes no Decimal: each goes out as a quoted placeholder (a fresh random nonce, so no input
    # string can look like one) that is then swapped for the decimal's own digits
    nonce = secrets.token_hex(8)
    numbers: list[str] = []

    def swap(node: object) -> object:
        if isinstance(node, Decimal):
            numbers.append(getattr(node, "raw", None) or str(node))
            return f"{nonce}:{len(numbers) - 1}"
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    placeholder = re.compile(r'"' + nonce + r':(\d+)"')

    def dump(doc: object) -> str:
        text = json.dumps(swap(doc), ensure_ascii=False, indent=layout.indent, separators=layout.separators)
        return placeholder.sub(lambda m: numbers[int(m.group(1))], text)

    text = "\n".join(dump(d) for d in docs) if layout.ndjson else dump(docs[0])
    return (text + ("\n" if layout.final_newline else "")).encode("utf-8")
