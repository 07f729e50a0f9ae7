"""``surrogate.location.v1``: addresses that stay coherent for one patient.

Each patient (``ctx.scope``) gets one surrogate US state, chosen from ``ctx.digest("location", scope)``;
the patient's cities and ZIP codes are drawn from that state in ``phideid/data/us_places.csv`` (real
cities with a 3-digit ZIP prefix used there), so "Boston, MA 02114" in one note reads like
"Dayton, OH 45402" in every note of that patient. The forms are kept: a state stays an abbreviation or
a full name in its case, a ZIP stays 5 digits or ZIP+4, a street keeps "number [direction] name
[suffix] [unit]" with its abbreviation style. COUNTRY becomes another country (a code of the same
length for "US"/"USA"-style codes) and LOCATION a generic place name; a LOCATION or CITY value written
as "City, ST [ZIP]" is replaced part by part.

When an original state is the patient's surrogate state, it is written as the patient's second state
instead (a surrogate never equals the original), and a city that happens to be drawn unchanged moves
to the next city of the same state.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from phideid.surrogates._support import (
    DIGITS,
    first_distinct,
    keyed_bytes,
    keyed_int,
    match_case,
    reject_unknown,
    reshape,
    salted,
    seeded_faker,
    tag,
)
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

LOCATION = "surrogate.location.v1"


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state_abbr: str
    state_name: str
    zip3: str


@functools.cache
def us_places() -> tuple[Place, ...]:
    """The rows of ``phideid/data/us_places.csv`` (comment lines start with '#')."""
    text = (resources.files("phideid") / "data" / "us_places.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return tuple(Place(r["city"], r["state_abbr"], r["state_name"], r["zip3"]) for r in rows)


@functools.cache
def _states() -> tuple[tuple[str, str], ...]:
    """(abbreviation, name) of every state in the table, sorted by abbreviation."""
    return tuple(sorted({(p.state_abbr, p.state_name) for p in us_places()}))


@functools.cache
def _places_by_state() -> dict[str, tuple[Place, ...]]:
    table: dict[str, list[Place]] = {}
    for p in us_places():
        table.setdefault(p.state_abbr, []).append(p)
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def _state_lookup() -> dict[str, str]:
    """Lower-cased abbreviation or name -> abbreviation, for the 50 states and DC."""
    lookup = {abbr.lower(): abbr for abbr, _ in _states()} | {name.lower(): abbr for abbr, name in _states()}
    lookup |= {"dc": "DC", "district of columbia": "DC"}
    return lookup


def patient_states(ctx: SurrogateContext) -> tuple[str, str]:
    """The patient's surrogate state (abbreviation) and a second, different one for collisions."""
    states = _states()
    n = int.from_bytes(ctx.digest("location", ctx.scope), "big")
    first = n % len(states)
    second = (first + 1 + (n >> 32) % (len(states) - 1)) % len(states)
    return states[first][0], states[second][0]


def _state_name(abbr: str) -> str:
    return dict(_states())[abbr]


_STREET_SUFFIXES = (
    ("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"), ("Lane", "Ln"),
    ("Boulevard", "Blvd"), ("Court", "Ct"), ("Place", "Pl"), ("Terrace", "Ter"), ("Parkway", "Pkwy"),
    ("Circle", "Cir"), ("Highway", "Hwy"), ("Square", "Sq"), ("Trail", "Trl"), ("Way", "Way"),
)  # fmt: skip
_SUFFIX_FULL = {full.lower() for full, _ in _STREET_SUFFIXES}
_SUFFIX_ABBR = {abbr.lower() for _, abbr in _STREET_SUFFIXES}
_DIRECTIONS = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}

_ZIP = re.compile(r"(?P<zip>\d{5})(?:(?P<sep>[- ]?)(?P<plus4>\d{4}))?")
_UNIT = re.compile(
    r"(?P<marker>(?:,\s*|\s+)(?:apt|apartment|unit|suite|ste|room|rm|floor|fl|#)\.?\s*#?\s*)(?P<id>[A-Za-z0-9-]+)$",
    re.IGNORECASE,
)
_PO_BOX = re.compile(r"(?P<box>p\.?\s*o\.?\s*box\s*#?\s*)(?P<n>\d+)", re.IGNORECASE)
_NUMBER = re.compile(r"^(?P<num>\d+[A-Za-z]?(?:-\d+)?)(?P<sp>\s+)")
_CITY_STATE = re.compile(
    r"(?P<city>[^,\d]+?)(?P<s1>,\s*|\s+)(?P<state>[A-Za-z][A-Za-z .]+?)"
    r"(?:(?P<s2>,?\s+)(?P<zip>\d{5}(?:-\d{4})?))?"
)


@transforms.register(LOCATION)
class LocationSurrogate:
    """Replace a city, state, street, ZIP code, country or other place, coherently per patient.

    Parameters: none. A ZIP code that is not 5 or 9 digits and a street without any word become the
    type's tag (``[ZIP]``, ``[STREET]``).

    Examples (one patient, keyed)::

        CITY "Boston" -> "Dayton";  STATE "MA" -> "OH", "Massachusetts" -> "Ohio"
        ZIP "02114" -> "45417";  "02114-3117" -> "45417-8250"
        STREET "55 Fruit St." -> "31 Jackson Ave."
    """

    name = LOCATION

    def __init__(self, **unknown: object) -> None:
        reject_unknown(LOCATION, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        if not text:
            return tag(phi_type)
        lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
        if phi_type == PhiType.STATE:
            out = self.state(text, ctx)
        elif phi_type == PhiType.ZIP:
            out = self.zip(text, ctx)
        elif phi_type == PhiType.STREET:
            out = self.street(text, ctx)
        elif phi_type == PhiType.COUNTRY:
            out = self.country(text, ctx)
        elif phi_type == PhiType.CITY:
            out = self.city_state_zip(text, ctx) or self.city(text, ctx)
        else:
            out = self.city_state_zip(text, ctx) or self.place(text, ctx)
        return tag(phi_type) if out is None else lead + out + trail

    # --- parts -----------------------------------------------------------------------------------

    @staticmethod
    def state(text: str, ctx: SurrogateContext) -> str:
        first, second = patient_states(ctx)
        original = _state_lookup().get(text.lower().replace(".", "").strip())
        abbr = second if original == first else first
        if len(text.replace(".", "")) == 2:
            return abbr.lower() if text.islower() else abbr
        return match_case(text, _state_name(abbr))

    @staticmethod
    def city(text: str, ctx: SurrogateContext) -> str:
        first, _ = patient_states(ctx)
        cities = _places_by_state()[first]
        i = keyed_int(ctx, "location", ctx.scope, "city", text.lower()) % len(cities)
        for step in range(len(cities)):
            candidate = cities[(i + step) % len(cities)].city
            if candidate.casefold() != text.casefold():
                return match_case(text, candidate)
        return match_case(text, next(p.city for p in us_places() if p.city.casefold() != text.casefold()))

    @staticmethod
    def zip(text: str, ctx: SurrogateContext) -> str | None:
        m = _ZIP.fullmatch(text)
        if m is None:
            return None
        first, _ = patient_states(ctx)
        places = _places_by_state()[first]

        def draw(salt: int) -> str:
            parts = salted(("location", ctx.scope, "zip", text), salt)
            stream = keyed_bytes(ctx, 8, *parts)
            zip3 = places[keyed_int(ctx, *parts, "city") % len(places)].zip3
            out = zip3 + DIGITS[stream[0] % 10] + DIGITS[stream[1] % 10]
            if m.group("plus4"):
                out += m.group("sep") + "".join(DIGITS[b % 10] for b in stream[2:6])
            return out

        return first_distinct(text, draw)

    @classmethod
    def city_state_zip(cls, text: str, ctx: SurrogateContext) -> str | None:
        """ "City, ST 02114" replaced part by part; None when the text is not of that form."""
        m = _CITY_STATE.fullmatch(text)
        if m is None or m.group("state").lower().replace(".", "").strip() not in _state_lookup():
            return None
        out = cls.city(m.group("city"), ctx) + m.group("s1") + cls.state(m.group("state"), ctx)
        if m.group("zip"):
            out += m.group("s2") + (cls.zip(m.group("zip"), ctx) or "")
        return out

    @staticmethod
    def street(text: str, ctx: SurrogateContext) -> str | None:
        parts = ("location", ctx.scope, "street", text.lower())
        stream = keyed_bytes(ctx, len(text) + 8, *parts)
        box = _PO_BOX.fullmatch(text)
        if box is not None:
            digits = _nonzero_digits(box.group("n"), stream)
            return box.group("box") + (
                digits if digits != box.group("n") else _nonzero_digits(digits, stream[8:])
            )
        rest, unit = text, ""
        m = _UNIT.search(rest)
        if m is not None and m.start() > 0:
            unit = m.group("marker") + reshape(m.group("id"), stream[-8:] + stream)
            rest = rest[: m.start()]
        number = ""
        m = _NUMBER.match(rest)
        if m is not None:
            number = reshape(m.group("num"), stream)
            if number[0] == "0":
                number = "1" + number[1:]
            number += m.group("sp")
            rest = rest[m.end() :]
        words = rest.split()
        if not words:
            return None
        direction = ""
        if len(words) > 1 and words[0].lower().rstrip(".") in _DIRECTIONS:
            direction = words[0] + " "
            words = words[1:]
        suffix = ""
        last = words[-1].lower().rstrip(".")
        if len(words) > 1 and (last in _SUFFIX_FULL or last in _SUFFIX_ABBR):
            full, abbr = _STREET_SUFFIXES[keyed_int(ctx, *parts, "suffix") % len(_STREET_SUFFIXES)]
            chosen = abbr if last in _SUFFIX_ABBR and last not in _SUFFIX_FULL else full
            dot = "." if words[-1].endswith(".") else ""
            suffix = " " + match_case(words[-1], chosen) + dot
            words = words[:-1]
        original_name = " ".join(words)

        def draw(salt: int) -> str:
            faker = seeded_faker(keyed_int(ctx, *salted(parts, salt), "name") % (1 << 63))
            return faker.street_name().rsplit(" ", 1)[0]

        name = first_distinct(original_name, draw) or "Main"
        return number + direction + match_case(original_name, name) + suffix + unit

    @staticmethod
    def country(text: str, ctx: SurrogateContext) -> str:
        parts = ("location", ctx.scope, "country", text.lower())
        code = text.replace(".", "")
        if code.isalpha() and code.isupper() and len(code) in (2, 3):
            representation = "alpha-2" if len(code) == 2 else "alpha-3"

            def draw_code(salt: int) -> str:
                return seeded_faker(keyed_int(ctx, *salted(parts, salt)) % (1 << 63)).country_code(
                    representation
                )

            return first_distinct(code, draw_code) or ("FR" if len(code) == 2 else "FRA")

        def draw(salt: int) -> str:
            return seeded_faker(keyed_int(ctx, *salted(parts, salt)) % (1 << 63)).country()

        return match_case(text, first_distinct(text, draw) or "France")

    @staticmethod
    def place(text: str, ctx: SurrogateContext) -> str:
        parts = ("location", ctx.scope, "place", text.lower())

        def draw(salt: int) -> str:
            return seeded_faker(keyed_int(ctx, *salted(parts, salt)) % (1 << 63)).city()

        return match_case(text, first_distinct(text, draw) or "Springfield")


def _nonzero_digits(digits: str, stream: bytes) -> str:
    out = "".join(DIGITS[b % 10] for b in stream[: len(digits)])
    return ("1" + out[1:]) if out.startswith("0") else out
