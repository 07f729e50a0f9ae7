"""surrogate.shape.v1: same length and character classes, keyed; SSNs start with 9."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phideid.types import PhiType

from .conftest import KEY, build

shape = build("surrogate.shape.v1")


def classes(text: str) -> str:
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", text)))


@pytest.mark.parametrize(
    ("value", "phi_type"),
    [
        ("123-45-6789", PhiType.SSN),
        ("123456789", PhiType.SSN),
        ("MRN 00412-B", PhiType.MEDICALRECORD),
        ("0012345", PhiType.MEDICALRECORD),
        ("XGH-99812-a", PhiType.HEALTHPLAN),
        ("ACCT#4455 6677", PhiType.ACCOUNT),
        ("D1234567", PhiType.LICENSE),
        ("1HGCM82633A004352", PhiType.VEHICLE),
        ("SN: 9X-4471b", PhiType.DEVICE),
        ("7", PhiType.IDNUM),
    ],
)
def test_shape_is_kept_and_value_changes(value, phi_type, ctx):
    out = shape(value, phi_type, ctx)
    assert out != value
    assert len(out) == len(value)
    assert classes(out) == classes(value)
    assert shape(value, phi_type, ctx) == out


def test_different_key_gives_a_different_identifier(ctx, other_key_ctx):
    assert shape("0012345", PhiType.MEDICALRECORD, ctx) != shape(
        "0012345", PhiType.MEDICALRECORD, other_key_ctx
    )


@given(st.from_regex(r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{9}", fullmatch=True))
def test_ssn_surrogates_start_with_9(ssn):
    from phideid.surrogates import SurrogateContext

    ctx = SurrogateContext(key=KEY, date_offset_days=1)
    out = shape(ssn, PhiType.SSN, ctx)
    assert out[0] == "9" and out != ssn and classes(out) == classes(ssn)


def test_prefix_marks_the_token(ctx):
    out = build("surrogate.shape.v1", prefix="X")("123-45-6789", PhiType.SSN, ctx)
    assert out == "X" + shape("123-45-6789", PhiType.SSN, ctx)


def test_value_without_letters_or_digits_becomes_a_tag(ctx):
    assert shape("--", PhiType.IDNUM, ctx) == "[IDNUM]"


def test_digits_and_letters_of_other_scripts_are_replaced_too(ctx):
    out = shape("٤٥٦-Ωé", PhiType.IDNUM, ctx)
    assert re.fullmatch(r"[0-9]{3}-[A-Z][a-z]", out)
