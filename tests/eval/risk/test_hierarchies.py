"""The ladders a Safe Harbor reviewer expects: 90+, ZIP3 (000 for restricted areas), quarters and years."""

from __future__ import annotations

import pytest

from eval.risk.hierarchies import apply, choose_kind, make_ladder, parse_date
from phideid.surrogates.safe_harbor import load_zip3_table


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_ages_over_89_are_90_plus_at_every_level_below_the_top(level):
    ages = make_ladder("age", ["93"])
    assert apply(ages, "93", level) == "90+"
    assert apply(ages, "90", level) == "90+"
    assert apply(ages, "104", level) == "90+"
    assert apply(ages, "93", len(ages.levels) - 1) == "*"


def test_age_bands():
    ages = make_ladder("age", ["47"])
    assert [apply(ages, "47", level) for level in range(5)] == ["47", "45-49", "40-49", "40-59", "*"]
    assert apply(ages, "85", 3) == "80-89"  # a band never reaches into 90+
    assert apply(ages, "89", 0) == "89"


def test_zip_ladder_gives_zip3_and_000_for_restricted_areas():
    zips = make_ladder("zip", ["02139"])
    assert [apply(zips, "02139", level) for level in range(5)] == ["02139", "0213", "021", "02", "*"]
    assert apply(zips, "02139-4307", 2) == "021"
    restricted = sorted(load_zip3_table("census2000").restricted)[0]
    assert apply(zips, f"{restricted}17", 2) == "000"
    assert apply(zips, f"{restricted}17", 3) == "00"  # the 000 group stays together above ZIP3


def test_dates_to_month_quarter_year_and_span():
    dates = make_ladder("date", ["2019-08-15"])
    assert [apply(dates, "2019-08-15", level) for level in range(6)] == [
        "2019-08-15", "2019-08", "2019-Q3", "2019", "2015-2019", "*",
    ]  # fmt: skip
    # HL7 v2 DTM and US forms read alike
    assert apply(dates, "19880818112600+0215", 2) == "1988-Q3"
    assert apply(dates, "3/2/1960", 3) == "1960"
    assert parse_date("2019-13-01") is None and parse_date("12345678") is None


def test_missing_stays_missing_until_the_top():
    zips = make_ladder("zip", ["02139"])
    assert apply(zips, None, 2) is None
    assert apply(zips, None, 4) == "*"


def test_numbers_get_ranges_of_growing_width():
    values = [str(v) for v in range(40, 141)]
    weights = make_ladder("number", values)
    assert weights.kind == "number" and weights.levels[0] == "exact" and weights.levels[-1] == "*"
    widths = [float(name.split()[-1]) for name in weights.levels[1:-1]]
    assert widths == sorted(widths) and len(widths) == 4
    assert apply(weights, "77", 1) == "75-79"  # width 5 for a span of 100


@pytest.mark.parametrize(
    ("column", "values", "kind"),
    [
        ("age", ["34", "93"], "age"),
        ("patient_age", ["34"], "age"),
        ("zip", ["02139", "10001-1234"], "zip"),
        ("Patient.address.postalCode", ["98052"], "zip"),
        ("PID-11.5", ["53703"], "zip"),
        ("birth_date", ["2019-08-15"], "date"),
        ("PID-7", ["198808181126+0215"], "date"),
        ("sex", ["F", "M"], "sex"),
        ("Patient.gender", ["female"], "sex"),
        ("weight", ["71.5", "80"], "number"),
        ("diagnosis", ["flu"], "category"),
        ("language", ["en"], "category"),
    ],
)
def test_ladder_kind_from_name_and_content(column, values, kind):
    assert choose_kind(column, values) == kind
