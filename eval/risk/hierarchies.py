"""Generalization ladders: for each quasi-identifier, levels from the value as released to ``*``.

Each ladder's level 0 is the value as released (ages of 90 or more already grouped as ``90+``, as Safe
Harbor requires, 45 CFR 164.514(b)(2)(i)(C)); each level above merges values of the one below (so the
lattice search may rely on monotonicity); the top level is ``*`` for every value, missing ones included.
Below the top a missing value stays missing. A value that does not fit its ladder (text in an age column)
is kept at level 0 and becomes ``*`` above it.

========  ===============================================================================================
kind      levels
========  ===============================================================================================
age       exact (90+ grouped) -> 5-year bands -> 10-year bands -> 20-year bands -> *  (bands end at 89)
zip       5 digits -> 4 digits -> ZIP3 (``000`` for restricted areas, Safe Harbor) -> 2 digits (``00``) -> *
date      full date -> month (2019-07) -> quarter (2019-Q3) -> year -> 5-year span (2015-2019) -> *
number    exact -> ranges of width w, then the next three "nice" widths (1, 2, 5 x 10^e) -> *
sex       value -> *
category  value -> *
========  ===============================================================================================

``choose_ladder`` picks the kind from the column's name and content; ``make_ladder`` builds a named kind.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from phideid.errors import InputError
from phideid.surrogates.safe_harbor import load_zip3_table

KINDS = ("age", "zip", "date", "number", "sex", "category")
TOP = "*"
AGE_LIMIT = 90
#: the ZIP3 table of restricted areas (Safe Harbor: fewer than 20,000 people) the zip ladder uses
ZIP3_TABLE = "census2000"
#: a kind is chosen from content when at least this share of the present values fit it
FIT_SHARE = 0.95


class Ladder(Protocol):
    """A generalization hierarchy for one column."""

    kind: str
    #: level names, level 0 first, ``*`` last
    levels: tuple[str, ...]

    def generalize(self, value: str, level: int) -> str:
        """``value`` (present) at ``level`` (below the top)."""
        ...


def apply(ladder: Ladder, value: str | None, level: int) -> str | None:
    """``value`` at ``level``: ``*`` at the top level, missing stays missing below it."""
    if level >= len(ladder.levels) - 1:
        return TOP
    if value is None:
        return None
    return ladder.generalize(value, level)


def _number(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class AgeLadder:
    kind: str = "age"
    levels: tuple[str, ...] = ("exact (90+ grouped)", "5-year bands", "10-year bands", "20-year bands", TOP)
    widths: tuple[int, ...] = (5, 10, 20)

    def generalize(self, value: str, level: int) -> str:
        age = _number(value)
        if age is None or age < 0:
            return value if level == 0 else TOP
        if age >= AGE_LIMIT:
            return f"{AGE_LIMIT}+"
        if level == 0:
            return value
        width = self.widths[level - 1]
        low = int(age) // width * width
        return f"{low}-{min(low + width - 1, AGE_LIMIT - 1)}"


_ZIP = re.compile(r"(\d{5})(?:[- ]?\d{4})?")


@dataclass(frozen=True, slots=True)
class ZipLadder:
    kind: str = "zip"
    levels: tuple[str, ...] = (
        "5 digits",
        "4 digits",
        "ZIP3 (Safe Harbor, 000 if restricted)",
        "2 digits",
        TOP,
    )
    restricted: frozenset[str] = frozenset()

    def generalize(self, value: str, level: int) -> str:
        m = _ZIP.fullmatch(value.strip())
        if m is None:
            return value if level == 0 else TOP
        digits = m.group(1)
        if level == 0:
            return value
        if level == 1:
            return digits[:4]
        restricted = digits[:3] in self.restricted
        if level == 2:
            return "000" if restricted else digits[:3]
        return "00" if restricted else digits[:2]  # "000" stays one group: each level merges the one below


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?")
_HL7_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})?(?:\d{2,}(?:\.\d+)?)?(?:[+-]\d{4})?")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"(\d{4})")


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date written as ISO 8601, HL7 DTM, MM/DD/YYYY or a bare year; else None."""
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text) or _HL7_DATE.fullmatch(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    elif m := _US_DATE.fullmatch(text):
        year, month, day = int(m.group(3)), int(m.group(1)), int(m.group(2))
    elif m := _YEAR.fullmatch(text):
        year, month, day = int(m.group(1)), None, None
    else:
        return None
    if not 1800 <= year <= 2200 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return year, month, day


@dataclass(frozen=True, slots=True)
class DateLadder:
    kind: str = "date"
    levels: tuple[str, ...] = ("full date", "month", "quarter", "year", "5-year span", TOP)

    def generalize(self, value: str, level: int) -> str:
        parsed = parse_date(value)
        if parsed is None:
            return value if level == 0 else TOP
        year, month, _ = parsed
        if level == 0:
            return value
        if month is not None and level == 1:
            return f"{year:04d}-{month:02d}"
        if month is not None and level == 2:
            return f"{year:04d}-Q{(month - 1) // 3 + 1}"
        if level <= 3:
            return f"{year:04d}"
        low = year // 5 * 5
        return f"{low:04d}-{low + 4:04d}"


_NICE = (1, 2, 5)


def nice_widths(span: float, *, integer: bool, count: int = 4) -> tuple[float, ...]:
    """``count`` growing "nice" widths (1, 2, 5 x 10^e), the first about span/40."""
    target = max(span / 40, 1 if integer else 1e-9)
    exponent = math.floor(math.log10(target))
    steps = [m * 10**e for e in range(exponent, exponent + count + 2) for m in _NICE]
    first = next(i for i, w in enumerate(steps) if w >= target * (1 - 1e-9))
    widths = steps[first : first + count]
    return tuple(int(w) if w >= 1 else w for w in widths)


@dataclass(frozen=True, slots=True)
class NumberLadder:
    kind: str = "number"
    widths: tuple[float, ...] = (1, 2, 5, 10)
    integer: bool = True
    levels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.levels:
            names = ("exact", *(f"ranges of {w:g}" for w in self.widths), TOP)
            object.__setattr__(self, "levels", names)

    def generalize(self, value: str, level: int) -> str:
        number = _number(value)
        if number is None:
            return value if level == 0 else TOP
        if level == 0:
            return value
        width = self.widths[level - 1]
        low = math.floor(number / width) * width
        if self.integer and float(width).is_integer():
            return f"{int(low)}-{int(low + width - 1)}"
        return f"[{low:g}, {low + width:g})"


@dataclass(frozen=True, slots=True)
class CategoryLadder:
    kind: str = "category"
    levels: tuple[str, ...] = ("exact", TOP)

    def generalize(self, value: str, level: int) -> str:
        return value


_AGE_NAME = re.compile(r"(?<![a-z])age(?![a-z])")
_ZIP_NAME = re.compile(r"zip|postal|postcode|pid-11\.5")
_SEX_NAME = re.compile(r"(?<![a-z])(sex|gender)(?![a-z])|^pid-8$")


def _share(values: Sequence[str], fits) -> float:
    return sum(1 for v in values if fits(v)) / len(values) if values else 0.0


def make_ladder(kind: str, values: Sequence[str]) -> Ladder:
    """The ladder of ``kind`` for a column holding ``values`` (present values; for number widths)."""
    if kind == "age":
        return AgeLadder()
    if kind == "zip":
        return ZipLadder(restricted=load_zip3_table(ZIP3_TABLE).restricted)
    if kind == "date":
        return DateLadder()
    if kind == "number":
        numbers = [n for n in map(_number, values) if n is not None]
        integer = all(float(n).is_integer() for n in numbers)
        span = (max(numbers) - min(numbers)) if numbers else 0.0
        return NumberLadder(widths=nice_widths(span, integer=integer), integer=integer)
    if kind == "sex":
        return CategoryLadder(kind="sex")
    if kind == "category":
        return CategoryLadder()
    raise InputError(f"unknown ladder kind {kind!r}; use one of {', '.join(KINDS)}")


def choose_kind(column: str, values: Sequence[str]) -> str:
    """The ladder kind for a column, from its name and the present values."""
    name = column.lower()
    numeric = _share(values, lambda v: _number(v) is not None)
    if (
        _ZIP_NAME.search(name)
        and _share(values, lambda v: _ZIP.fullmatch(v.strip()) is not None) >= FIT_SHARE
    ):
        return "zip"
    if (
        _AGE_NAME.search(name)
        and _share(values, lambda v: (n := _number(v)) is not None and 0 <= n <= 150) >= FIT_SHARE
    ):
        return "age"
    dates = _share(values, lambda v: (p := parse_date(v)) is not None and p[1] is not None)
    if dates >= FIT_SHARE:
        return "date"
    if _SEX_NAME.search(name):
        return "sex"
    if numeric >= FIT_SHARE and values:
        return "number"
    return "category"


def choose_ladder(column: str, values: Sequence[str], kind: str | None = None) -> Ladder:
    """The ladder for ``column``: of ``kind`` when given, else chosen by ``choose_kind``."""
    return make_ladder(kind or choose_kind(column, values), values)
