"""Clinical text a detector took for PHI: drug names, abbreviations, vital-sign numbers, time words.

On real ICU notes most false PHI is clinical content a model is confidently wrong about: a drug or an
abbreviation tagged as a name ("Neo", "Coumadin", "CIWA"), a vital sign or a range tagged as a phone or a
date (``BP 95/42``, ``0300-0500``), a time word tagged as a date ("tomorrow", "Monday"). ``ClinicalVeto``
drops such spans by three rules:

1. **words**: a name or place span whose every word is a clinical term (``data/clinical_terms.txt``:
   drug names and clinical abbreviations that are not common US names) or an allow-listed term, unless a
   name cue stands right before it (a title or a relation word: "Dr. Foley", "wife Pearl") or a
   credential right after it ("Neo RN");
2. **time words**: a date span made only of weekdays, relative time words or ordinals;
3. **numbers**: a span of digits and punctuation (a phone, a date, an age, an id) that the pattern
   detector's ``ClinicalNumberGuard`` reads as a clinical value (after a vital sign, lab, vent or score
   keyword, before a unit, a pain score, a count of units...: one table for both detectors), a
   shift-time range (``0300-0500``) or a lone decimal (``(1.4)``).

Pure and cheap (set look-ups and a few anchored regexes per span): it runs on every span the model reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from phideid.detect.allowlist import AllowList, parse_terms
from phideid.detect.clinical_numbers import ClinicalNumberGuard
from phideid.types import PhiType, Span

#: types rule 1 judges by their words (STATE, COUNTRY, STREET and ZIP are left to their own context)
WORD_TYPES = frozenset({
    PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME, PhiType.USERNAME, PhiType.HOSPITAL,
    PhiType.ORGANIZATION, PhiType.CITY, PhiType.LOCATION, PhiType.PROFESSION,
})

TIME_WORDS = frozenset("""
today tonight tomorrow yesterday night nights day days daytime nighttime am pm morning mornings afternoon
evening evenings weekend weekends midnight noon overnight week weeks month months shift shifts hour hours
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
mondays tuesdays wednesdays thursdays fridays saturdays sundays this last next early late in the of on
noc eve
""".split())
_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$", re.I)

_NUMERIC = re.compile(r"^[\d\s./:()+\-<>~%x]+$", re.I)
# one decimal number is a value (a temperature, a level), never a whole date, phone or age: "(1.4)"
_DECIMAL = re.compile(r"^\(?\d{1,3}\.\d{1,2}\)?$")
_TIME_RANGE = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d\s*-\s*(?:[01]\d|2[0-3])[0-5]\d$")

_CUE_BEFORE = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|miss|mx|prof|rev|fr|sister|brother|wife|husband|son|daughter|mother|father|mom|"
    r"dad|niece|nephew|aunt|uncle|cousin|friend|neighbor|partner|fiance|fiancee|granddaughter|grandson|"
    r"attending|resident|intern|fellow|nurse|rn|np|pa|md)\.?,?\s+|\b(?:name|patient|pt name)\s*:\s*)$",
    re.I,
)
_CUE_AFTER = re.compile(r"^,?\s*(?:rn|md|np|pa-c|pa|do|lpn|cna|rt|pt|ot|msw|lcsw|phd)\b\.?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*")


@lru_cache(maxsize=1)
def clinical_terms() -> frozenset[str]:
    """The shipped clinical word list, lower case."""
    text = resources.files("phideid").joinpath("data", "clinical_terms.txt").read_text(encoding="utf-8")
    return frozenset(t.lower() for t in parse_terms(text.splitlines()))


@dataclass(frozen=True)
class ClinicalVeto:
    """Drops spans that are clinical text (see the module docstring); ``allow`` adds the allow-list."""

    allow: AllowList
    terms: frozenset[str]
    numbers: ClinicalNumberGuard = field(default_factory=ClinicalNumberGuard)

    @classmethod
    def load(cls, allow: AllowList | None = None) -> ClinicalVeto:
        return cls(allow if allow is not None else AllowList.load(), clinical_terms())

    def keep(self, text: str, span: Span) -> bool:
        """False when ``text[span.start:span.end]`` is clinical text, not PHI."""
        value = text[span.start:span.end]
        if self.allow.allows(value):
            return False
        if span.phi_type in WORD_TYPES:
            return not self._clinical_words(text, span, value)
        if span.phi_type is PhiType.DATE and self._time_words(value):
            return False
        if _NUMERIC.match(value) and any(c.isdigit() for c in value):
            return not (_TIME_RANGE.match(value.strip()) or _DECIMAL.match(value.strip())
                        or self.numbers.reason(text, span.start, span.end, span.phi_type))
        return True

    def filter(self, text: str, spans: Sequence[Span]) -> list[Span]:
        return [s for s in spans if self.keep(text, s)]

    def _clinical_words(self, text: str, span: Span, value: str) -> bool:
        words = _WORD.findall(value)
        if not words:
            return False
        if not all(w.lower() in self.terms or self.allow.allows(w) for w in words):
            return False
        line_start = text.rfind("\n", 0, span.start) + 1
        before = text[max(line_start, span.start - 40):span.start]
        after = text[span.end:span.end + 12]
        return not (_CUE_BEFORE.search(before) or _CUE_AFTER.match(after))

    @staticmethod
    def _time_words(value: str) -> bool:
        words = value.lower().replace(",", " ").replace(".", " ").split()
        return bool(words) and all(w in TIME_WORDS or _ORDINAL.match(w) for w in words)
