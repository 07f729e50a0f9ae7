"""Safe Harbor generalizers: dates to the year, ages over 89, ZIP codes to 3 digits ("000" if restricted)."""

from __future__ import annotations

import pytest

from phideid.surrogates import SurrogateContext
from phideid.surrogates.safe_harbor import load_zip3_table
from phideid.types import PhiType

from .conftest import KEY, build

year = build("generalize.year.v1")
age = build("generalize.age_90plus.v1")
zip3 = build("generalize.zip3.v1")

HHS_RESTRICTED_2000 = "036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893".split()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7/22/09", "2009"),
        ("07/22/2009", "2009"),
        ("22-Jul-2009", "2009"),
        ("July 22nd, 2009", "2009"),
        ("Jul 2009", "2009"),
        ("2009-07-22T14:30", "2009"),
        ("200907221430", "2009"),
        ("'09", "2009"),
        ("2009", "2009"),
        ("7/22", "[DATE]"),
        ("the 22nd", "[DATE]"),
        ("July", "[DATE]"),
        ("not a date", "[DATE]"),
    ],
)
def test_year_only(value, expected, ctx):
    assert year(value, PhiType.DATE, ctx) == expected


def test_year_more_than_89_years_back_is_aggregated():
    ctx = SurrogateContext(key=KEY, date_offset_days=5, reference_year=2026)
    assert year("3/4/1936", PhiType.DATE, ctx) == "[90+ YEARS AGO]"
    assert year("1900", PhiType.DATE, ctx) == "[90+ YEARS AGO]"
    assert year("3/4/1937", PhiType.DATE, ctx) == "1937"
    assert build("generalize.year.v1", label="90+")("1920", PhiType.DATE, ctx) == "90+"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("93", "90+"),
        ("90", "90+"),
        ("104", "90+"),
        ("90.5", "90+"),
        ("89", "89"),
        ("45", "45"),
        ("ninety", "[AGE]"),
    ],
)
def test_ages_of_90_and_over_are_grouped(value, expected, ctx):
    assert age(value, PhiType.AGE, ctx) == expected


def test_age_label_param(ctx):
    assert build("generalize.age_90plus.v1", label="≥90")("97", PhiType.AGE, ctx) == "≥90"


@pytest.mark.parametrize(
    ("value", "expected"), [("02114", "021"), ("02114-3117", "021"), ("021143117", "021"), ("941", "941")]
)
def test_zip_to_three_digits(value, expected, ctx):
    assert zip3(value, PhiType.ZIP, ctx) == expected


@pytest.mark.parametrize("prefix", HHS_RESTRICTED_2000)
def test_restricted_prefixes_become_000(prefix, ctx):
    assert zip3(f"{prefix}01", PhiType.ZIP, ctx) == "000"
    assert zip3(f"{prefix}01-1234", PhiType.ZIP, ctx) == "000"


def test_table_is_versioned_and_complete():
    table = load_zip3_table("census2000")
    assert table.version == "census2000"
    assert "Health and Human Services" in table.source
    assert table.restricted == frozenset(HHS_RESTRICTED_2000)


def test_bad_zip_becomes_a_tag(ctx):
    assert zip3("Boston", PhiType.ZIP, ctx) == "[ZIP]"
    assert zip3("0211", PhiType.ZIP, ctx) == "[ZIP]"
