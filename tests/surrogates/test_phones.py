"""surrogate.phone.v1: same shape, keyed digits, fictional 555-01xx for NANP numbers."""

from __future__ import annotations

import re

import pytest

from phideid.types import PhiType

from .conftest import build

phone = build("surrogate.phone.v1")


def shape(text: str) -> str:
    return re.sub(r"\d", "9", text)


@pytest.mark.parametrize(
    "value",
    [
        "(617) 726-2000",
        "617-726-2000",
        "617.726.2000",
        "6177262000",
        "+1 617 726 2000",
        "1-617-726-2000",
        "+1 (617) 726-2000",
        "617-726-2000 x4410",
        "617-726-2000 ext. 45",
        "726-2000",
        "+44 20 7946 0958",
        "0049 30 1234567",
    ],
)
def test_shape_is_kept_and_digits_change(value, ctx):
    out = phone(value, PhiType.PHONE, ctx)
    assert out != value
    assert shape(out) == shape(value)
    assert phone(value, PhiType.PHONE, ctx) == out


@pytest.mark.parametrize("value", ["(617) 726-2000", "617-726-2000", "+1 617 726 2000", "1-617-726-2000"])
def test_nanp_numbers_use_the_fictional_555_01xx_range(value, ctx):
    digits = re.sub(r"\D", "", phone(value, PhiType.PHONE, ctx))[-10:]
    assert digits[0] in "23456789"  # a well-formed area code
    assert digits[3:8] == "55501"


def test_country_code_and_extension_marker_are_kept(ctx):
    assert phone("+44 20 7946 0958", PhiType.PHONE, ctx).startswith("+44 ")
    assert phone("+1 617 726 2000", PhiType.PHONE, ctx).startswith("+1 ")
    out = phone("617-726-2000 ext. 45", PhiType.PHONE, ctx)
    assert re.fullmatch(r"\d{3}-555-01\d\d ext\. \d\d", out)


def test_one_number_in_any_punctuation_gets_the_same_digits(ctx):
    a = phone("(617) 726-2000", PhiType.PHONE, ctx)
    b = phone("617.726.2000", PhiType.FAX, ctx)
    assert re.sub(r"\D", "", a) == re.sub(r"\D", "", b)


def test_different_key_gives_different_digits(ctx, other_key_ctx):
    values = ["617-726-2000", "617-555-0100", "+44 20 7946 0958"]
    assert [phone(v, PhiType.PHONE, ctx) for v in values] != [
        phone(v, PhiType.PHONE, other_key_ctx) for v in values
    ]


def test_a_fictional_original_still_changes(ctx):
    for line in range(100, 200):
        value = f"617-555-0{line}"
        assert phone(value, PhiType.PHONE, ctx) != value


def test_non_fictional_mode_draws_an_exchange(ctx):
    out = build("surrogate.phone.v1", fictional=False)("617-726-2000", PhiType.PHONE, ctx)
    assert re.fullmatch(r"[2-9]\d\d-[2-9]\d\d-\d{4}", out)


def test_value_without_digits_becomes_a_tag(ctx):
    assert phone("call the office", PhiType.PHONE, ctx) == "[PHONE]"
