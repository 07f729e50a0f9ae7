"""The note context (who and where a note is about) and the template slots that render PHI in its many
surface forms, and the clinical hard negatives beside it.

A template is plain text with two kinds of markup: ``[a|b|c]`` picks one alternative (may be empty, may
hold slots, no nesting) and ``{slot}`` calls a slot, which returns pieces ``(text, label)``. Only slots
produce labelled pieces, so a template's literal text is never PHI.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from training.synth import vocab
from training.synth.build import Piece
from training.synth.pools import Pools, ascii_fold

_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(slots=True)
class Person:
    first: str
    last: str
    middle: str
    female: bool

    @property
    def initials(self) -> str:
        return self.first[0] + self.last[0]


@dataclass(slots=True)
class Hospital:
    name: str
    short: tuple[str, ...]


@dataclass(slots=True)
class Ctx:
    rng: random.Random
    pools: Pools
    kind: str
    patient: Person
    doctors: list[Person]
    nurses: list[Person]
    relatives: list[tuple[str, Person]]
    hospital: Hospital
    other_hospital: Hospital
    city: tuple[str, str]
    date: dt.date
    age: int
    sep: str
    cache: dict[str, object] = field(default_factory=dict)

    # -- rendering --------------------------------------------------------------------------------------
    def render(self, template: str) -> list[Piece]:
        rng = self.rng
        while "[" in template:
            template = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        pieces: list[Piece] = []
        pos = 0
        for m in _SLOT.finditer(template):
            if m.start() > pos:
                pieces.append((template[pos : m.start()], None))
            pieces.extend(SLOTS[m.group(1)](self))
            pos = m.end()
        if pos < len(template):
            pieces.append((template[pos:], None))
        return pieces

    def lines(self, templates: list[str], sep: str = "\n") -> list[Piece]:
        out: list[Piece] = []
        for i, t in enumerate(templates):
            if i:
                out.append((sep, None))
            out.extend(self.render(t))
        return out


# --- people ------------------------------------------------------------------------------------------------


def _pick_name(rng: random.Random, pools: Pools, female: bool) -> tuple[str, str]:
    names = rng.choices(pools.name_sets, weights=pools.name_weights)[0]
    first = rng.choice(names.female if female else names.male)
    last = rng.choice(names.last)
    if rng.random() < 0.05:  # hyphenated double surname
        other = rng.choices(pools.name_sets, weights=pools.name_weights)[0]
        last = f"{last}-{rng.choice(other.last)}"
    if rng.random() < 0.35:
        first, last = ascii_fold(first), ascii_fold(last)
    return first, last


def make_person(rng: random.Random, pools: Pools, female: bool | None = None) -> Person:
    if female is None:
        female = rng.random() < 0.5
    first, last = _pick_name(rng, pools, female)
    return Person(first, last, rng.choice(string.ascii_uppercase), female)


def _name_case(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.07:
        return text.lower()
    if r < 0.14:
        return text.upper()
    return text


def _patient_name(ctx: Ctx) -> list[Piece]:
    p, rng = ctx.patient, ctx.rng
    title = rng.choice(("Mrs.", "Ms.", "Ms", "Miss", "Mrs")) if p.female else rng.choice(("Mr.", "Mr"))
    label = "PATIENT"
    form = rng.choices(range(10), weights=(22, 14, 8, 10, 5, 6, 5, 4, 6, 3))[0]
    if form == 0:
        return [(title + " ", None), (_name_case(rng, p.last), label)]
    if form == 1:
        return [(_name_case(rng, f"{p.first} {p.last}"), label)]
    if form == 2:
        return [(_name_case(rng, f"{p.last}, {p.first}"), label)]
    if form == 3:
        return [(_name_case(rng, p.first), label)]
    if form == 4:
        return [(_name_case(rng, f"{p.first} {p.middle}. {p.last}"), label)]
    if form == 5:
        return [(f"{p.first[0]}. {p.last}", label)]
    if form == 6:
        return [(p.initials.upper(), label)]
    if form == 7:
        return [(f"{p.last.upper()}, {p.first.upper()} {p.middle}", label)]
    if form == 8:
        return [(title + " ", None), (_name_case(rng, f"{p.first} {p.last}"), label)]
    return [(_name_case(rng, p.last), label)]


def _patient_full(ctx: Ctx) -> list[Piece]:
    p, rng = ctx.patient, ctx.rng
    form = rng.choice(
        (
            f"{p.first} {p.last}",
            f"{p.last}, {p.first}",
            f"{p.last.upper()}, {p.first.upper()}",
            f"{p.first} {p.middle}. {p.last}",
            f"{p.last}, {p.first} {p.middle}",
        )
    )
    return [(form, "PATIENT")]


def _patient_ref(ctx: Ctx) -> list[Piece]:
    p, rng = ctx.patient, ctx.rng
    title = rng.choice(("Mrs.", "Ms.")) if p.female else "Mr."
    return [(title + " ", None), (_name_case(rng, p.last), "PATIENT")]


def _clinician(ctx: Ctx, person: Person, nurse: bool = False) -> list[Piece]:
    rng = ctx.rng
    label = "DOCTOR"
    if nurse:
        form = rng.choices(range(8), weights=(20, 14, 12, 10, 8, 6, 5, 5))[0]
        f = _name_case(rng, person.first)
        if form == 0:
            return [(rng.choice(("RN ", "RN: ", "rn ", "RN- ")), None), (f, label)]
        if form == 1:
            return [(f, label), (rng.choice((" RN", ", RN", " rn", " (RN)")), None)]
        if form == 2:
            return [(f, label)]
        if form == 3:
            return [(f"{person.first} {person.last[0]}.", label), (rng.choice((", RN", " RN", "")), None)]
        if form == 4:
            return [
                (_name_case(rng, f"{person.first} {person.last}"), label),
                (rng.choice((", RN", " RN, BSN", "")), None),
            ]
        if form == 5:
            return [(f"{person.first[0]}. {person.last}", label), (rng.choice((" RN", ", RN")), None)]
        if form == 6:
            return [("nurse ", None), (f, label)]
        return [(person.initials, label), (rng.choice((" RN", "/RN", ", RN")), None)]
    form = rng.choices(range(13), weights=(24, 8, 10, 8, 6, 6, 5, 5, 5, 4, 4, 5, 4))[0]
    last = _name_case(rng, person.last)
    if form == 0:
        return [(rng.choice(("Dr. ", "Dr ", "dr. ", "dr ", "DR. ", "Dr.")), None), (last, label)]
    if form == 1:
        return [
            (rng.choice(("Dr. ", "Dr ")), None),
            (_name_case(rng, f"{person.first} {person.last}"), label),
        ]
    if form == 2:
        return [
            (_name_case(rng, f"{person.first} {person.last}"), label),
            (rng.choice((", MD", " MD", ", M.D.", " md", ", MD, PhD", ", DO", ", NP", ", PA-C")), None),
        ]
    if form == 3:
        return [(last, label), (rng.choice((", MD", " MD", " md", ", md")), None)]
    if form == 4:
        return [(f"{person.first[0]}. {person.last}", label), (rng.choice((", MD", " MD", "")), None)]
    if form == 5:
        return [(rng.choice(("Dr. ", "Dr ")), None), (f"{person.first[0]}. {person.last}", label)]
    if form == 6:
        return [(last, label)]
    if form == 7:
        return [(person.initials, label)]
    if form == 8:
        return [(f"{person.last}, {person.first}", label), (rng.choice((" MD", ", MD", "")), None)]
    if form == 9:
        return [
            (f"{person.first} {person.middle}. {person.last}", label),
            (rng.choice((", MD", " MD")), None),
        ]
    if form == 10:
        return [
            (rng.choice(("NP ", "PA ", "fellow ", "resident ", "intern ")), None),
            (_name_case(rng, person.first), label),
        ]
    if form == 11:
        return [
            (f"{person.last.upper()}, {person.first.upper()}", label),
            (rng.choice((" MD", " M.D.", "")), None),
        ]
    return [
        (rng.choice(("Dr. ", "Dr ")), None),
        (last, label),
        (rng.choice(("'s team", "'s service", "'s office")), None),
    ]


def _dr(ctx: Ctx) -> list[Piece]:
    return _clinician(ctx, ctx.rng.choice(ctx.doctors))


def _dr_full(ctx: Ctx) -> list[Piece]:
    p = ctx.doctors[0]
    return [
        (
            ctx.rng.choice(
                (f"{p.first} {p.last}", f"{p.first} {p.middle}. {p.last}", f"{p.last}, {p.first}")
            ),
            "DOCTOR",
        )
    ]


def _dr_last(ctx: Ctx) -> list[Piece]:
    return [(_name_case(ctx.rng, ctx.rng.choice(ctx.doctors).last), "DOCTOR")]


def _new_dr(ctx: Ctx) -> list[Piece]:
    return _clinician(ctx, make_person(ctx.rng, ctx.pools))


def _rn(ctx: Ctx) -> list[Piece]:
    return _clinician(ctx, ctx.rng.choice(ctx.nurses), nurse=True)


def _rn_first(ctx: Ctx) -> list[Piece]:
    return [(_name_case(ctx.rng, ctx.rng.choice(ctx.nurses).first), "DOCTOR")]


def _relative(ctx: Ctx) -> tuple[str, Person]:
    return ctx.rng.choice(ctx.relatives)


def _relname(ctx: Ctx) -> list[Piece]:
    _, p = _relative(ctx)
    rng = ctx.rng
    form = rng.choices(range(5), weights=(45, 25, 12, 8, 10))[0]
    if form == 0:
        return [(_name_case(rng, p.first), "RELATIVE")]
    if form == 1:
        return [(_name_case(rng, f"{p.first} {p.last}"), "RELATIVE")]
    if form == 2:
        return [(("Mrs. " if p.female else "Mr. "), None), (p.last, "RELATIVE")]
    if form == 3:
        return [(f"{p.last}, {p.first}", "RELATIVE")]
    return [(f"{p.first} {p.middle}. {p.last}", "RELATIVE")]


def _rel(ctx: Ctx) -> list[Piece]:
    relation, p = _relative(ctx)
    rng = ctx.rng
    name = _relname(ctx)
    form = rng.random()
    if form < 0.55:
        return [(relation + " ", None), *name]
    if form < 0.8:
        return [*name, (f" ({relation})", None)]
    return [(f"{relation}, ", None), *name, (",", None)]


def _relation(ctx: Ctx) -> list[Piece]:
    return [(_relative(ctx)[0], None)]


# --- places ----------------------------------------------------------------------------------------------


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isupper() and w not in ("The",))


def make_hospital(rng: random.Random, pools: Pools) -> Hospital:
    city = rng.choice(vocab.US_CITIES)[0] if rng.random() < 0.8 else rng.choice(pools.fake_cities)
    last = rng.choice(rng.choices(pools.name_sets, weights=pools.name_weights)[0].last)
    last = ascii_fold(last)
    form = rng.randrange(7)
    if form == 0:
        name = f"{city} {rng.choice(vocab.HOSPITAL_SUFFIXES)}"
        short = (_acronym(name), f"{city} General" if "General" in name else city, f"the {city}")
    elif form == 1:
        saint = rng.choice(vocab.SAINTS)
        name = f"{rng.choice(('St.', 'Saint', 'St'))} {saint}'s {rng.choice(('Hospital', 'Medical Center'))}"
        short = (f"St. {saint}'s", f"St {saint}'s", f"S{saint[0]}MC", f"Saint {saint}'s")
    elif form == 2:
        name = f"{last} {rng.choice(('Memorial Hospital', 'Medical Center', 'Hospital', 'Clinic'))}"
        short = (_acronym(name), last, f"the {last}", f"{last} Memorial")
    elif form == 3:
        other = ascii_fold(rng.choice(rng.choices(pools.name_sets, weights=pools.name_weights)[0].last))
        name = f"{last} {other} {rng.choice(('Deaconess Medical Center', 'Medical Center', 'Hospital'))}"
        short = (_acronym(name), f"{last} {other}", f"the {last}")
    elif form == 4:
        state = rng.choice(vocab.US_STATES)[0]
        name = f"University of {state} {rng.choice(('Medical Center', 'Hospital', 'Health'))}"
        short = ("U" + _acronym(state) + rng.choice(("MC", "H")), f"University of {state}", f"U of {state}")
    elif form == 5:
        name = f"{city} {rng.choice(('VA Medical Center', 'Veterans Hospital'))}"
        short = (f"{city} VA", f"the {city} VA", _acronym(name))
    else:
        name = f"{rng.choice(('Mount', 'Mt.'))} {last} {rng.choice(('Hospital', 'Medical Center'))}"
        short = (f"Mt. {last}", f"Mount {last}", _acronym(name))
    short = tuple(s for s in short if len(s) >= 2)
    return Hospital(name, short or (name,))


def _hosp(ctx: Ctx) -> list[Piece]:
    h = ctx.hospital
    if ctx.rng.random() < 0.45:
        return [(h.name, "HOSPITAL")]
    return _short(ctx, h)


def _short(ctx: Ctx, h: Hospital) -> list[Piece]:
    s = ctx.rng.choice(h.short)
    if s.startswith("the "):
        return [("the ", None), (s[4:], "HOSPITAL")]
    return [(s, "HOSPITAL")]


def _hosp_short(ctx: Ctx) -> list[Piece]:
    return _short(ctx, ctx.hospital)


def _osh(ctx: Ctx) -> list[Piece]:
    h = ctx.other_hospital
    if ctx.rng.random() < 0.6:
        return [(h.name, "HOSPITAL")]
    return _short(ctx, h)


def _any_hosp(ctx: Ctx) -> list[Piece]:
    return [(make_hospital(ctx.rng, ctx.pools).name, "HOSPITAL")]


def _facility(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    base = rng.choice(
        (
            rng.choice(vocab.US_CITIES)[0],
            ascii_fold(make_person(rng, ctx.pools).last),
            rng.choice(("Pine", "Oak", "Maple", "Cedar", "Willow", "Harbor", "Sunrise", "Meadow"))
            + rng.choice(("wood", " Hill", " Ridge", " View", "brook", " Gardens")),
        )
    )
    return [(f"{base} {rng.choice(vocab.FACILITY_KINDS)}", "HOSPITAL")]


def _ward(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    pattern = rng.choice(vocab.WARD_PATTERNS)
    last = ascii_fold(rng.choice(rng.choices(ctx.pools.name_sets, weights=ctx.pools.name_weights)[0].last))
    text = pattern.format(last=last, n=rng.randint(2, 12), wing=rng.choice(("A", "B", "N", "S", "E", "W")))
    if text.startswith("the "):
        return [("the ", None), (text[4:], "LOCATION")]
    return [(text, "LOCATION")]


def _city(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    if rng.random() < 0.5:
        city = ctx.city[0]
    elif rng.random() < 0.8:
        city = rng.choice(vocab.US_CITIES)[0]
    else:
        city = rng.choice(ctx.pools.fake_cities)
    return [(_name_case(rng, city), "CITY")]


def _state(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    full, abbr = rng.choice(vocab.US_STATES)
    r = rng.random()
    text = abbr if r < 0.45 else full if r < 0.9 else rng.choice(vocab.STATE_NICKNAMES)
    return [(text, "STATE")]


def _zip(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    z = f"{rng.randint(1001, 99950):05d}"
    if rng.random() < 0.15:
        z += f"-{rng.randint(0, 9999):04d}"
    return [(z, "ZIP")]


def _street(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(ctx.pools.streets), "STREET")]


def _address(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    city, abbr = rng.choice(vocab.US_CITIES)
    sep = rng.choice((", ", "\n", " "))
    state = abbr if rng.random() < 0.8 else dict((a, f) for f, a in vocab.US_STATES).get(abbr, abbr)
    return [
        *_street(ctx),
        (sep, None),
        (city, "CITY"),
        (rng.choice((", ", " ")), None),
        (state, "STATE"),
        (" ", None),
        *_zip(ctx),
    ]


def _country(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.COUNTRIES), "COUNTRY")]


def _region(ctx: Ctx) -> list[Piece]:
    r = ctx.rng.choice(vocab.REGIONS)
    if r.startswith("the "):
        return [("the ", None), (r[4:], "LOCATION")]
    return [(r, "LOCATION")]


def _org(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    if rng.random() < 0.4:
        return [(rng.choice(ctx.pools.companies), "ORGANIZATION")]
    text = rng.choice(vocab.ORG_PATTERNS).format(
        last=ascii_fold(make_person(rng, ctx.pools).last), city=rng.choice(vocab.US_CITIES)[0]
    )
    return [(text, "ORGANIZATION")]


def _prof(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    prof = rng.choice(vocab.PROFESSIONS)
    r = rng.random()
    if r < 0.3:
        return [(rng.choice(("retired ", "former ", "ret. ", "semi-retired ")), None), (prof, "PROFESSION")]
    if r < 0.5:
        return [
            (rng.choice(("works as a ", "works as ", "employed as a ", "job: ", "occupation: ")), None),
            (prof, "PROFESSION"),
        ]
    return [(prof, "PROFESSION")]


def _prof_bare(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.PROFESSIONS), "PROFESSION")]


# --- dates and ages -----------------------------------------------------------------------------------


def _shifted(ctx: Ctx, lo: int = -30, hi: int = 10) -> dt.date:
    return ctx.date + dt.timedelta(days=ctx.rng.randint(lo, hi))


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_date(d: dt.date, rng: random.Random) -> str:
    m, day, y = d.month, d.day, d.year
    mon, month = vocab.MONTHS_SHORT[m - 1], vocab.MONTHS[m - 1]
    forms = (
        f"{m}/{day}",
        f"{m}/{day}",
        f"{m}/{day}/{y % 100:02d}",
        f"{m:02d}/{day:02d}/{y}",
        f"{m}/{day}/{y}",
        f"{m}-{day}-{y % 100:02d}",
        f"{day}-{mon}-{y}",
        f"{day:02d}-{mon.upper()}-{y}",
        f"{day} {mon} {y}",
        f"{mon} {day}",
        f"{month} {day}",
        f"{month} {_ordinal(day)}",
        f"{month} {day}, {y}",
        f"{mon}. {day}, {y}",
        f"{y}-{m:02d}-{day:02d}",
        f"{m:02d}/{day:02d}",
        f"{m}.{day}.{y % 100:02d}",
        f"{day}.{m:02d}.{y}",
        f"{y}{m:02d}{day:02d}",
        f"{_ordinal(day)} of {month}",
        f"{mon}-{day}",
        f"{m}/{day}/{y % 100}",
    )
    return rng.choice(forms)


def _date(ctx: Ctx) -> list[Piece]:
    return [(format_date(_shifted(ctx), ctx.rng), "DATE")]


def _date_num(ctx: Ctx) -> list[Piece]:
    d, rng = _shifted(ctx), ctx.rng
    return [
        (
            rng.choice(
                (
                    f"{d.month}/{d.day}",
                    f"{d.month:02d}/{d.day:02d}",
                    f"{d.month}/{d.day}/{d.year % 100:02d}",
                    f"{d.month}/{d.day}/{d.year}",
                )
            ),
            "DATE",
        )
    ]


def _today(ctx: Ctx) -> list[Piece]:
    return [(format_date(ctx.date, ctx.rng), "DATE")]


def _dob(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    born = dt.date(ctx.date.year - ctx.age, rng.randint(1, 12), rng.randint(1, 28))
    return [
        (
            rng.choice(
                (
                    f"{born.month:02d}/{born.day:02d}/{born.year}",
                    f"{born.month}/{born.day}/{born.year}",
                    f"{born.year}-{born.month:02d}-{born.day:02d}",
                    format_date(born, rng),
                )
            ),
            "DATE",
        )
    ]


def _month_year(ctx: Ctx) -> list[Piece]:
    d, rng = _shifted(ctx, -2000, -30), ctx.rng
    mon, month = vocab.MONTHS_SHORT[d.month - 1], vocab.MONTHS[d.month - 1]
    return [
        (
            rng.choice(
                (
                    f"{mon} {d.year}",
                    f"{month} {d.year}",
                    f"{month} of {d.year}",
                    f"{d.month}/{d.year}",
                    f"{d.month}/{d.year % 100:02d}",
                    f"{mon}-{d.year % 100:02d}",
                )
            ),
            "DATE",
        )
    ]


def _year(ctx: Ctx) -> list[Piece]:
    y, rng = ctx.date.year - ctx.rng.randint(1, 40), ctx.rng
    return [(rng.choice((str(y), f"'{y % 100:02d}", str(y))), "DATE")]


def _dow(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    # a weekday alone is no date (ANNOTATION.md): a hard negative beside the PHI
    return [(rng.choice(vocab.DAYS) if rng.random() < 0.75 else rng.choice(vocab.DAYS_SHORT), None)]


def _holiday(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.HOLIDAYS), "DATE")]


def _datetime(ctx: Ctx) -> list[Piece]:
    rng, d = ctx.rng, _shifted(ctx, -3, 1)
    h, mi = rng.randint(0, 23), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50, rng.randint(0, 59)))
    r = rng.random()
    if r < 0.25:  # HL7-style timestamp: one token, all of it PHI
        return [
            (
                f"{d.year}{d.month:02d}{d.day:02d}{h:02d}{mi:02d}" + ("00" if rng.random() < 0.5 else ""),
                "DATE",
            )
        ]
    if r < 0.4:
        return [(f"{d.year}-{d.month:02d}-{d.day:02d}T{h:02d}:{mi:02d}", "DATE")]
    time = rng.choice(
        (
            f"{h:02d}{mi:02d}",
            f"{h:02d}:{mi:02d}",
            f"{h}:{mi:02d}",
            f"{h % 12 or 12}:{mi:02d} " + ("AM" if h < 12 else "PM"),
        )
    )
    return [(format_date(d, rng), "DATE"), (rng.choice((" ", " @ ", " at ", "  ")) + time, None)]


def _age_text(rng: random.Random, n: int, label: str | None) -> list[Piece]:
    form = rng.randrange(9)
    num = (str(n), label)
    if form == 0:
        return [num, (" yo", None)]
    if form == 1:
        return [num, (" y/o", None)]
    if form == 2:
        return [num, ("-year-old", None)]
    if form == 3:
        return [num, (rng.choice(("M", "F", "m", "f", "yo", "yoM", "yoF")), None)]
    if form == 4:
        return [num, (rng.choice((" M", " F", " yo M", " yo F", " y.o.")), None)]
    if form == 5:
        return [num, (" year old", None)]
    if form == 6:
        return [("age ", None), num]
    if form == 7:
        return [num, (" yrs", None)]
    return [num, ("yo", None)]


def _age(ctx: Ctx) -> list[Piece]:
    """The patient's age; labelled only when it is 90 or more."""
    return _age_text(ctx.rng, ctx.age, "AGE" if ctx.age >= 90 else None)


def _age_other(ctx: Ctx) -> list[Piece]:
    """Someone else's age (a relative's, or a history detail)."""
    n = ctx.rng.choice((ctx.rng.randint(1, 89), ctx.rng.randint(90, 104)))
    return [(str(n), "AGE" if n >= 90 else None)]


def _age_num(ctx: Ctx) -> list[Piece]:
    return [(str(ctx.age), "AGE" if ctx.age >= 90 else None)]


# --- contacts and identifiers ------------------------------------------------------------------------


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _phone_number(rng: random.Random) -> str:
    a, b, c = f"{rng.randint(201, 989)}", f"{rng.randint(200, 999)}", _digits(rng, 4)
    return rng.choice(
        (
            f"({a}) {b}-{c}",
            f"{a}-{b}-{c}",
            f"{a}.{b}.{c}",
            f"{a} {b} {c}",
            f"{b}-{c}",
            f"({a}){b}-{c}",
            f"1-{a}-{b}-{c}",
            f"{a}-{b}-{c} x{_digits(rng, 3)}",
            f"{a}{b}{c}",
        )
    )


def _phone(ctx: Ctx) -> list[Piece]:
    return [(_phone_number(ctx.rng), "PHONE")]


def _pager(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    num = rng.choice(
        (
            f"{rng.randint(1, 9)}-{_digits(rng, 4)}",
            _digits(rng, 5),
            f"{rng.randint(1, 9)}{_digits(rng, 4)}",
            _phone_number(rng),
        )
    )
    return [(rng.choice(("pg ", "pager ", "p", "beeper #", "pgr ", "pg#", "pager # ")), None), (num, "PHONE")]


def _fax(ctx: Ctx) -> list[Piece]:
    return [(_phone_number(ctx.rng), "FAX")]


def _mrn(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    mrn = ctx.cache.get("mrn")
    if mrn is None:
        mrn = rng.choice(
            (
                _digits(rng, 7),
                _digits(rng, 8),
                "00" + _digits(rng, 6),
                f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}",
                "MR" + _digits(rng, 7),
                _digits(rng, 9),
                f"{rng.choice(string.ascii_uppercase)}{_digits(rng, 6)}",
            )
        )
        ctx.cache["mrn"] = mrn
    return [(str(mrn), "MEDICALRECORD")]


def _acct(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [
        (
            rng.choice(
                (
                    _digits(rng, 10),
                    _digits(rng, 8),
                    "A" + _digits(rng, 9),
                    f"{_digits(rng, 4)}-{_digits(rng, 6)}",
                    "V" + _digits(rng, 8),
                )
            ),
            "ACCOUNT",
        )
    ]


def _idnum(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    y = ctx.date.year % 100
    up = rng.choice(string.ascii_uppercase)
    return [
        (
            rng.choice(
                (
                    f"S{y:02d}-{_digits(rng, 5)}",
                    f"{up}{up}{y:02d}-{_digits(rng, 4)}",
                    _digits(rng, 8),
                    f"CT{_digits(rng, 7)}",
                    f"{up}{_digits(rng, 7)}",
                    f"{_digits(rng, 2)}-{_digits(rng, 6)}",
                    f"ORD{_digits(rng, 6)}",
                    f"{_digits(rng, 4)}{up}{_digits(rng, 3)}",
                )
            ),
            "IDNUM",
        )
    ]


def _ssn(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    a, b, c = rng.randint(1, 665), rng.randint(1, 99), rng.randint(1, 9999)
    return [
        (
            rng.choice((f"{a:03d}-{b:02d}-{c:04d}", f"{a:03d}{b:02d}{c:04d}", f"{a:03d} {b:02d} {c:04d}")),
            "SSN",
        )
    ]


def _hplan(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    up = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    return [
        (
            rng.choice(
                (
                    f"{up}{_digits(rng, 9)}",
                    f"{rng.randint(1, 9)}{up[:2]}{rng.randint(1, 9)}-{up[1:]}{rng.randint(1, 9)}-"
                    f"{up[:2]}{_digits(rng, 2)}",
                    _digits(rng, 12),
                    f"{up[:2]}{_digits(rng, 8)}",
                    f"W{_digits(rng, 9)}",
                )
            ),
            "HEALTHPLAN",
        )
    ]


def _license(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    up = "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
    return [
        (
            rng.choice(
                (f"{up}{_digits(rng, 7)}", _digits(rng, 6), f"{up[0]}{_digits(rng, 5)}", _digits(rng, 10))
            ),
            "LICENSE",
        )
    ]


def _device(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    up = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    return [
        (
            rng.choice(
                (
                    f"{up}{_digits(rng, 6)}",
                    f"{_digits(rng, 2)}-{_digits(rng, 5)}",
                    f"{up[:2]}{_digits(rng, 8)}",
                    f"{_digits(rng, 9)}{up[0]}",
                )
            ),
            "DEVICE",
        )
    ]


def _vehicle(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    chars = string.ascii_uppercase.replace("I", "").replace("O", "").replace("Q", "") + string.digits
    return [
        (
            rng.choice(
                (
                    f"{rng.randint(1, 9)}{_letters(rng, 3)}{_digits(rng, 3)}",
                    "".join(rng.choice(chars) for _ in range(17)),
                    f"{''.join(rng.choice(string.ascii_uppercase) for _ in range(3))} {_digits(rng, 4)}",
                )
            ),
            "VEHICLE",
        )
    ]


def _ip(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [
        (
            f"{rng.choice((10, 172, 192, rng.randint(11, 223)))}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
            f"{rng.randint(1, 254)}",
            "IPADDR",
        )
    ]


def _email(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    p = rng.choice((ctx.patient, *ctx.doctors, *(r[1] for r in ctx.relatives)))
    first, last = (re.sub(r"[^a-z]", "", ascii_fold(s).lower()) or "x" for s in (p.first, p.last))
    user = rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}{last}{rng.randint(1, 99)}",
            f"{last}{first[0]}",
            rng.choice(ctx.pools.usernames),
        )
    )
    domain = rng.choice(vocab.EMAIL_DOMAINS) if rng.random() < 0.6 else rng.choice(ctx.pools.domains)
    return [(f"{user}@{domain}", "EMAIL")]


def _url(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    domain = rng.choice(ctx.pools.domains)
    path = rng.choice(
        ("", "/portal", "/patients/login", "/myhealth", f"/referral?id={_digits(rng, 6)}", "/forms/fmla.pdf")
    )
    return [(rng.choice(("https://", "http://", "www.", "https://www.", "")) + domain + path, "URL")]


def _username(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    p = rng.choice(ctx.nurses + ctx.doctors)
    base = re.sub(r"[^a-z]", "", ascii_fold(p.last).lower()) or "user"
    name = rng.choice(
        (
            f"{p.first[0].lower()}{base}",
            f"{base}{rng.randint(1, 99)}",
            f"{p.first[0].lower()}{p.middle.lower()}{base[:6]}",
            rng.choice(ctx.pools.usernames),
        )
    )
    return [(name, "USERNAME")]


# --- hard negatives ------------------------------------------------------------------------------------


def _time(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    h, m = rng.randint(0, 23), rng.choice((0, 0, 0, 15, 30, 45, 10, 20, 40, 50))
    return [
        (
            rng.choice(
                (
                    f"{h:02d}{m:02d}",
                    f"{h:02d}:{m:02d}",
                    f"{h % 12 or 12}{'am' if h < 12 else 'pm'}",
                    f"{h:02d}{m:02d}",
                    f"{h % 12 or 12}:{m:02d}{rng.choice(('', ' pm', 'p', 'a'))}",
                )
            ),
            None,
        )
    ]


def _shift(ctx: Ctx) -> list[Piece]:
    return [
        (
            ctx.rng.choice(
                (
                    "0700-1900",
                    "1900-0700",
                    "7a-7p",
                    "7p-7a",
                    "0700-1500",
                    "1500-2300",
                    "2300-0700",
                    "7a-3p",
                    "3p-11p",
                    "11p-7a",
                    "days",
                    "nights",
                    "0700-1930",
                )
            ),
            None,
        )
    ]


def _vitals(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    parts = [
        f"{rng.choice(('T', 'Temp', 'Tmax', 'temp'))} "
        f"{rng.choice(('36.', '37.', '38.', '98.', '99.', '100.'))}{rng.randint(0, 9)}",
        f"{rng.choice(('HR', 'P', 'hr'))} {rng.randint(48, 135)}",
        f"{rng.choice(('BP', 'bp', 'SBP'))} {rng.randint(85, 185)}/{rng.randint(40, 105)}",
        f"{rng.choice(('RR', 'R', 'rr'))} {rng.randint(10, 34)}",
        f"{rng.choice(('SpO2', 'O2 sat', 'sats', 'SaO2'))} {rng.randint(86, 100)}% "
        f"{rng.choice(('RA', 'on RA', 'on 2L NC', '4L NC', 'on 40% FM', 'on vent', '3L'))}",
    ]
    if rng.random() < 0.3:
        parts.append(f"CVP {rng.randint(2, 18)}")
    if rng.random() < 0.3:
        parts.append(f"MAP {rng.randint(55, 110)}")
    rng.shuffle(parts) if rng.random() < 0.2 else None
    return [(rng.choice((" ", ", ", "; ", "  ")).join(parts), None)]


def _hr(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    lo = rng.randint(5, 12) * 10
    return [
        (
            rng.choice(
                (f"HR {lo}s-{lo + 10}s", f"HR {rng.randint(50, 130)}", f"{lo}s", f"hr {lo}-{lo + 15}")
            ),
            None,
        )
    ]


def _bp(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [
        (
            rng.choice(
                (
                    f"BP {rng.randint(85, 180)}/{rng.randint(40, 100)}",
                    f"SBP {rng.randint(9, 17)}0s",
                    f"BP {rng.randint(9, 15)}0s-{rng.randint(13, 18)}0s/{rng.randint(4, 8)}0s",
                    f"MAP {rng.randint(55, 95)}",
                )
            ),
            None,
        )
    ]


def _o2(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [
        (
            rng.choice(
                (
                    f"{rng.randint(1, 6)}L NC",
                    f"{rng.choice((35, 40, 50, 60, 70, 100))}% FM",
                    f"AC {rng.randint(400, 550)}x{rng.randint(12, 24)} FiO2 "
                    f"{rng.choice((40, 50, 60))}% PEEP {rng.choice((5, 8, 10, 12))}",
                    f"CPAP {rng.choice((5, 10))}/{rng.choice((5, 8))}",
                    "RA",
                    f"{rng.randint(30, 60)}% trach mask",
                    f"HFNC {rng.choice((30, 40, 50))}L/{rng.choice((40, 60, 80))}%",
                    "BiPAP 12/5",
                )
            ),
            None,
        )
    ]


def _drug(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.DRUGS), None)]


def _dose(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [(rng.choice(vocab.DOSE_FORMS).format(drug=rng.choice(vocab.DRUGS)), None)]


def _lab_value(rng: random.Random, name: str) -> str:
    values = {
        "k": f"{rng.randint(28, 62) / 10}",
        "na": str(rng.randint(124, 152)),
        "cl": str(rng.randint(92, 115)),
        "bun": str(rng.randint(6, 98)),
        "cr": f"{rng.randint(5, 60) / 10}",
        "hct": f"{rng.randint(190, 450) / 10}",
        "hgb": f"{rng.randint(60, 150) / 10}",
        "wbc": f"{rng.randint(15, 280) / 10}",
        "plt": str(rng.randint(18, 480)),
        "inr": f"{rng.randint(9, 45) / 10}",
        "pt": f"{rng.randint(110, 400) / 10}",
        "ptt": f"{rng.randint(240, 1200) / 10}",
        "mg": f"{rng.randint(12, 30) / 10}",
        "ca": f"{rng.randint(70, 110) / 10}",
        "phos": f"{rng.randint(15, 70) / 10}",
        "glu": str(rng.randint(55, 420)),
        "lac": f"{rng.randint(6, 90) / 10}",
        "co2": str(rng.randint(14, 34)),
        "abg": f"7.{rng.randint(15, 52)}/{rng.randint(28, 75)}/{rng.randint(55, 220)}",
        "trop": f"0.{rng.randint(1, 99):02d}",
        "ck": str(rng.randint(40, 3000)),
        "alt": str(rng.randint(8, 900)),
        "bili": f"{rng.randint(2, 150) / 10}",
        "alb": f"{rng.randint(15, 45) / 10}",
        "ical": f"{rng.randint(95, 130) / 100}",
        "bnp": str(rng.randint(30, 4000)),
        "ph": f"7.{rng.randint(15, 52)}",
    }
    return values[name]


def _lab(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    tpl = rng.choice(vocab.LABS)
    key = tpl.split("{")[1].rstrip("}")
    return [(tpl.replace("{" + key + "}", _lab_value(rng, key)), None)]


def _labs(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    chosen = rng.sample(vocab.LABS, rng.randint(2, 6))
    out = []
    for tpl in chosen:
        key = tpl.split("{")[1].rstrip("}")
        out.append(tpl.replace("{" + key + "}", _lab_value(rng, key)))
    return [(rng.choice((", ", " ", "; ", "  ", " / ")).join(out), None)]


def _epo(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.EPONYMS), None)]


def _score(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.SCORES), None)]


def _room(ctx: Ctx) -> list[Piece]:
    rng = ctx.rng
    return [
        (
            rng.choice(
                (
                    f"rm {rng.randint(1, 40)}",
                    f"room {rng.randint(100, 999)}",
                    f"bed {rng.randint(1, 24)}",
                    f"Rm {rng.randint(1, 30)}{rng.choice('AB')}",
                    f"bed {rng.randint(1, 12)}",
                    f"rm {rng.randint(1, 24)} bed {rng.randint(1, 2)}",
                    f"bay {rng.randint(1, 16)}",
                )
            ),
            None,
        )
    ]


def _reltime(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.REL_TIMES), None)]


def _unit(ctx: Ctx) -> list[Piece]:
    return [(ctx.rng.choice(vocab.UNITS_PLAIN), None)]


def _num(ctx: Ctx) -> list[Piece]:
    return [(str(ctx.rng.randint(2, 800)), None)]


def _sep(ctx: Ctx) -> list[Piece]:
    return [(ctx.sep, None)]


def _he(ctx: Ctx) -> list[Piece]:
    return [("she" if ctx.patient.female else "he", None)]


def _his(ctx: Ctx) -> list[Piece]:
    return [("her" if ctx.patient.female else "his", None)]


def _he_cap(ctx: Ctx) -> list[Piece]:
    return [("She" if ctx.patient.female else "He", None)]


def _his_cap(ctx: Ctx) -> list[Piece]:
    return [("Her" if ctx.patient.female else "His", None)]


def _him(ctx: Ctx) -> list[Piece]:
    return [("her" if ctx.patient.female else "him", None)]


def _sex(ctx: Ctx) -> list[Piece]:
    f = ctx.patient.female
    return [(ctx.rng.choice(("F", "female", "woman", "W") if f else ("M", "male", "man", "M")), None)]


def _mf(ctx: Ctx) -> list[Piece]:
    return [("F" if ctx.patient.female else "M", None)]


SLOTS: dict[str, Callable[[Ctx], list[Piece]]] = {
    "pt": _patient_name,
    "pt_full": _patient_full,
    "pt_ref": _patient_ref,
    "dr": _dr,
    "dr_full": _dr_full,
    "dr_last": _dr_last,
    "new_dr": _new_dr,
    "rn": _rn,
    "rn_first": _rn_first,
    "rel": _rel,
    "relname": _relname,
    "relation": _relation,
    "hosp": _hosp,
    "hosp_short": _hosp_short,
    "osh": _osh,
    "any_hosp": _any_hosp,
    "facility": _facility,
    "ward": _ward,
    "city": _city,
    "state": _state,
    "zip": _zip,
    "street": _street,
    "address": _address,
    "country": _country,
    "region": _region,
    "org": _org,
    "prof": _prof,
    "prof_bare": _prof_bare,
    "date": _date,
    "date_num": _date_num,
    "today": _today,
    "dob": _dob,
    "month_year": _month_year,
    "year": _year,
    "dow": _dow,
    "holiday": _holiday,
    "datetime": _datetime,
    "age": _age,
    "age_other": _age_other,
    "age_num": _age_num,
    "phone": _phone,
    "pager": _pager,
    "fax": _fax,
    "mrn": _mrn,
    "acct": _acct,
    "idnum": _idnum,
    "ssn": _ssn,
    "hplan": _hplan,
    "license": _license,
    "device": _device,
    "vehicle": _vehicle,
    "ip": _ip,
    "email": _email,
    "url": _url,
    "username": _username,
    "time": _time,
    "shift": _shift,
    "vitals": _vitals,
    "hr": _hr,
    "bp": _bp,
    "o2": _o2,
    "drug": _drug,
    "dose": _dose,
    "lab": _lab,
    "labs": _labs,
    "epo": _epo,
    "score": _score,
    "room": _room,
    "reltime": _reltime,
    "unit": _unit,
    "num": _num,
    "sep": _sep,
    "he": _he,
    "his": _his,
    "He": _he_cap,
    "His": _his_cap,
    "him": _him,
    "sex": _sex,
    "mf": _mf,
}


def make_context(rng: random.Random, pools: Pools, kind: str) -> Ctx:
    """Draw who and where one note is about."""
    female = rng.random() < 0.5
    patient = make_person(rng, pools, female)
    doctors = [make_person(rng, pools) for _ in range(rng.randint(2, 4))]
    nurses = [make_person(rng, pools, rng.random() < 0.8) for _ in range(rng.randint(1, 3))]
    relatives = []
    for _ in range(rng.randint(1, 3)):
        relation = rng.choice(vocab.RELATIONS)
        rel = make_person(
            rng,
            pools,
            relation
            in (
                "wife",
                "daughter",
                "mother",
                "sister",
                "niece",
                "granddaughter",
                "girlfriend",
                "aunt",
                "daughter-in-law",
                "stepdaughter",
            )
            or rng.random() < 0.3
            and relation not in ("husband", "son", "father", "brother"),
        )
        if (
            relation in ("wife", "husband", "son", "daughter", "mother", "father", "sister", "brother")
            and rng.random() < 0.6
        ):
            rel.last = patient.last
        relatives.append((relation, rel))
    r = rng.random()
    age = rng.randint(90, 104) if r < 0.12 else rng.randint(18, 89) if r < 0.97 else rng.randint(1, 17)
    date = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 36))
    return Ctx(
        rng=rng,
        pools=pools,
        kind=kind,
        patient=patient,
        doctors=doctors,
        nurses=nurses,
        relatives=relatives,
        hospital=make_hospital(rng, pools),
        other_hospital=make_hospital(rng, pools),
        city=rng.choice(vocab.US_CITIES),
        date=date,
        age=age,
        sep=rng.choice((": ", ": ", "- ", " - ", ":", "; ", " ")),
    )
