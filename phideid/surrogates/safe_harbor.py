"""Safe Harbor generalizers (45 CFR 164.514(b)(2)(i)): dates to the year, ages over 89, ZIP codes to 3 digits.

``generalize.year.v1``
    A date becomes its year, written with 4 digits ("7/22/09" -> "2009"). A date without a year cannot
    be generalized and becomes a tag; a year more than 89 years before ``ctx.reference_year`` may imply
    an age over 89 and is aggregated into one label (164.514(b)(2)(i)(C)).
``generalize.age_90plus.v1``
    An age of 90 or more becomes one label ("90+"); a younger age is not PHI and is kept.
``generalize.zip3.v1``
    A ZIP code becomes its first three digits, or "000" where the 3-digit area holds 20,000 people or
    fewer (164.514(b)(2)(i)(B)), per a versioned table ``phideid/data/zip3_restricted.<table>.csv``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from phideid.errors import PolicyError
from phideid.surrogates._support import check_text, reject_unknown
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.surrogates.dates import parse_date
from phideid.types import PhiType

YEAR = "generalize.year.v1"
AGE_90PLUS = "generalize.age_90plus.v1"
ZIP3 = "generalize.zip3.v1"

#: a year more than this many years before the reference year may imply an age over 89
MAX_YEARS_BACK = 89
AGE_LIMIT = 90


@transforms.register(YEAR)
class YearGeneralizer:
    """Reduce a date to its 4-digit year.

    Parameters
    ----------
    label : str, default "[90+ YEARS AGO]"
        Written for a year more than 89 years before ``ctx.reference_year``.
    tag : str, default "[DATE]"
        Written for a value without a year (or not a date).
    """

    name = YEAR

    def __init__(self, *, label: str = "[90+ YEARS AGO]", tag: str = "[DATE]", **unknown: object) -> None:
        reject_unknown(YEAR, unknown)
        self.label = check_text(YEAR, "label", label)
        self.tag = check_text(YEAR, "tag", tag)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        parsed = parse_date(value, reference_year=ctx.reference_year)
        if parsed is None or parsed.year is None:
            return self.tag
        if ctx.reference_year - parsed.year > MAX_YEARS_BACK:
            return self.label
        return f"{parsed.year:04d}"


_AGE = re.compile(r"\d{1,3}(?:\.\d+)?")


@transforms.register(AGE_90PLUS)
class Age90PlusGeneralizer:
    """Aggregate ages of 90 and over; the span is the number only ("93").

    Parameters
    ----------
    label : str, default "90+"
        Written for any age of 90 or more.
    tag : str, default "[AGE]"
        Written for a value that is not a number.
    """

    name = AGE_90PLUS

    def __init__(self, *, label: str = "90+", tag: str = "[AGE]", **unknown: object) -> None:
        reject_unknown(AGE_90PLUS, unknown)
        self.label = check_text(AGE_90PLUS, "label", label)
        self.tag = check_text(AGE_90PLUS, "tag", tag)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        if not _AGE.fullmatch(value.strip()):
            return self.tag
        return self.label if float(value) >= AGE_LIMIT else value


@dataclass(frozen=True, slots=True)
class Zip3Table:
    """A versioned list of restricted 3-digit ZIP areas and where it comes from."""

    name: str
    source: str
    version: str
    restricted: frozenset[str]


_TABLE_NAME = re.compile(r"[a-z0-9_]{1,40}")


def _available_tables() -> list[str]:
    data = resources.files("phideid") / "data"
    names = (p.name for p in data.iterdir() if p.is_file())
    return sorted(
        n[len("zip3_restricted.") : -len(".csv")] for n in names if n.startswith("zip3_restricted.")
    )


@functools.cache
def load_zip3_table(name: str) -> Zip3Table:
    """Read ``phideid/data/zip3_restricted.<name>.csv``; a PolicyError when it is unknown or malformed."""
    if not isinstance(name, str) or not _TABLE_NAME.fullmatch(name) or name not in _available_tables():
        known = ", ".join(_available_tables()) or "none"
        raise PolicyError(f"{ZIP3}: unknown ZIP3 table {name!r}; shipped tables: {known}")
    resource = resources.files("phideid") / "data" / f"zip3_restricted.{name}.csv"
    meta: dict[str, str] = {}
    rows: list[str] = []
    for line in resource.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            key, sep, rest = line.lstrip("# ").partition(":")
            if sep and key.strip() in ("source", "version"):
                meta[key.strip()] = rest.strip()
        elif line:
            rows.append(line)
    if not rows or rows[0] != "zip3" or not all(re.fullmatch(r"\d{3}", r) for r in rows[1:]):
        raise PolicyError(f"{ZIP3}: table {name!r} must have a 'zip3' header and 3-digit prefixes only")
    if "version" not in meta or "source" not in meta:
        raise PolicyError(f"{ZIP3}: table {name!r} must name its source and version in its header")
    return Zip3Table(name, meta["source"], meta["version"], frozenset(rows[1:]))


_ZIP = re.compile(r"(?P<zip3>\d{3})(?:\d{2}(?:[- ]?\d{4})?)?")


@transforms.register(ZIP3)
class Zip3Generalizer:
    """Reduce a ZIP code to its first 3 digits, "000" for a restricted area.

    Parameters
    ----------
    table : str, default "census2000"
        Which shipped table of restricted prefixes to use (``zip3_restricted.<table>.csv``).
    tag : str, default "[ZIP]"
        Written for a value that is not a ZIP code.
    """

    name = ZIP3

    def __init__(self, *, table: str = "census2000", tag: str = "[ZIP]", **unknown: object) -> None:
        reject_unknown(ZIP3, unknown)
        self.table = load_zip3_table(check_text(ZIP3, "table", table))
        self.tag = check_text(ZIP3, "tag", tag)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        m = _ZIP.fullmatch(value.strip())
        if m is None:
            return self.tag
        zip3 = m.group("zip3")
        return "000" if zip3 in self.table.restricted else zip3
