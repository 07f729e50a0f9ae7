"""``surrogate.name.v1``: realistic person names that keep the shape of the original.

A name value is read as words and the separators between them. Leading titles ("Dr.", "Mrs") and
trailing credentials and suffixes ("MD", "PhD", "Jr.", "PA-C") are kept as written; every other word is
a name word and is replaced on its own, so consistency holds per word (token): "Dr. Smith", "Smith",
"John Smith" and "SMITH, JOHN" all turn "Smith" into the same surname, and "John" into the same first
name, for one key. A word's surrogate is seeded from ``ctx.digest("name", word.lower())`` and not from
the patient scope, because a clinician is the same person in every patient's record.

Roles: in "Last, First Middle" order the words before the comma are the surname; otherwise the last
word is the surname and the first is the given name. A lone word is a given name if it is a known first
name (Faker's en_US lists) and has no title, else a surname. Given names keep their gender (the word is
found in exactly one of Faker's female/male lists, or the title is Mrs/Ms/Miss or Mr) and their
initial maps through a keyed derangement of initials, so "J. Smith" and "John Smith" become "M. Jones"
and "Mark Jones": an initial stays the initial of the surrogate's first name. Case is kept per word
(UPPER, lower, Title); hyphenated and multi-part names are replaced part by part; lowercase particles
("de", "van") are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from faker.providers.person.en_US import Provider as _EnUsPerson

from phideid.surrogates._support import keyed_int, match_case, reject_unknown, salted, tag
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

NAME = "surrogate.name.v1"


class Gender(Enum):
    FEMALE = "female"
    MALE = "male"


FEMALE_FIRST = frozenset(_EnUsPerson.first_names_female)
MALE_FIRST = frozenset(_EnUsPerson.first_names_male)
SURNAMES: tuple[str, ...] = tuple(sorted(_EnUsPerson.last_names))

#: titles read before a name; the value is the gender they imply, if any
TITLES: dict[str, Gender | None] = {
    "dr": None, "doctor": None, "prof": None, "professor": None, "mx": None, "rev": None,
    "mr": Gender.MALE, "sir": Gender.MALE, "mrs": Gender.FEMALE, "ms": Gender.FEMALE,
    "miss": Gender.FEMALE, "madam": Gender.FEMALE,
}  # fmt: skip

#: credentials and suffixes read after a name, in their usual spelling; an all-caps spelling also counts
CREDENTIALS = frozenset(
    """MD DO RN NP PA PhD DDS DMD PharmD MPH FACS FACP FACC LPN CNM CRNA DPM OD MSN BSN LCSW LICSW PT DPT
    OT MBA MS MA DNP APRN FNP ANP CNS CNA RD RPh MBBS FRCS FRCP Esq PsyD EdD ScD DrPH SLP CCC BC LMFT LMHC
    MSW RRT EMT Paramedic Jr Sr II III IV""".split()
)
_CREDENTIALS_UPPER = frozenset(c.upper() for c in CREDENTIALS)

#: lowercase name particles, kept as written when a name word follows them
PARTICLES = frozenset("de da di du del della der den la le van von ter ten dos das st".split())

#: initials that have enough first names of both genders to map into; others map into these too
_COMMON_INITIALS = "ABCDEGHJKLMNPRST"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _by_initial(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for name in sorted(names):
        table.setdefault(name[0], []).append(name)
    return {letter: tuple(v) for letter, v in table.items()}


_FIRST_BY_GENDER: dict[Gender | None, dict[str, tuple[str, ...]]] = {
    Gender.FEMALE: _by_initial(FEMALE_FIRST),
    Gender.MALE: _by_initial(MALE_FIRST),
    None: _by_initial(FEMALE_FIRST | MALE_FIRST),
}


def known_gender(word: str) -> Gender | None:
    """The gender of a first name found in exactly one of Faker's en_US lists, else None."""
    w = word.capitalize()
    female, male = w in FEMALE_FIRST, w in MALE_FIRST
    if female and not male:
        return Gender.FEMALE
    if male and not female:
        return Gender.MALE
    return None


def is_first_name(word: str) -> bool:
    w = word.capitalize()
    return w in FEMALE_FIRST or w in MALE_FIRST


_initial_maps: dict[bytes, dict[str, str]] = {}


def initial_map(ctx: SurrogateContext) -> dict[str, str]:
    """The keyed derangement of initials: a letter never maps to itself.

    The common initials are ordered by their keyed digest and each maps to the next in that cycle; any
    other letter maps to a keyed common initial. Cached per key (by a digest of it, not the key itself).
    """
    cache_key = ctx.digest("initial-map")
    table = _initial_maps.get(cache_key)
    if table is None:
        order = sorted(_COMMON_INITIALS, key=lambda c: ctx.digest("initial", c))
        table = {c: order[(i + 1) % len(order)] for i, c in enumerate(order)}
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if c not in table:
                table[c] = _COMMON_INITIALS[keyed_int(ctx, "initial", c) % len(_COMMON_INITIALS)]
        if len(_initial_maps) > 64:
            _initial_maps.clear()
        _initial_maps[cache_key] = table
    return table


def _mapped_initial(letter: str, ctx: SurrogateContext) -> str:
    table = initial_map(ctx)
    up = letter.upper()
    mapped = table.get(up) or _COMMON_INITIALS[keyed_int(ctx, "initial", up) % len(_COMMON_INITIALS)]
    return mapped if letter.isupper() else mapped.lower()


def surrogate_first_name(word: str, gender: Gender | None, ctx: SurrogateContext) -> str:
    """A first name of ``gender`` (either if None) starting with the keyed map of ``word``'s initial."""
    letter = _mapped_initial(word[0].upper(), ctx)
    pool = _FIRST_BY_GENDER[gender].get(letter) or _FIRST_BY_GENDER[None][letter]
    parts = ("name", word.lower())
    for salt in range(16):
        name = pool[keyed_int(ctx, *salted(parts, salt)) % len(pool)]
        if name.casefold() != word.casefold():
            return name
    return pool[0]  # unreachable in practice: the initial always differs


def surrogate_surname(word: str, ctx: SurrogateContext) -> str:
    """A surname from Faker's en_US list, keyed by the word; never the word itself."""
    parts = ("name", word.lower())
    for salt in range(16):
        name = SURNAMES[keyed_int(ctx, *salted(parts, salt)) % len(SURNAMES)]
        if name.casefold() != word.casefold():
            return name
    return next(s for s in SURNAMES if s.casefold() != word.casefold())


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str


def _is_credential(word: str) -> bool:
    return word in CREDENTIALS or (word.isupper() and word in _CREDENTIALS_UPPER)


def _split(value: str) -> tuple[list[_Word], list[_Word], list[_Word]]:
    """The value's words as (titles, name words, credentials and suffixes)."""
    words = [_Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(value)]
    head = 0
    while head < len(words) and words[head].text.lower() in TITLES:
        head += 1
    if head == len(words):
        return words, [], []  # titles only, such as "Dr."
    tail = len(words)
    while tail - 1 > head:
        w = words[tail - 1]
        sep = value[words[tail - 2].end : w.start]
        if _is_credential(w.text) and sep.strip(" .,") == "":
            tail -= 1
        elif sep == "-" and tail - 2 > head and _is_credential(words[tail - 2].text) and len(w.text) <= 3:
            tail -= 2  # "PA-C", "FNP-BC"
        else:
            break
    return words[:head], words[head:tail], words[tail:]


def _groups(value: str, words: list[_Word]) -> list[list[_Word]]:
    """Name words joined by hyphens form one group ("Smith-Jones", "Mary-Kate")."""
    groups: list[list[_Word]] = []
    for w in words:
        if groups and value[groups[-1][-1].end : w.start] in ("-", "‐", "–"):
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


@transforms.register(NAME)
class NameSurrogate:
    """Replace a person's name with a realistic one of the same shape, gender and case.

    Parameters: none. A value without any name word (only a title, or no letters) becomes ``[NAME]``-style
    tags of its type, since it cannot be read as a name.

    Examples (the surrogates depend on the key)::

        "Dr. Smith"     -> "Dr. Jones"
        "SMITH, JOHN"   -> "JONES, MARK"
        "J. Smith, MD"  -> "M. Jones, MD"
        "Mrs. Kowalski" -> "Mrs. Garcia"
    """

    name = NAME

    def __init__(self, **unknown: object) -> None:
        reject_unknown(NAME, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        titles, name_words, _ = _split(value)
        if not name_words:
            return tag(phi_type)
        title_gender = next((TITLES[t.text.lower()] for t in titles if TITLES[t.text.lower()]), None)
        roles = self._roles(value, name_words, bool(titles))
        first_words = [w for w, r in roles.items() if r == "first"]
        person_gender = title_gender
        if first_words:
            person_gender = known_gender(name_words[first_words[0]].text) or title_gender

        out: list[str] = []
        pos = 0
        for i, w in enumerate(name_words):
            out.append(value[pos : w.start])
            pos = w.end
            role = roles[i]
            if role == "keep":
                out.append(w.text)
            elif role == "initial":
                out.append(_mapped_initial(w.text, ctx))
            elif role == "first":
                gender = known_gender(w.text) if is_first_name(w.text) else None
                surrogate = surrogate_first_name(w.text, gender or person_gender, ctx)
                out.append(match_case(w.text, surrogate))
            else:
                out.append(match_case(w.text, surrogate_surname(w.text, ctx)))
        out.append(value[pos:])
        return "".join(out)

    @staticmethod
    def _roles(value: str, words: list[_Word], has_title: bool) -> dict[int, str]:
        """Role of each name word by index: first, last, initial or keep (a particle)."""
        index = {id(w): i for i, w in enumerate(words)}
        roles: dict[int, str] = {}
        comma = next(
            (i for i in range(1, len(words)) if "," in value[words[i - 1].end : words[i].start]), None
        )
        parts = [words[:comma], words[comma:]] if comma is not None else [words]
        for part_no, part in enumerate(parts):
            groups = _groups(value, part)
            for g_no, group in enumerate(groups):
                if comma is not None:
                    role = "last" if part_no == 0 else ("first" if g_no == 0 else "middle")
                elif len(groups) == 1:
                    role = "first" if not has_title and is_first_name(group[0].text) else "last"
                else:
                    role = "last" if g_no == len(groups) - 1 else ("first" if g_no == 0 else "middle")
                if role == "middle":
                    role = "first" if is_first_name(group[0].text) else "last"
                for w in group:
                    i = index[id(w)]
                    later = any(x.text.lower() not in PARTICLES for x in part[part.index(w) + 1 :])
                    if len(w.text) == 1:
                        roles[i] = "initial"
                    elif w.text in PARTICLES and later:
                        roles[i] = "keep"
                    else:
                        roles[i] = role
        return roles
