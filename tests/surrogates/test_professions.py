"""surrogate.profession.v1: another profession from Faker's job list, keyed, case kept."""

from __future__ import annotations

import pytest

from phideid.surrogates.professions import JOBS
from phideid.types import PhiType

from .conftest import build

profession = build("surrogate.profession.v1")


@pytest.mark.parametrize("value", ["teacher", "Carpenter", "REGISTERED NURSE", "Accountant, chartered"])
def test_profession_changes_and_keeps_case(value, ctx):
    out = profession(value, PhiType.PROFESSION, ctx)
    assert out.lower() != value.lower()
    assert out.lower() in {j.lower() for j in JOBS}
    if value.islower():
        assert out.islower()
    if value.isupper():
        assert out.isupper()


def test_keyed(ctx, other_key_ctx):
    values = ["teacher", "carpenter", "lawyer", "plumber"]
    mine = [profession(v, PhiType.PROFESSION, ctx) for v in values]
    assert mine == [profession(v, PhiType.PROFESSION, ctx) for v in values]
    assert mine != [profession(v, PhiType.PROFESSION, other_key_ctx) for v in values]


def test_every_listed_job_reads_naturally():
    assert len(JOBS) > 100 and not any("," in j or "(" in j for j in JOBS)
