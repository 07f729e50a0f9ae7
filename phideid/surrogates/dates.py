"""``surrogate.date_shift.v1``: clinical dates parsed, shifted by the patient's offset, written back alike.

``parse_date`` reads one date value into a ``ParsedDate``: its year, month and day (each may be absent)
and the position and style of every component in the text, so ``ParsedDate.render`` can write new
components back in the exact original format: zero padding, separators, month name or abbreviation and
its case, ordinal suffix, two-digit years, weekday names, and any time of day left untouched.

Forms read (case-insensitive month and weekday names; a time may follow any form with a day)::

    7/22  7/22/09  07/22/2009  07-22-2009  22.07.2009  22/7/2009 (day first when the first number > 12)
    22-Jul-2009  22 Jul 2009  22JUL2009  22nd of July  the 22nd of July, 2009
    July 22nd  July 22, 2009  Jul. 22 2009  Tuesday, July 22, 2009
    Jul 2009  July, 2009  Jul '09  July (month alone)
    2009-07-22  2009/07/22  2009-07  '09  2009  the 22nd  22nd
    2009-07-22T14:30  2009-07-22 14:30:00Z  7/22/2009 14:30  7/22/09 2:30 PM  7/22/09 1430
    HL7 DTM: 200907  20090722  200907221430  20090722143000.1234-0500

Shifting (``ParsedDate.shifted``): a full date moves by the offset, so intervals between a patient's
dates hold. Partial dates move a representative day and keep only the components they had: no year ->
a non-leap reference year (a leap one for 2/29); month-year -> the 15th; year only -> July 1st; day only
("the 22nd") -> within a 31-day month. A weekday name moves with the date (offset mod 7).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from phideid.surrogates._support import check_text, reject_unknown
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

DATE_SHIFT = "surrogate.date_shift.v1"

#: year used to shift a date without a year (non-leap, so a shifted 2/28 + 1 is 3/1), and for 2/29
NO_YEAR_REFERENCE = 2001
NO_YEAR_LEAP_REFERENCE = 2000
DEFAULT_REFERENCE_YEAR = 2026

MONTHS_FULL = tuple(calendar.month_name)[1:]
MONTHS_ABBR = tuple(calendar.month_abbr)[1:]
WEEKDAYS_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ABBR = tuple(w[:3] for w in WEEKDAYS_FULL)

_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(MONTHS_FULL)}
_MONTH_NUMBER |= {name.lower(): i + 1 for i, name in enumerate(MONTHS_ABBR)}
_MONTH_NUMBER["sept"] = 9
_WEEKDAY_NUMBER = {w.lower(): i for i, w in enumerate(WEEKDAYS_FULL)}
_WEEKDAY_NUMBER |= {w.lower(): i for i, w in enumerate(WEEKDAYS_ABBR)}
_WEEKDAY_NUMBER |= {"tues": 1, "thur": 3, "thurs": 3}


@dataclass(frozen=True, slots=True)
class DatePart:
    """Where one component sits in the text and how it is written.

    ``kind`` is year, month, day or weekday. ``style``: year ``yyyy``/``yy``; month ``m``/``mm`` (numeric,
    unpadded/padded), ``name``/``abbr``/``sept``; day ``d``/``dd``; weekday ``name``/``abbr``. ``case``
    (upper, lower, title) applies to names and to a day's ordinal suffix (``ordinal`` true).
    """

    kind: str
    start: int
    end: int
    style: str
    case: str = "title"
    ordinal: bool = False


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date value read by ``parse_date``: its components and how to write them back."""

    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    parts: tuple[DatePart, ...]

    @property
    def is_full(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None

    def as_date(self) -> date | None:
        """The calendar date, when year, month and day are all present."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def render(self, year: int | None, month: int | None, day: int | None, weekday: int | None = None) -> str:
        """The original text with each component replaced by the given one, written in the same style."""
        out: list[str] = []
        pos = 0
        values = {"year": year, "month": month, "day": day, "weekday": weekday}
        for part in self.parts:
            out.append(self.text[pos : part.start])
            value = values[part.kind]
            if value is None:
                raise ValueError(f"a {part.kind} is needed to render this date")
            out.append(_render_part(part, value))
            pos = part.end
        out.append(self.text[pos:])
        return "".join(out)

    def shifted(self, days: int) -> str:
        """This date moved by ``days``, in its own format (see the module docstring for partial dates)."""
        y, m, d = self.year, self.month, self.day
        weekday = None if self.weekday is None else (self.weekday + days) % 7
        if y is not None and m is not None and d is not None:
            new = date(y, m, d) + timedelta(days=days)
            return self.render(new.year, new.month, new.day, weekday)
        if y is not None and m is not None:
            new = date(y, m, 15) + timedelta(days=days)
            return self.render(new.year, new.month, None, weekday)
        if y is not None:
            new = date(y, 7, 1) + timedelta(days=days)
            return self.render(new.year, None, None, weekday)
        if m is not None:
            base = NO_YEAR_LEAP_REFERENCE if (m, d) == (2, 29) else NO_YEAR_REFERENCE
            new = date(base, m, d if d is not None else 15) + timedelta(days=days)
            return self.render(None, new.month, new.day if d is not None else None, weekday)
        if d is not None:
            return self.render(None, None, (d - 1 + days) % 31 + 1, weekday)
        raise ValueError("a date needs at least one component")


def _apply_case(text: str, case: str) -> str:
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    return text


def _case_of(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and all(c.islower() for c in letters):
        return "lower"
    return "title"


def ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _render_part(part: DatePart, value: int) -> str:
    if part.kind == "year":
        return f"{value % 100:02d}" if part.style == "yy" else f"{value:04d}"
    if part.kind == "weekday":
        names = WEEKDAYS_FULL if part.style == "name" else WEEKDAYS_ABBR
        return _apply_case(names[value], part.case)
    if part.kind == "month" and part.style in ("name", "abbr", "sept"):
        if part.style == "name":
            name = MONTHS_FULL[value - 1]
        else:
            name = "Sept" if part.style == "sept" and value == 9 else MONTHS_ABBR[value - 1]
        return _apply_case(name, part.case)
    text = f"{value:02d}" if part.style in ("mm", "dd") else str(value)
    if part.ordinal:
        text += _apply_case(ordinal_suffix(value), part.case)
    return text


# --- the forms ---------------------------------------------------------------------------------------

_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_WD = (
    r"(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+)?"
)
_TIME = (
    r"(?P<time>(?:T|\s*,\s*(?:at\s+)?|\s+(?:at\s+|@\s*)?)"
    r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|\d{4}(?:\s*h(?:rs?)?)?)"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[ECMP][SD]T|UTC|GMT))?)?"
)
_ORD = r"(?P<ord>st|nd|rd|th)"
_YEAR_ANY = r"(?P<y>\d{4}|'?\d{2})"

_FLAGS = re.IGNORECASE
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, _FLAGS))
    for name, pattern in (
        ("compact", r"(?P<y>\d{4})(?P<m>\d{2})(?:(?P<d>\d{2})(?P<hms>(?:\d{2}){1,3}(?:\.\d{1,4})?)?)?"
                    r"(?P<tz>[+-]\d{4})?"),
        ("year", r"(?P<y>'\d{2}|(?:1[89]|2[01])\d{2})"),
        ("num_mdy", _WD + r"(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})" + _TIME),
        ("num_md", _WD + r"(?P<a>\d{1,2})/(?P<b>\d{1,2})" + _TIME),
        ("iso", _WD + r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _TIME),
        ("iso_ym", r"(?P<y>\d{4})-(?P<m>\d{2})"),
        ("d_mon_y", _WD + r"(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"?(?P<s1>\s*-\s*|\s+of\s+|\s+|(?=[a-z]))"
                    + _MON + r"\.?(?:(?:\s*,\s*|\s+|-|(?=\d))" + _YEAR_ANY + r")?" + _TIME),
        ("mon_d_y", _WD + _MON + r"\.?(?:\s+|-|\s*\.\s*)(?P<d>\d{1,2})" + _ORD
                    + r"?(?:(?:\s*,\s*|\s+|-)(?P<y>\d{4}|'\d{2}))?" + _TIME),
        ("mon_y", _MON + r"\.?(?:\s*,\s*|\s+of\s+|\s+|-|\s*/\s*)(?P<y>\d{4}|'\d{2})"),
        ("mon", _MON + r"\.?"),
        ("day", r"(?:the\s+)?(?P<d>\d{1,2})" + _ORD),
    )
)  # fmt: skip


def parse_date(text: str, *, reference_year: int = DEFAULT_REFERENCE_YEAR) -> ParsedDate | None:
    """Read one date value; None when it is not a date in one of the forms listed in the module docstring.

    ``reference_year`` places two-digit years: "09" is the latest year ending in 09 that is not after it.

    >>> parse_date("July 22nd, 2009").shifted(10)
    'August 1st, 2009'
    >>> parse_date("07/22/09 14:30").shifted(-30)
    '06/22/09 14:30'
    """
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if not body or len(body) > 64:
        return None
    for form, pattern in _FORMS:
        m = pattern.fullmatch(body)
        if m is None:
            continue
        parsed = _build(form, m, text, lead, reference_year)
        if parsed is not None:
            return parsed
    return None


def _span(m: re.Match[str], group: str, lead: int) -> tuple[int, int]:
    start, end = m.span(group)
    return start + lead, end + lead


def _year_part(m: re.Match[str], lead: int, reference_year: int) -> tuple[int, DatePart]:
    raw = m.group("y")
    start, end = _span(m, "y", lead)
    if raw.startswith("'"):
        raw, start = raw[1:], start + 1
    if len(raw) == 2:
        yy = int(raw)
        year = reference_year - ((reference_year - yy) % 100)
        return year, DatePart("year", start, end, "yy")
    return int(raw), DatePart("year", start, end, "yyyy")


def _num_style(raw: str, sibling: str, kind: str, default_pad: bool) -> str:
    if len(raw) == 1:
        pad = False
    elif raw.startswith("0"):
        pad = True
    elif len(sibling) == 1:
        pad = False
    elif sibling.startswith("0"):
        pad = True
    else:
        pad = default_pad
    return (kind[0] * 2) if pad else kind[0]


def _time_ok(m: re.Match[str]) -> bool:
    time = m.groupdict().get("time")
    if not time:
        return True
    numbers = re.findall(r"\d+", time)
    if ":" not in time and numbers and len(numbers[0]) == 4:
        hh, mm = int(numbers[0][:2]), int(numbers[0][2:])
        return hh <= 24 and mm < 60
    return int(numbers[0]) <= 24 and (len(numbers) < 2 or int(numbers[1]) < 60)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= 31:
        return False
    if year is not None and not 1000 <= year <= 9998:
        return False
    if month is not None and day is not None:
        days_in = calendar.monthrange(year if year is not None else NO_YEAR_LEAP_REFERENCE, month)[1]
        return day <= days_in
    return True


def _build(form: str, m: re.Match[str], text: str, lead: int, reference_year: int) -> ParsedDate | None:
    groups = m.groupdict()
    parts: list[DatePart] = []
    year = month = day = weekday = None
    if not _time_ok(m):
        return None

    if groups.get("y"):
        year, part = _year_part(m, lead, reference_year)
        parts.append(part)

    if form in ("num_mdy", "num_md"):
        a, b = groups["a"], groups["b"]
        if int(a) > 12 and int(b) <= 12:
            (mon_g, mon_raw), (day_g, day_raw) = ("b", b), ("a", a)
        else:
            (mon_g, mon_raw), (day_g, day_raw) = ("a", a), ("b", b)
        month, day = int(mon_raw), int(day_raw)
        parts.append(DatePart("month", *_span(m, mon_g, lead), _num_style(mon_raw, day_raw, "month", False)))
        parts.append(DatePart("day", *_span(m, day_g, lead), _num_style(day_raw, mon_raw, "day", False)))
    elif groups.get("m"):
        raw_m = groups["m"]
        month = int(raw_m)
        sibling = groups.get("d") or raw_m
        parts.append(DatePart("month", *_span(m, "m", lead), _num_style(raw_m, sibling, "month", True)))
        if groups.get("d"):
            day = int(groups["d"])
            parts.append(DatePart("day", *_span(m, "d", lead), _num_style(groups["d"], raw_m, "day", True)))
        elif form == "compact" and (groups.get("hms") or groups.get("tz")):
            return None
        if form == "compact" and groups.get("hms") and not _hms_ok(groups["hms"]):
            return None
    if groups.get("mon"):
        raw = groups["mon"]
        month = _MONTH_NUMBER[raw.lower()]
        if raw.lower() == "sept":
            style = "sept"
        elif raw.lower() == "may":
            style = "abbr" if (groups.get("s1") or "").strip() == "-" else "name"
        elif raw.lower() in _full_lower:
            style = "name"
        else:
            style = "abbr"
        parts.append(DatePart("month", *_span(m, "mon", lead), style, _case_of(raw)))
    if form in ("d_mon_y", "mon_d_y", "day"):
        day = int(groups["d"])
        ordinal = bool(groups.get("ord"))
        case = _case_of(groups["ord"]) if ordinal else "title"
        raw_d = groups["d"]
        # "22-Jul-2009" is the padded DD-MON-YYYY of lab systems; "22 Jul 2009" is prose
        hyphenated = (groups.get("s1") or "").strip() == "-"
        style = "dd" if raw_d.startswith("0") or (hyphenated and len(raw_d) == 2) else "d"
        start, end = _span(m, "d", lead)
        if ordinal:
            end = _span(m, "ord", lead)[1]
        parts.append(DatePart("day", start, end, style, case, ordinal))
    if groups.get("wd"):
        weekday = _WEEKDAY_NUMBER[groups["wd"].lower()]
        style = "name" if groups["wd"].lower() in _weekdays_full_lower else "abbr"
        parts.append(DatePart("weekday", *_span(m, "wd", lead), style, _case_of(groups["wd"])))

    if not _valid(year, month, day):
        return None
    parts.sort(key=lambda p: p.start)
    return ParsedDate(text, year, month, day, weekday, tuple(parts))


def _hms_ok(hms: str) -> bool:
    digits = hms.split(".")[0]
    hh = int(digits[:2])
    rest = [int(digits[i : i + 2]) for i in range(2, len(digits), 2)]
    return hh <= 23 and all(x < 60 for x in rest)


_full_lower = frozenset(n.lower() for n in MONTHS_FULL)
_weekdays_full_lower = frozenset(n.lower() for n in WEEKDAYS_FULL)


@transforms.register(DATE_SHIFT)
class DateShift:
    """Shift a date by the patient's ``ctx.date_offset_days``, keeping its exact format.

    Parameters
    ----------
    tag : str, default "[DATE]"
        Written instead of a value that cannot be read as a date (it is never passed on unchanged).
    """

    name = DATE_SHIFT

    def __init__(self, *, tag: str = "[DATE]", **unknown: object) -> None:
        reject_unknown(DATE_SHIFT, unknown)
        self.tag = check_text(DATE_SHIFT, "tag", tag)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        parsed = parse_date(value, reference_year=ctx.reference_year)
        if parsed is None:
            return self.tag
        try:
            return parsed.shifted(ctx.date_offset_days)
        except (OverflowError, ValueError):
            return self.tag
