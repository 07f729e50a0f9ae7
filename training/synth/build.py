"""Assembling a note from tracked pieces, and the surface styles applied to it.

A note is built as a list of sections, each a list of pieces ``(text, label)`` where ``label`` is a
``PhiType`` value or ``None``. Styles (case, typos, missing punctuation, extra spaces) change the pieces
before they are joined, so every span is known by construction: labels are never found by searching the
final text. Line wrapping runs on the joined text and only turns spaces into newlines, which keeps every
offset.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

Piece = tuple[str, str | None]

#: every style name a note can carry (``plan`` reports them per note)
STYLES = ("mixed", "caps", "lower", "section_caps", "typos", "no_punct", "wrapped", "extra_spaces")


@dataclass(frozen=True, slots=True)
class Style:
    case: str  # "mixed" | "caps" | "lower" | "section_caps"
    typo_rate: float  # per eligible word; 0 for none
    no_punct: bool
    wrap: int  # column to wrap at; 0 for none
    extra_spaces: bool

    @property
    def names(self) -> tuple[str, ...]:
        out = [self.case]
        if self.typo_rate:
            out.append("typos")
        if self.no_punct:
            out.append("no_punct")
        if self.wrap:
            out.append("wrapped")
        if self.extra_spaces:
            out.append("extra_spaces")
        return tuple(out)


def draw_style(rng: random.Random, kind: str) -> Style:
    """Pick a note's style. Terse ICU and handoff notes are more often lower-case or in capitals."""
    terse = kind in ("icu_nursing", "handoff", "telephone", "ed_triage")
    r = rng.random()
    if r < (0.16 if terse else 0.10):
        case = "caps"
    elif r < (0.34 if terse else 0.18):
        case = "lower"
    elif r < 0.26 + (0.08 if terse else 0.0):
        case = "section_caps"
    else:
        case = "mixed"
    typo_rate = rng.choice((0.01, 0.02, 0.04)) if rng.random() < 0.3 else 0.0
    no_punct = rng.random() < 0.2
    wrap = rng.randint(55, 85) if rng.random() < 0.28 else 0
    extra_spaces = rng.random() < 0.2
    return Style(case, typo_rate, no_punct, wrap, extra_spaces)


# --- piece transforms ----------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]{4,}")
_PUNCT = re.compile(r"[.,;:](?=\s)")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:  # swap two neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op < 0.75:  # drop one
        return word[:i] + word[i + 1 :]
    if op < 0.9:  # double one
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]  # substitute


def _apply_case(text: str, case: str) -> str:
    if case == "caps":
        return text.upper()
    if case == "lower":
        return text.lower()
    return text


def _style_free_text(text: str, style: Style, rng: random.Random) -> str:
    if style.typo_rate:
        text = _WORD.sub(
            lambda m: _typo(m.group(), rng) if rng.random() < style.typo_rate else m.group(), text
        )
    if style.no_punct and rng.random() < 0.8:
        text = _PUNCT.sub("", text)
    if style.extra_spaces:
        text = re.sub(r" (?=\S)", lambda m: "  " if rng.random() < 0.08 else " ", text)
    return text


def _style_phi(text: str, style: Style, rng: random.Random) -> str:
    if style.typo_rate and rng.random() < style.typo_rate * 3:
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        if words and not any(c.isdigit() for c in text):
            s, e = rng.choice(words)
            text = text[:s] + _typo(text[s:e], rng) + text[e:]
    return text


def wrap_text(text: str, width: int, rng: random.Random) -> str:
    """Hard-wrap at about ``width`` columns by turning spaces into newlines (offsets do not move)."""
    chars = list(text)
    col = 0
    limit = width + rng.randint(-6, 6)
    for i, c in enumerate(chars):
        if c == "\n":
            col = 0
            continue
        col += 1
        if c == " " and col >= limit and i + 1 < len(chars) and not chars[i + 1].isspace():
            chars[i] = "\n"
            col = 0
            limit = width + rng.randint(-6, 6)
    return "".join(chars)


def assemble(
    sections: list[list[Piece]], style: Style, rng: random.Random
) -> tuple[str, list[tuple[int, int, str]]]:
    """Join styled sections into one text and the spans of its labelled pieces."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for section in sections:
        case = style.case
        if case == "section_caps":
            case = rng.choice(("caps", "mixed", "mixed", "lower"))
        for text, label in section:
            if not text:
                continue
            if label is None:
                text = _apply_case(_style_free_text(text, style, rng), case)
            else:
                text = _apply_case(_style_phi(text, style, rng), case)
                stripped = text.strip()
                if stripped != text or not stripped:
                    raise ValueError(f"a {label} piece has surrounding whitespace or is empty")
                spans.append((pos, pos + len(text), label))
            parts.append(text)
            pos += len(text)
    text = "".join(parts)
    if style.wrap:
        text = wrap_text(text, style.wrap, rng)
    return text, spans
