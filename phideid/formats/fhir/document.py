"""FHIR JSON and NDJSON bytes in and out, keeping the input's layout (indented or compact, one line per
resource for NDJSON, key order) so a de-identified payload reads like its original.

Numbers go through Python's float: a decimal written with trailing zeros ("1.50") comes back as "1.5".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from phideid.errors import FormatError

_BOM = "\ufeff"


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
        return [json.loads(text)], ["$"], _layout(text, ndjson=False)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise FormatError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    docs, locs = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line))
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
    def dump(doc: object) -> str:
        return json.dumps(doc, ensure_ascii=False, indent=layout.indent, separators=layout.separators)

    text = "\n".join(dump(d) for d in docs) if layout.ndjson else dump(docs[0])
    return (text + ("\n" if layout.final_newline else "")).encode("utf-8")
