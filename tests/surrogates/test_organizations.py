"""surrogate.organization.v1: realistic hospital names, short forms as initials of the same length."""

from __future__ import annotations

import re

import pytest

from phideid.surrogates import SurrogateContext
from phideid.types import PhiType

from .conftest import build

org = build("surrogate.organization.v1")


@pytest.mark.parametrize("value", ["MGH", "BIDMC", "UCSF"])
def test_short_form_becomes_initials_of_the_same_length(value, ctx):
    out = org(value, PhiType.HOSPITAL, ctx)
    assert out != value and re.fullmatch(rf"[A-Z]{{{len(value)}}}", out)


@pytest.mark.parametrize(
    ("value", "head"),
    [
        ("Massachusetts General Hospital", "Hospital"),
        ("Beth Israel Deaconess Medical Center", "Medical Center"),
        ("Lahey Clinic", "Clinic"),
        ("Dana-Farber Cancer Institute", "Institute"),
    ],
)
def test_long_names_keep_their_kind(value, head, ctx):
    out = org(value, PhiType.HOSPITAL, ctx)
    assert out != value and out.endswith(head)
    assert out.split()[0] != value.split()[0] or len(out.split()) != len(value.split())


def test_hospital_without_a_head_noun_gets_a_hospital_name(ctx):
    out = org("Brigham and Women's", PhiType.HOSPITAL, ctx)
    assert re.search(r"Hospital|General|Medical Center", out)


def test_keyed_by_lowercased_value_not_patient(ctx, other_key_ctx):
    other_patient = SurrogateContext(key=ctx.key, date_offset_days=1, scope="patient-9")
    assert org("Lahey Clinic", PhiType.HOSPITAL, ctx) == org("Lahey Clinic", PhiType.HOSPITAL, other_patient)
    assert org("LAHEY CLINIC", PhiType.HOSPITAL, ctx) == org("Lahey Clinic", PhiType.HOSPITAL, ctx).upper()
    values = ["Lahey Clinic", "MGH", "Massachusetts General Hospital"]
    assert [org(v, PhiType.HOSPITAL, ctx) for v in values] != [
        org(v, PhiType.HOSPITAL, other_key_ctx) for v in values
    ]


def test_organization_gets_a_company_name(ctx):
    out = org("Acme Widgets", PhiType.ORGANIZATION, ctx)
    assert out and out != "Acme Widgets"
