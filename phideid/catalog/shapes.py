"""Masked shapes: how a value looks, never what it says (``12/03/1961`` -> ``DD/DD/DDDD``).

Letters become ``A`` or ``a`` by case, digits ``D``; other characters stay (whitespace as one space).
A shape longer than ``MAX_LENGTH`` characters is cut there and ends in ``…``.
"""

from __future__ import annotations

MAX_LENGTH = 20
ELLIPSIS = "…"


def shape(value: str, max_length: int = MAX_LENGTH) -> str:
    out = []
    for ch in value[: max_length + 1]:
        if ch.isdigit():
            out.append("D")
        elif ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    masked = "".join(out)
    return masked[:max_length] + ELLIPSIS if len(value) > max_length else masked
