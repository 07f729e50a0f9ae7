"""Dates and date-times below the year (``DATE``).

Safe Harbor removes every element of a date except the year, so "7/22", "Jul 2009", "the 22nd" and
"'09" are all PHI. Clinical text is full of numbers that look like dates and are not: doses ("1/2 tab",
"5/325 mg"), blood pressures ("120/80"), scores ("pain 7/10", "strength 5/5", "2/6 murmur"), times alone
("14:30") and durations ("2 weeks ago"). The rules below say which look-alike each guard is for.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import MONTH
from phideid.types import PhiType

_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR4 = r"(?:1[89]|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)"
#: an optional time of day after a date: "2009-07-22T14:30", "7/22/2009 14:30", "7/22/09 at 2:30 pm"
_TIME = (
    r"(?:(?:[ \t]+(?:at[ \t]+|@[ \t]*)?|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:[ \t]?[ap]\.?m\b\.?)?(?:Z|[+\-]\d{2}:?\d{2})?)?"
)
#: words after "m/d" that make it a dose ("1/2 tab", "5/325 mg"); "3/14 Mg 1.8" is magnesium on a date
_DOSE_AFTER = (
    r"(?![ \t]*(?:tabs?|tablets?|caps?|capsules?|pills?|(?-i:mg)|(?:mg|MG)(?![ \t]*[:=]?[ \t]*\.?\d)|mcg|"
    r"gm?|ml|l|units?|puffs?|drops?|gtts?|sprays?|doses?|times|x|mm|mmhg|cm|hpf|lpf|ns|normal|%)\b)"
)
#: words after "m/d" that make it a count or a score ("5/5 strength", "2/6 systolic murmur", "4/5 in")
_SCORE_AFTER = (
    r"(?![ \t]*(?:pain|murmur|sem|hsm|systolic|diastolic|holosystolic|strength|str|scale|score|of|in|"
    r"on|bilaterally|b/l)\b)"
)
_NOT_A_DATE_AFTER = _DOSE_AFTER + _SCORE_AFTER
#: words before "m/d" that make it a score or a ratio ("pain 7/10", "BP 90/60", "GCS 3/15")
_NOT_A_DATE_BEFORE = (
    r"(?<!\b(?:pain|strength|murmur|score|scale|rated|rates|grade|ratio|bp|b/p|pressure|motor|power|"
    r"reflexes|dtrs?|edema|stage|apgars?|gcs|nyha|sbp|dbp|vision|va|acuity|i:e)[ \t]*[:=]?[ \t]*"
    r"(?:of[ \t]+|is[ \t]+|was[ \t]+)?)"
)
#: the whole part of a mixed number ("1 1/2 tabs"); a decimal or a time before a date is not one
#: ("Cr 1.8 3/14", "0600 3/14")
_MIXED_NUMBER_WHOLE = r"(?<![.\d])\d{1,3}[ \t]"
#: common fractions, taken as fractions unless a date word comes first ("on 3/4"); "11/2" is not "1/2"
_FRACTION = r"(?<![\d/])(?:1/[2-48]|[23]/[34]|[357]/8)(?![\d/])"
#: words that make a bare "m/d" or "the 22nd" a date
_DATE_CUE = (
    r"(?:on|since|from|until|till|through|thru|by|dated?|dos|seen|admitted|discharged|as[ \t]+of|"
    r"starting|started|effective|before|after|between|and|to)"
)
#: the date words that make a dashed pair a date ("on 3-12"), not a range
_STRONG_DATE_CUE = r"(?:on|since|dated?|dos|admitted|discharged|until|till|as[ \t]+of)"
#: "on the 3rd floor", "on the 2nd day": an ordinal that is not a day of the month
_NOT_A_DAY_AFTER = (
    r"(?![ \t]+(?:floor|day|week|month|year|time|attempt|dose|cycle|line|try|digit|finger|toe|rib|"
    r"intercostal|ics|metatarsal|ventricle|nerve|degree|grade|trimester|percentile|postoperative|"
    r"hospital|occasion|round|visit|admission|generation|order|left|right|hour|hr|minute|min|shift|"
    r"night|bag|liter|unit|port|arm|compartment|lumen|layer|space|position|stage|level|vertebra|"
    r"bottle|set|episode|tab|pill)s?\b)"
)


_HOLIDAY = (
    # the first-letter test keeps the long alternation off most positions
    r"\b(?=[cxtehkpryngfvmil4])"
    r"(?:(?:christmas|xmas|x-mas)(?:[ \t]+eve)?(?![ \t]+(?:disease|factor|tree))|thanksgiving|"
    r"easter(?:[ \t]+sunday)?|hanukk?ah|chanukk?ah|kwanzaa|halloween|passover|rosh[ \t]+hashanah|"
    r"yom[ \t]+kippur|good[ \t]+friday|new[ \t]+year'?s(?:[ \t]+(?:day|eve))?|"
    r"(?:fourth|4th)[ \t]+of[ \t]+july|"
    r"(?:valentine'?s|memorial|(?-i:Labor|LABOR)|independence|veterans'?|presidents'?|mother'?s|"
    r"father'?s|columbus|mlk|martin[ \t]+luther[ \t]+king(?:[ \t]+jr\.?)?)[ \t]+day)\b"
)


class DateRecognizer(PhiPatternRecognizer):
    """Numeric, ISO, spelled-out and partial dates, with an optional time of day."""

    ENTITY = PhiType.DATE
    NAME = "date"
    PATTERNS = (
        # 2009-07-22, 2009/07/22, 2009-07-22T14:30:00Z
        Pattern("date_iso", rf"(?<![\d\-/.]){_YEAR4}([\-/.]){_M}\1{_D}{_TIME}(?![\d\-/])", 0.95),
        # 7/22/09, 07/22/2009, 22/07/2009, 7-22-2009, 7/22/2009 14:30
        Pattern(
            "date_numeric",
            rf"(?<![\d\-/.:]){_D}([/\-]){_D}\1(?:{_YEAR4}|\d{{2}}){_TIME}(?![\d/\-]|\.\d)",
            0.9,
        ),
        # 07.22.2009
        Pattern("date_dotted", rf"(?<![\d.]){_D}\.{_D}\.{_YEAR4}{_TIME}(?!\d|\.\d)", 0.85),
        # 3.14.19: month first and a two-digit day; not a version ("v3.5.10", "1.2.33")
        Pattern(
            "date_dotted_short_year",
            rf"(?<![\w.]){_M}\.(?:0[1-9]|[12]\d|3[01])\.\d{{2}}(?!\d|\.\d){_NOT_A_DATE_AFTER}",
            0.6,
        ),
        # "on 7/22", "since 3/4": a date word in front wins over the fraction reading
        Pattern(
            "date_month_day_cued",
            rf"(?<=\b{_DATE_CUE}[ \t]+){_M}/{_D}(?![\d/]|\.\d){_DOSE_AFTER}",
            0.85,
        ),
        # the end of a range of dates: "abx 3/12-3/19" (the start is found by the other patterns)
        Pattern(
            "date_range_end",
            rf"(?=\d)\b(?<=(?<![\d/.]){_M}/{_D}[ \t]*[\-–][ \t]*){_M}/{_D}(?![\d/]|\.\d){_NOT_A_DATE_AFTER}",
            0.85,
        ),
        # 3/2019, 03/2019: month and year
        Pattern("date_month_slash_year", rf"(?<![\d/.\-:]){_M}/{_YEAR4}(?![\d/\-]|\.\d){_DOSE_AFTER}", 0.85),
        # "on 3-12", "since 10-14": a dashed month-day is a range ("HR 10-14", "2-4 L") unless a date word
        # comes first
        Pattern(
            "date_month_day_dash_cued",
            rf"(?=\d)\b(?<=\b{_STRONG_DATE_CUE}[ \t]+){_M}-{_D}(?![\d\-/]|\.\d){_DOSE_AFTER}",
            0.75,
        ),
        # "in 2015", "during 1998": a year that dates an event; "since 2000" and "until 1900" are times of
        # day in a note, and "in 2000" is as often a volume, so round hundreds are left out
        Pattern(
            "date_year_cued",
            r"(?=\d)\b(?<=\b(?:in|during|circa)[ \t]+)(?!\d\d00\b)(?:19\d{2}|20[0-3]\d)\b(?![\-/:.]\d)"
            + _DOSE_AFTER,
            0.7,
        ),
        # "CABG (2015)", "PPM (2018, Cedar Valley)": a year opening a bracket dates what comes before it
        Pattern("date_year_bracketed", r"(?<=\()(?!\d\d00\b)(?:19[5-9]\d|20[0-3]\d)(?=[ \t]*[),;])", 0.7),
        # a bare 7/22: not a fraction, not a dose, not a score
        Pattern(
            "date_month_day",
            rf"{_NOT_A_DATE_BEFORE}(?<![\d/.\-:]|{_MIXED_NUMBER_WHOLE}){_M}/{_D}(?![\d/]|\.\d)"
            rf"(?<!{_FRACTION}){_NOT_A_DATE_AFTER}",
            0.6,
        ),
        # 22-Jul-2009, 22 Jul 2009, 22nd of July, 3 March '09; not a decimal ("K 6.1 May be")
        Pattern(
            "date_day_month",
            rf"\b(?<![.,]){_D}{_ORD}?(?:[ \t]*[\-/][ \t]*|[ \t]+(?:of[ \t]+)?){MONTH}\b\.?"
            rf"(?:(?:[ \t]*[\-/,][ \t]*|[ \t]+)(?:{_YEAR4}|'\d{{2}}|\d{{2}})(?![\d:]))?{_TIME}",
            0.85,
        ),
        # July 22nd, July 22, 2009, Sept. 5 at 14:30
        Pattern(
            "date_month_day_name",
            rf"\b{MONTH}\b\.?[ \t]+{_D}{_ORD}?\b(?:,?[ \t]+{_YEAR4}\b)?{_TIME}(?![\d:.]\d)"
            rf"{_NOT_A_DATE_AFTER}",
            0.85,
        ),
        # Jul 2009, July of 2009, Jul '09
        Pattern("date_month_year", rf"\b{MONTH}\b\.?,?[ \t]*(?:of[ \t]+)?(?:{_YEAR4}\b|'\d{{2}}\b)", 0.85),
        # a month on its own; "May" and "March" are left out (verbs and names)
        Pattern(
            "date_month_name",
            r"\b(?:january|february|april|june|july|august|september|october|november|december)\b",
            0.6,
        ),
        # holidays date an event as a day does ("home for Christmas"); not "Christmas disease" (factor IX)
        Pattern("date_holiday", _HOLIDAY, 0.85),
        # '09 (a two-digit year); not 5'10" (a height)
        Pattern("date_short_year", r"(?<![\w'’])['’]\d{2}\b(?!['\"”’])", 0.6),
        # "on the 22nd"; not "on the 3rd floor"
        Pattern(
            "date_ordinal_day",
            rf"(?<=\b(?:{_DATE_CUE}|of)[ \t]+the[ \t]+){_D}{_ORD}\b{_NOT_A_DAY_AFTER}",
            0.7,
        ),
    )
    CONTEXT = ("date", "dated", "dob", "dos", "admitted", "discharged", "born", "on", "since")

    _NUMERIC = regex.compile(r"^(\d{1,2})[/\-.](\d{1,2})")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "13/13/09", "31-31-2009": a numeric date needs a month on one side of the separator
        m = self._NUMERIC.match(pattern_text)
        if m is None:
            return False
        first, second = int(m.group(1)), int(m.group(2))
        return first > 12 and second > 12
