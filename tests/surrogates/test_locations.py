"""surrogate.location.v1: one surrogate state per patient; its cities and ZIP codes come from that state."""

from __future__ import annotations

import re

import pytest

from phideid.surrogates import SurrogateContext
from phideid.surrogates.locations import patient_states, us_places
from phideid.surrogates.safe_harbor import load_zip3_table
from phideid.types import PhiType

from .conftest import KEY, build

location = build("surrogate.location.v1")
SCOPES = [f"patient-{i}" for i in range(40)]
CITIES_OF = {}
ZIP3_OF = {}
for _p in us_places():
    CITIES_OF.setdefault(_p.state_abbr, set()).add(_p.city)
    ZIP3_OF.setdefault(_p.state_abbr, set()).add(_p.zip3)
NAME_OF = {p.state_abbr: p.state_name for p in us_places()}


def ctx_for(scope: str) -> SurrogateContext:
    return SurrogateContext(key=KEY, date_offset_days=9, scope=scope)


@pytest.mark.parametrize("scope", SCOPES)
def test_city_state_and_zip_are_coherent_for_a_patient(scope):
    c = ctx_for(scope)
    state = patient_states(c)[0]
    original = "TX" if state != "TX" else "OH"
    assert location(original, PhiType.STATE, c) == state
    for city in ("Boston", "Cambridge", "Springfield"):
        assert location(city, PhiType.CITY, c) in CITIES_OF[state]
    for zip_code in ("02114", "02114-3117", "10001"):
        out = location(zip_code, PhiType.ZIP, c)
        assert out[:3] in ZIP3_OF[state]
        assert re.sub(r"\d", "9", out) == re.sub(r"\d", "9", zip_code) and out != zip_code


def test_a_whole_address_reads_as_one_place(ctx):
    out = location("Boston, MA 02114", PhiType.LOCATION, ctx)
    m = re.fullmatch(r"(?P<city>[A-Za-z .]+), (?P<state>[A-Z]{2}) (?P<zip>\d{5})", out)
    assert m, out
    assert m.group("city") in CITIES_OF[m.group("state")]
    assert m.group("zip")[:3] in ZIP3_OF[m.group("state")]
    assert m.group("state") != "MA" or patient_states(ctx)[0] != "MA"


def test_state_keeps_its_form(ctx):
    first, second = patient_states(ctx)
    original = "TX" if first != "TX" else "OH"
    assert location(original, PhiType.STATE, ctx) == first
    assert location(NAME_OF[original], PhiType.STATE, ctx) == NAME_OF[first]
    assert location(NAME_OF[original].upper(), PhiType.STATE, ctx) == NAME_OF[first].upper()
    assert location(original.lower(), PhiType.STATE, ctx) == first.lower()


def test_state_that_is_the_patient_state_still_changes():
    scope = next(s for s in (f"p{i}" for i in range(1000)) if patient_states(ctx_for(s))[0] == "MA")
    c = ctx_for(scope)
    assert location("MA", PhiType.STATE, c) == patient_states(c)[1] != "MA"
    assert location("Massachusetts", PhiType.STATE, c) != "Massachusetts"


def test_patients_get_their_own_states():
    assert len({patient_states(ctx_for(s))[0] for s in SCOPES}) > 10


def test_city_keeps_its_case(ctx):
    assert location("BOSTON", PhiType.CITY, ctx).isupper()
    assert location("boston", PhiType.CITY, ctx).islower()


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("55 Fruit Street", r"\d\d [A-Z][a-z]+ [A-Z][a-z]+"),
        ("55 Fruit St.", r"\d\d [A-Z][a-z]+ [A-Z][a-z]+\."),
        ("123 N. Main Ave Apt 4B", r"\d{3} N\. [A-Z][a-z]+ [A-Z][a-z]+ Apt \d[A-Z]"),
        ("1 OAK RD", r"\d [A-Z]+ [A-Z]+"),
        ("PO Box 1234", r"PO Box \d{4}"),
    ],
)
def test_street_keeps_number_name_suffix_shape(value, pattern, ctx):
    out = location(value, PhiType.STREET, ctx)
    assert out != value and re.fullmatch(pattern, out), out


def test_street_suffix_keeps_abbreviation_style(ctx):
    abbreviated = location("55 Fruit St", PhiType.STREET, ctx).split()[-1]
    full = location("55 Fruit Street", PhiType.STREET, ctx).split()[-1]
    assert len(abbreviated) <= 4 and len(full) >= 3


def test_country_and_other_places_change(ctx):
    assert location("Canada", PhiType.COUNTRY, ctx) != "Canada"
    code = location("USA", PhiType.COUNTRY, ctx)
    assert re.fullmatch(r"[A-Z]{3}", code) and code != "USA"
    assert location("the Cape", PhiType.LOCATION, ctx) != "the Cape"


def test_bad_zip_becomes_a_tag(ctx):
    assert location("2114", PhiType.ZIP, ctx) == "[ZIP]"


def test_places_table_is_sound():
    places = us_places()
    assert len(places) >= 100
    restricted = load_zip3_table("census2000").restricted
    for p in places:
        assert re.fullmatch(r"\d{3}", p.zip3) and p.zip3 not in restricted
        assert re.fullmatch(r"[A-Z]{2}", p.state_abbr) and p.state_name
    assert all(len(cities) >= 2 for cities in CITIES_OF.values())
