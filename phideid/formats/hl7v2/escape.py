"""HL7 v2 escape sequences: raw ER7 text <-> the value it stands for.

``unescape`` turns ``\\F\\ \\S\\ \\T\\ \\R\\ \\E\\`` (and ``\\P\\`` for the v2.7 truncation character) into
the separator they stand for, ``\\Xhh..\\`` into its bytes (UTF-8, else Latin-1), and ``\\.br\\`` into a
line break, so detectors read plain text. Every other formatting escape (``\\H\\ \\N\\ \\.sp\\ \\.in+4\\
\\Cxxyy\\ \\Mxxyyzz\\ \\Zxx\\``) is kept verbatim in the value; ``escape`` passes such sequences through
unchanged and escapes any separator, the escape character and control characters, so a value written back
never breaks the message structure. An escape character without its closing partner is read literally
(lenient: senders get this wrong).
"""

from __future__ import annotations

import re
from functools import lru_cache

from phideid.formats.hl7v2.er7_separators import Separators

_FORMATTING_BODY = (
    r"(?:H|N|\.(?:sp|br|fi|nf|in|ti|sk|ce)[+-]?\d*|C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4,6}|Z[^@ESC@]*)"
)


@lru_cache(maxsize=32)
def _formatting(esc: str) -> re.Pattern[str]:
    e = re.escape(esc)
    return re.compile(e + _FORMATTING_BODY.replace("@ESC@", e) + e)


def _codes(seps: Separators) -> dict[str, str]:
    codes = {
        "F": seps.field, "S": seps.component, "T": seps.subcomponent, "R": seps.repetition, "E": seps.escape,
    }  # fmt: skip
    if seps.truncation:
        codes["P"] = seps.truncation
    return codes


def _hex(body: str) -> str | None:
    if len(body) % 2 or not re.fullmatch(r"[0-9A-Fa-f]*", body):
        return None
    raw = bytes.fromhex(body)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def unescape(raw: str, seps: Separators) -> str:
    """The value a raw ER7 leaf stands for (see the module docstring)."""
    esc = seps.escape
    if esc not in raw:
        return raw
    codes = _codes(seps)
    out: list[str] = []
    pos = 0
    while True:
        start = raw.find(esc, pos)
        if start < 0:
            out.append(raw[pos:])
            break
        end = raw.find(esc, start + 1)
        if end < 0:  # an unpaired escape character is read literally
            out.append(raw[pos:])
            break
        out.append(raw[pos:start])
        body = raw[start + 1 : end]
        if body in codes:
            out.append(codes[body])
        elif body == ".br":
            out.append("\n")
        elif body[:1] == "X" and (decoded := _hex(body[1:])) is not None:
            out.append(decoded)
        else:  # formatting and unknown escapes stay as written
            out.append(raw[start : end + 1])
        pos = end + 1
    return "".join(out)


def escape(value: str, seps: Separators) -> str:
    """``value`` as a raw ER7 leaf: separators escaped, formatting escapes and line breaks as ``\\.br\\``."""
    esc = seps.escape
    reverse = {char: code for code, char in _codes(seps).items()}
    formatting = _formatting(esc)
    out: list[str] = []
    pos = 0
    n = len(value)
    while pos < n:
        char = value[pos]
        if char == esc:
            m = formatting.match(value, pos)
            if m is not None:
                out.append(m.group())
                pos = m.end()
                continue
        if char in reverse:
            out.append(esc + reverse[char] + esc)
        elif char == "\r" and value.startswith("\r\n", pos):
            out.append(esc + ".br" + esc)
            pos += 1
        elif char in "\r\n":
            out.append(esc + ".br" + esc)
        elif ord(char) < 0x20 or char in "\x7f\x0b\x1c":
            out.append(f"{esc}X{ord(char):02X}{esc}")
        else:
            out.append(char)
        pos += 1
    return "".join(out)
