"""surrogate.date_shift.v1 and parse_date: every listed form is read, shifted and written back alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phideid.surrogates import SurrogateContext, parse_date
from phideid.types import PhiType

from .conftest import KEY, build

shift = build("surrogate.date_shift.v1")


def shifted(value: str, days: int) -> str:
    ctx = SurrogateContext(key=KEY, date_offset_days=days, scope="patient-1")
    return shift(value, PhiType.DATE, ctx)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7/22", "8/11"),
        ("7/22/09", "8/11/09"),
        ("07/22/2009", "08/11/2009"),
        ("07-22-2009", "08-11-2009"),
        ("22.07.2009", "11.08.2009"),
        ("22-Jul-2009", "11-Aug-2009"),
        ("22-JUL-09", "11-AUG-09"),
        ("22 Jul 2009", "11 Aug 2009"),
        ("22JUL2009", "11AUG2009"),
        ("July 22nd", "August 11th"),
        ("July 22, 2009", "August 11, 2009"),
        ("Jul. 22, 2009", "Aug. 11, 2009"),
        ("JULY 22ND, 2009", "AUGUST 11TH, 2009"),
        ("the 22nd of July, 2009", "the 11th of August, 2009"),
        ("Wednesday, July 22, 2009", "Tuesday, August 11, 2009"),
        ("Jul 2009", "Aug 2009"),
        ("july 2009", "august 2009"),
        ("Jul '09", "Aug '09"),
        ("2009-07-22", "2009-08-11"),
        ("2009-07", "2009-08"),
        ("the 22nd", "the 11th"),
        ("2009-07-22T14:30", "2009-08-11T14:30"),
        ("2009-07-22 14:30:00Z", "2009-08-11 14:30:00Z"),
        ("7/22/2009 14:30", "8/11/2009 14:30"),
        ("7/22/09 2:30 PM", "8/11/09 2:30 PM"),
        ("7/22/09 1430", "8/11/09 1430"),
        ("20090722", "20090811"),
        ("200907221430", "200908111430"),
        ("20090722143000.1234-0500", "20090811143000.1234-0500"),
        ("200907", "200908"),
        ("12/31/09", "1/20/10"),
        ("07/02/2009", "07/22/2009"),
        ("Sept 3, 2009", "Sept 23, 2009"),
        ("  7/22/2009 ", "  8/11/2009 "),
    ],
)
def test_every_form_is_shifted_in_its_own_format(value, expected):
    assert shifted(value, 20) == expected


@pytest.mark.parametrize(
    ("value", "days", "expected"),
    [
        ("2009", 200, "2010"),  # July 1st + 200 days
        ("2009", -200, "2008"),
        ("'09", 200, "'10"),
        ("3/1/2008", -1, "2/29/2008"),
        ("3/1", -1, "2/28"),  # no year: a non-leap reference year
        ("2/29", 1, "3/1"),
        ("the 30th", 5, "the 4th"),  # day only: within a 31-day month
        ("December", 30, "January"),
        ("Jul 2009", 10, "Jul 2009"),  # month-year moves the 15th: still July
    ],
)
def test_partial_dates(value, days, expected):
    assert shifted(value, days) == expected


@pytest.mark.parametrize(
    "value",
    ["hello", "13/45/2009", "2/30/2009", "", "   ", "7/22/2009 25:99", "Jul 45th", "2009-13-01", "0/0"],
)
def test_unparseable_value_becomes_a_tag_never_itself(value):
    assert shifted(value, 20) == "[DATE]"


def test_tag_param():
    ctx = SurrogateContext(key=KEY, date_offset_days=3)
    assert build("surrogate.date_shift.v1", tag="**DATE**")("not a date", PhiType.DATE, ctx) == "**DATE**"


@pytest.mark.parametrize(
    ("value", "components"),
    [
        ("7/22", (None, 7, 22)),
        ("22/7/2009", (2009, 7, 22)),  # day first when the first number cannot be a month
        ("Jul 2009", (2009, 7, None)),
        ("'09", (2009, None, None)),
        ("'30", (1930, None, None)),  # two-digit years are never after the reference year
        ("the 22nd", (None, None, 22)),
        ("200907221430", (2009, 7, 22)),
    ],
)
def test_parse_date_components(value, components):
    parsed = parse_date(value, reference_year=2026)
    assert parsed is not None
    assert (parsed.year, parsed.month, parsed.day) == components


def test_render_with_the_same_components_gives_the_text_back():
    for text in ["07/22/2009", "22-Jul-2009", "JULY 22ND", "Tue, Jul 22, 2008 14:30", "20090722143000"]:
        p = parse_date(text)
        assert p is not None and p.render(p.year, p.month, p.day, p.weekday) == text


# --- intervals hold (property) -----------------------------------------------------------------------

FORMATS = {
    "mm/dd/yyyy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "m/d/yyyy": lambda d: f"{d.month}/{d.day}/{d.year}",
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "dd-Mon-yyyy": lambda d: d.strftime("%d-%b-%Y"),
    "Month d, yyyy": lambda d: f"{d.strftime('%B')} {d.day}, {d.year}",
    "yyyymmdd": lambda d: d.strftime("%Y%m%d"),
    "yyyymmddhhmm": lambda d: d.strftime("%Y%m%d") + "0930",
    "iso datetime": lambda d: d.isoformat() + "T23:59:59",
}

AMBIGUOUS_PADDING = {"mm/dd/yyyy", "m/d/yyyy"}

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31))
offsets = st.integers(min_value=-3650, max_value=3650).filter(lambda n: n != 0)


@given(d1=dates, d2=dates, days=offsets, form=st.sampled_from(sorted(FORMATS)))
def test_intervals_between_full_dates_hold(d1, d2, days, form):
    write = FORMATS[form]
    out1, out2 = shifted(write(d1), days), shifted(write(d2), days)
    p1, p2 = parse_date(out1), parse_date(out2)
    assert p1 is not None and p2 is not None
    assert p1.as_date() - p2.as_date() == d1 - d2
    assert p1.as_date() == d1 + timedelta(days=days)
    new = d1 + timedelta(days=days)
    if form in AMBIGUOUS_PADDING and d1.month >= 10 and d1.day >= 10:
        # "10/10/2000" does not show whether the writer pads: either writing is faithful
        assert out1 in {FORMATS["mm/dd/yyyy"](new), FORMATS["m/d/yyyy"](new)}
    else:
        assert out1 == write(new)  # the format is kept exactly


#: two-digit years are read as the latest such year not after the reference year (2026)
pivot_window_dates = st.dates(min_value=date(1927, 1, 1), max_value=date(2026, 12, 31))


@given(d=pivot_window_dates, days=offsets)
def test_two_digit_year_and_ordinal_forms_hold(d, days):
    text = f"{d.strftime('%B')} {d.day}{_suffix(d.day)}, '{d.year % 100:02d}"
    new = d + timedelta(days=days)
    assert shifted(text, days) == f"{new.strftime('%B')} {new.day}{_suffix(new.day)}, '{new.year % 100:02d}"


def _suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
