"""surrogate.name.v1: realistic names that keep case, initials, titles, order and gender, per token."""

from __future__ import annotations

import re

import pytest

from phideid.surrogates import SurrogateContext
from phideid.surrogates.names import FEMALE_FIRST, MALE_FIRST, SURNAMES, initial_map
from phideid.types import PhiType

from .conftest import build

name = build("surrogate.name.v1")
FEMALE_ONLY = FEMALE_FIRST - MALE_FIRST
MALE_ONLY = MALE_FIRST - FEMALE_FIRST


def s(value: str, ctx: SurrogateContext, phi_type: PhiType = PhiType.PATIENT) -> str:
    return name(value, phi_type, ctx)


@pytest.mark.parametrize(
    "value", ["Smith", "John Smith", "Dr. Smith", "SMITH, JOHN", "j. smith", "Mary-Kate Olsen", "O'Brien"]
)
def test_surrogate_differs_and_is_stable(value, ctx):
    out = s(value, ctx)
    assert out.casefold() != value.casefold()
    assert s(value, ctx) == out


def test_different_key_gives_different_names(ctx, other_key_ctx):
    values = ["Smith", "Johnson", "Kowalski", "John Smith", "Mary Jones"]
    assert [s(v, ctx) for v in values] != [s(v, other_key_ctx) for v in values]


def test_same_name_token_agrees_across_forms(ctx):
    surname = s("Smith", ctx)
    first, last = s("John Smith", ctx).split()
    assert surname in SURNAMES
    assert last == surname
    assert s("Dr. Smith", ctx) == f"Dr. {surname}"
    assert s("SMITH, JOHN", ctx) == f"{surname.upper()}, {first.upper()}"
    assert s("Smith, John", ctx) == f"{surname}, {first}"
    assert s("Smith, MD", ctx) == f"{surname}, MD"
    assert s("John Smith, MD, PhD", ctx) == f"{first} {surname}, MD, PhD"


def test_clinician_name_is_the_same_for_every_patient(ctx):
    other_patient = SurrogateContext(key=ctx.key, date_offset_days=-40, scope="patient-2")
    assert s("Dr. Smith", ctx, PhiType.DOCTOR) == s("Dr. Smith", other_patient, PhiType.DOCTOR)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("SMITH", r"[A-Z]+"),
        ("smith", r"[a-z]+"),
        ("Smith", r"[A-Z][a-z]+"),
        ("JOHN SMITH", r"[A-Z]+ [A-Z]+"),
        ("john smith", r"[a-z]+ [a-z]+"),
    ],
)
def test_case_is_kept(value, pattern, ctx):
    assert re.fullmatch(pattern, s(value, ctx))


def test_initial_stays_the_initial_of_the_surrogate_first_name(ctx):
    first, last = s("John Smith", ctx).split()
    assert s("J. Smith", ctx) == f"{first[0]}. {last}"
    assert s("Smith, J.", ctx) == f"{last}, {first[0]}."
    assert s("j smith", ctx) == f"{first[0].lower()} {last.lower()}"
    middle = s("John Q. Smith", ctx).split()[1]
    assert re.fullmatch(r"[A-Z]\.", middle) and middle != "Q."


def test_initials_never_map_to_themselves(ctx, other_key_ctx):
    for c in (ctx, other_key_ctx):
        table = initial_map(c)
        assert all(table[letter] != letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dr. Smith", r"Dr\. [A-Z][a-z]+"),
        ("DR. SMITH", r"DR\. [A-Z]+"),
        ("Mrs. Kowalski", r"Mrs\. [A-Z][a-z]+"),
        ("Smith, MD", r"[A-Z][a-z]+, MD"),
        ("Jane Doe, PA-C", r"[A-Z][a-z]+ [A-Z][a-z]+, PA-C"),
        ("John Smith Jr.", r"[A-Z][a-z]+ [A-Z][a-z]+ Jr\."),
        ("Prof. Dr. Ann Lee, PhD", r"Prof\. Dr\. [A-Z][a-z]+ [A-Z][a-z]+, PhD"),
    ],
)
def test_titles_and_credentials_are_kept(value, expected, ctx):
    assert re.fullmatch(expected, s(value, ctx, PhiType.DOCTOR))


@pytest.mark.parametrize("first", ["Mary", "Elizabeth", "Jennifer", "Patricia", "Linda", "Barbara"])
def test_female_first_names_stay_female(first, ctx):
    assert first in FEMALE_ONLY
    assert s(f"{first} Smith", ctx).split()[0] in FEMALE_FIRST
    assert s(first, ctx) in FEMALE_FIRST


@pytest.mark.parametrize("first", ["John", "Robert", "Michael", "William", "David", "Richard"])
def test_male_first_names_stay_male(first, ctx):
    assert first in MALE_ONLY
    assert s(f"{first} Smith", ctx).split()[0] in MALE_FIRST
    assert s(first.upper(), ctx).capitalize() in MALE_FIRST


def test_title_gives_the_gender_of_an_unknown_first_name(ctx):
    assert s("Mrs. Zyxandra Kowalski", ctx).split()[1] in FEMALE_FIRST
    assert s("Mr. Zyxandro Kowalski", ctx).split()[1] in MALE_FIRST


def test_hyphenated_and_multi_part_names(ctx):
    assert s("Smith-Jones", ctx) == f"{s('Smith', ctx)}-{s('Jones', ctx)}"
    first, rest = s("Maria de la Cruz", ctx).split(" ", 1)
    assert first in FEMALE_FIRST
    assert rest.startswith("de la ") and rest != "de la Cruz"
    parts = s("Mary-Kate Olsen", ctx).split(" ")[0].split("-")
    assert len(parts) == 2 and all(p in FEMALE_FIRST for p in parts)


def test_single_token_is_a_first_name_when_known_else_a_surname(ctx):
    assert s("Kowalski", ctx) in SURNAMES
    assert s("Mary", ctx) in FEMALE_FIRST


def test_value_without_a_name_becomes_a_tag(ctx):
    assert s("Dr.", ctx, PhiType.DOCTOR) == "[DOCTOR]"
    assert s("123", ctx) == "[PATIENT]"
