"""Case classes: the casing the uncased encoder cannot see, given back to it as one id per token.

The MiniLM encoder lower-cases its input, yet "Brown" (a name) and "brown" (a colour), or "MAY" in an
all-caps note and "may", differ in exactly that. A model with ``"casing": true`` takes one case class per
token, computed from the ORIGINAL text under the token's character offsets:

====  ==========  ==========================================================
id    name        the letters under the token
====  ==========  ==========================================================
0     special     none: a special or padding token (offsets ``(0, 0)``)
1     lower       all lower case (``"smith"``, ``"##ith"`` of "Smith")
2     title       first upper, the rest lower (``"Smith"``, a lone ``"J"``)
3     upper       two or more letters, all upper (``"SMITH"``)
4     mixed       anything else (``"McDonald"``, ``"iPhone"``)
5     no_letters  the token has no letters (``"12"``, ``"/"``, ``"-"``)
====  ==========  ==========================================================

Pure Python: run time and training compute the ids the same way.

Examples
--------
>>> text = "Dr. McDonald saw JOHN at 12:30"
>>> case_ids(text, [(0, 0), (0, 2), (2, 3), (4, 12), (17, 21), (25, 27), (0, 0)])
[0, 2, 5, 4, 3, 5, 0]
"""

from __future__ import annotations

from collections.abc import Sequence

CASE_CLASSES: tuple[str, ...] = ("special", "lower", "title", "upper", "mixed", "no_letters")

SPECIAL, LOWER, TITLE, UPPER, MIXED, NO_LETTERS = range(len(CASE_CLASSES))


def case_class(piece: str) -> int:
    """The case class of one token's text (never ``SPECIAL``: that comes from the offsets alone)."""
    letters = [c for c in piece if c.isalpha()]
    if not letters:
        return NO_LETTERS
    # letters without case (CJK, Arabic...) count as lower: they carry no casing signal
    if not any(c.isupper() for c in letters):
        return LOWER
    if all(not c.islower() for c in letters):
        return TITLE if len(letters) == 1 else UPPER
    if letters[0].isupper() and not any(c.isupper() for c in letters[1:]):
        return TITLE
    return MIXED


def case_ids(text: str, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """One case class per token, from ``text[start:end]`` of each token's offsets.

    ``offsets`` are the fast tokenizer's character offsets into ``text``; ``(0, 0)`` (a special or padding
    token) gives ``SPECIAL``.
    """
    return [SPECIAL if start == end else case_class(text[start:end]) for start, end in offsets]


__all__ = [
    "CASE_CLASSES", "LOWER", "MIXED", "NO_LETTERS", "SPECIAL", "TITLE", "UPPER", "case_class", "case_ids",
]
