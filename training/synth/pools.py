"""Pools of surface values (names, streets, cities, companies) built once per seed from seeded Faker instances
and the lists in ``vocab``.

Faker is slow per call (tens of microseconds), so each pool is drawn up front and notes sample from it
with their own ``random.Random``. Pools depend only on the seed, so they are identical in every process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

from training.synth import vocab

#: latin-script Faker locales and their weight in the name mix (en_US dominates, as in US ICU notes)
NAME_LOCALES: tuple[tuple[str, float], ...] = (
    ("en_US", 10.0),
    ("en_GB", 1.5),
    ("en_IE", 1.0),
    ("es_MX", 2.5),
    ("de_DE", 1.0),
    ("fr_FR", 1.0),
    ("it_IT", 1.5),
    ("pt_BR", 1.5),
    ("pl_PL", 1.0),
    ("nl_NL", 0.5),
    ("sv_SE", 0.3),
    ("cs_CZ", 0.3),
    ("hu_HU", 0.3),
    ("fi_FI", 0.2),
    ("ro_RO", 0.3),
    ("hr_HR", 0.3),
    ("tr_TR", 0.4),
    ("da_DK", 0.2),
)
#: cultures from our own lists, and their weight
CULTURE_WEIGHTS: dict[str, float] = {
    "chinese": 1.0,
    "vietnamese": 0.8,
    "korean": 0.6,
    "indian": 1.2,
    "nigerian": 0.6,
    "arabic": 0.8,
    "irish": 1.2,
    "russian": 0.5,
    "jewish": 0.8,
    "japanese": 0.3,
    "haitian": 0.8,
    "portuguese": 0.7,
}


def ascii_fold(text: str) -> str:
    """Drop diacritics ("José" -> "Jose"), as many US records do."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class NameSet:
    """First names (female, male) and last names of one culture or locale."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pools:
    name_sets: tuple[NameSet, ...]
    name_weights: tuple[float, ...]
    streets: tuple[str, ...]
    fake_cities: tuple[str, ...]
    companies: tuple[str, ...]
    usernames: tuple[str, ...]
    domains: tuple[str, ...]


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in name) and name not in vocab.NEVER_NAMES


def _faker_names(locale: str, seed: int, count: int) -> NameSet:
    fake = Faker(locale)
    fake.seed_instance(seed)
    female = {fake.first_name_female() for _ in range(count)}
    male = {fake.first_name_male() for _ in range(count)}
    last = {fake.last_name() for _ in range(count * 2)}
    return NameSet(
        female=tuple(sorted(n for n in female if _latin(n) and n.strip())),
        male=tuple(sorted(n for n in male if _latin(n) and n.strip())),
        last=tuple(sorted(n for n in last if _latin(n) and n.strip())),
    )


@lru_cache(maxsize=4)
def pools_for(seed: int) -> Pools:
    """The pools for one seed (cached: building them takes about half a second)."""
    sets: list[NameSet] = []
    weights: list[float] = []
    for i, (locale, weight) in enumerate(NAME_LOCALES):
        count = 400 if locale == "en_US" else 80
        sets.append(_faker_names(locale, seed * 131 + i, count))
        weights.append(weight)
    for culture, weight in CULTURE_WEIGHTS.items():
        first, last = vocab.CULTURE_NAMES[culture]
        sets.append(NameSet(female=first, male=first, last=last))
        weights.append(weight)
    # names that are also words
    sets.append(
        NameSet(female=vocab.WORD_FIRST_NAMES, male=vocab.WORD_FIRST_NAMES, last=vocab.WORD_LAST_NAMES)
    )
    weights.append(1.5)

    us = Faker("en_US")
    us.seed_instance(seed * 7 + 3)
    streets = {us.street_address() for _ in range(600)}
    streets |= {us.street_name() for _ in range(200)}
    for locale in ("es_MX", "it_IT", "pt_BR", "fr_FR", "de_DE"):
        other = Faker(locale)
        other.seed_instance(seed * 11 + len(locale))
        streets |= {other.street_address() for _ in range(20)}
    fake_cities = {us.city() for _ in range(300)}
    companies = {us.company() for _ in range(300)}
    usernames = {us.user_name() for _ in range(300)}
    domains = {us.domain_name() for _ in range(200)}

    def clean(values: set[str]) -> tuple[str, ...]:
        return tuple(sorted(" ".join(v.split()) for v in values if v.strip() and _latin(v)))

    return Pools(
        name_sets=tuple(sets),
        name_weights=tuple(weights),
        streets=clean(streets),
        fake_cities=clean(fake_cities),
        companies=clean(companies),
        usernames=clean(usernames),
        domains=clean(domains),
    )
