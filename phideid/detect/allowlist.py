"""The allow-list: clinical words that survive every detector ("BUN", "INR", "Foley", "Parkinson").

Lab and unit abbreviations, eponyms and common words look like PHI to a pattern or a model ("K 4.1" is
not an initial, "Foley" is a catheter, not a clinician). A span whose whole text is on the list is not
PHI. The list ships as ``phideid/data/allowlist.txt``; a site adds its own terms in files of the same
format, passed by path.

File format: one term per line, compared case-insensitively; blank lines are skipped and ``#`` starts a
comment (a whole line or the rest of one).

Example
-------
>>> allow = AllowList.load()
>>> allow.allows("INR"), allow.allows("foley"), allow.allows("Wong")
(True, True, False)
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from phideid.errors import ConfigError

#: the shipped list, inside the package
SHIPPED = "allowlist.txt"
_EDGE_PUNCTUATION = string.punctuation.replace("'", "").replace("-", "") + "’“”"


def _normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_terms(lines: Iterable[str]) -> list[str]:
    """The terms of an allow-list file's lines, comments and blank lines dropped."""
    terms = []
    for line in lines:
        term = line.split("#", 1)[0].strip()
        if term:
            terms.append(term)
    return terms


@dataclass(frozen=True)
class AllowList:
    """A set of terms that are never PHI, matched case-insensitively on a span's whole text.

    A single-word span also matches when only surrounding punctuation differs ("(INR)", "Foley,").
    """

    terms: frozenset[str]

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> AllowList:
        return cls(frozenset(_normalize(t) for t in terms if t.strip()))

    @classmethod
    def load(cls, paths: Sequence[str | Path] = (), *, include_shipped: bool = True) -> AllowList:
        """The shipped list plus the terms of each file in ``paths``.

        Raises
        ------
        ConfigError
            A file in ``paths`` cannot be read: a missing allow-list must stop the service, not
            silently let clinical words be redacted (or a site's own terms be ignored).
        """
        terms: list[str] = []
        if include_shipped:
            shipped = resources.files("phideid").joinpath("data", SHIPPED).read_text(encoding="utf-8")
            terms.extend(parse_terms(shipped.splitlines()))
        for path in paths:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"allow-list file {str(path)!r} cannot be read ({type(exc).__name__}); "
                    "fix the path or remove it from the configuration"
                ) from None
            terms.extend(parse_terms(text.splitlines()))
        return cls.from_terms(terms)

    def allows(self, span_text: str) -> bool:
        """True when ``span_text`` is an allowed clinical term, so the span is not PHI."""
        norm = _normalize(span_text)
        if norm in self.terms:
            return True
        if " " not in norm:
            stripped = norm.strip(_EDGE_PUNCTUATION)
            return bool(stripped) and stripped in self.terms
        return False

    def __contains__(self, span_text: object) -> bool:
        return isinstance(span_text, str) and self.allows(span_text)

    def __len__(self) -> int:
        return len(self.terms)
