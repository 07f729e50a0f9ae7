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
3. **numbers**: a span of digits and punctuation (a phone, a date, an age, an id) right after a vital
   sign, lab, vent or score keyword (``BP``, ``HR``, ``K``, ``PEEP``...) or right before a unit
   (``mmHg``, ``cc``, ``mg``, ``%``...), or a time range (``0300-0500``).

Pure and cheap (sets and two anchored regexes per span): it runs on every span a detector reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from phideid.detect.allowlist import AllowList, parse_terms
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

#: keywords after which a number is a measurement, not an identifier or a date
MEASURE_KEYWORDS = frozenset("""
bp sbp dbp map nbp abp hr p pulse rr r t tmax tcurrent temp sat sats spo2 sao2 o2sat cvp pad pas pap pa ci
co svr svri pcwp wedge icp cpp k na cl co2 hco3 bun cr creat cre glu gluc glucose fs fsbs fsg bs hct hgb hb
wbc plt plts inr pt ptt mg ca ica ical phos lactate lac abg vbg ph pco2 po2 pao2 trop tnt ck ckmb bnp alt
ast alk tbili bili alb lipase amylase ldh tv vt peep ps fio2 rsbi ac simv cpap bipap imv mv ve pip uop uo
i/o i&o io intake output pain gcs rass ciwa cpot nihss braden morse ef qtc qrs pr hr's ie egfr a1c
tsh ammonia nh3 vanc vanco trough level dose rate gtt drip ns lr bolus prbc ffp plt's cc ml weight wt ht
bmi lvef ivc ra rv lv ao apgar mmse moca phq gad o2 nc fm nrb hfnc
""".split())
# KEYWORD [:=~@]? [an earlier value and a separator]? [(]? at the end of the text before the span:
# "BP 95/", "K 3.2->", "Cr 2.1 (", "PEEP=", "sats 92-"
_KEYWORD_BEFORE = re.compile(
    r"([A-Za-z][A-Za-z0-9/&']{0,6})\s*(?:[:=~@]|->)?\s*(?:\d[\d.,]*\s*(?:->|-|to|/|,)?\s*)?\(?$"
)
_UNIT_AFTER = re.compile(
    r"^\s*(?:mmhg|%|cc|ml|l\b|mg|mcg|gm?\b|units?|u\b|meq|mmol|mEq|/hr|/h\b|/min|bpm|kg|lbs?|cm|mm\b|"
    r"hrs?\b|h\b|min|mcg/kg|ng|pg|iu|breaths|beats|cmh2o|torr|sec|mosm)",
    re.I,
)
_NUMERIC = re.compile(r"^[\d\s./:()+\-<>~%x]+$", re.I)
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
            return not self._measurement(text, span, value)
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

    @staticmethod
    def _measurement(text: str, span: Span, value: str) -> bool:
        if _TIME_RANGE.match(value.strip()):
            return True
        line_start = text.rfind("\n", 0, span.start) + 1
        before = text[max(line_start, span.start - 16):span.start]
        m = _KEYWORD_BEFORE.search(before)
        if m:
            keyword = m.group(1).lower()
            if keyword in MEASURE_KEYWORDS or keyword.removesuffix("s") in MEASURE_KEYWORDS:
                return True
        return bool(_UNIT_AFTER.match(text[span.end:span.end + 10]))
