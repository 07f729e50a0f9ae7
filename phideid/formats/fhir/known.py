"""PHI the structured fields name, found again in the payload's free text.

Notes and narratives repeat the patient's name, MRN, street and clinicians (a Synthea note opens with
"Carolee951 is a 34 year-old..."), and a detector can miss a name it has never seen. Every value a
structured field replaced is remembered here, and after the detectors ran, each whole-word occurrence in
the free text is replaced as the same PHI type. Names match in their own, upper or title case (a
lower-case "will" is a word, not Will); other values in any case.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from phideid.types import NAME_TYPES, PhiType

#: types not searched for: a state or country is not smaller than a state, dates are the detectors' job
_SKIP = frozenset({PhiType.STATE, PhiType.COUNTRY, PhiType.DATE, PhiType.AGE})


class KnownValues:
    def __init__(self, min_length: int) -> None:
        self.min_length = min_length
        self._names: dict[str, PhiType] = {}
        self._other: dict[str, PhiType] = {}
        self._pattern: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None

    def add(self, value: str, phi_type: PhiType) -> None:
        value = value.strip()
        if phi_type in _SKIP or len(value) < self.min_length or not any(c.isalnum() for c in value):
            return
        self._pattern = None
        if phi_type in NAME_TYPES:
            for variant in (value, value.upper(), value.title()):
                self._names.setdefault(variant, phi_type)
        else:
            self._other.setdefault(value.lower(), phi_type)

    def __len__(self) -> int:
        return len(self._names) + len(self._other)

    def scrub(self, text: str, replace: Callable[[str, PhiType], str]) -> str:
        """``text`` with every whole-word occurrence of a known value replaced as its PHI type."""
        if not text or not len(self):
            return text
        names, other = self._compiled()
        if other is not None:
            text = other.sub(lambda m: replace(m.group(0), self._other[m.group(0).lower()]), text)
        if names is not None:
            text = names.sub(lambda m: replace(m.group(0), self._names[m.group(0)]), text)
        return text

    def _compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if self._pattern is None:
            self._pattern = (_alternation(self._names, 0), _alternation(self._other, re.IGNORECASE))
        return self._pattern


def _alternation(values: dict[str, PhiType], flags: int) -> re.Pattern[str] | None:
    if not values:
        return None
    # longest first, so "Mary Ann" wins over "Mary"
    body = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
