"""Ages of 90 and over (``AGE``); younger ages are not PHI and never match.

Safe Harbor groups ages over 89 as "90 or older". The span is the number only ("93" in "93-year-old"),
so a policy can replace it and keep "-year-old".
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

#: 90-129: the regex itself never matches an age under 90
_OLD = r"(?<![\d.,])(?:9\d|1[0-2]\d)(?![\d.,]\d)"
#: "93 yo", "93 y/o", "93 y.o.", "93yo", "93-year-old", "93 year old", "93 yrs old", "93 years of age"
_AGE_UNIT = (
    r"(?=[ \t]*-?[ \t]*(?:y/?o\b|y\.o\b|yo[mf]\b|yrs?\.?[ \t\-]*old\b|years?[ \t\-]*old\b"
    r"|y(?:ea)?rs?[ \t]+of[ \t]+age\b))"
)
#: "93F", "93 M", "93 yo F": capital M/F only, and not a temperature ("T 95 F", "fever to 101 F")
_SEX = r"(?=[ \t]?(?-i:[MF])\b(?![°/]))"
_NOT_A_TEMPERATURE = r"(?<!\b(?:t|temp|temperature|tmax|tm|tc|fever|febrile|to|of|at|°)[ \t:]*)"


class AgeOver89Recognizer(PhiPatternRecognizer):
    """Clinical age forms for 90 and above: "93 yo", "93-year-old", "aged 93", "age: 93", "93F"."""

    ENTITY = PhiType.AGE
    NAME = "age"
    PATTERNS = (
        Pattern("age_with_unit", _OLD + _AGE_UNIT, 0.9),
        Pattern("age_with_sex", _NOT_A_TEMPERATURE + _OLD + _SEX, 0.75),
        Pattern(
            "age_labelled", r"(?<=\bage[ds]?[ \t]*[:=]?[ \t]*)" + _OLD + r"(?![ \t]*(?:%|mg|kg|lbs?)\b)", 0.9
        ),
        # "in her 90s", "in his late 90s": the decade is the age
        Pattern(
            "age_decade",
            r"(?<=\b(?:his|her|their|the)[ \t]+(?:(?:early|mid|late)[ \t\-]+)?)(?:9\d|1[0-2]\d)(?=['’]?s\b)",
            0.8,
        ),
    )
    CONTEXT = ("age", "aged", "old", "yo", "year")
