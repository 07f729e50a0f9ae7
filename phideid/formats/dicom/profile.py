"""The Annex E table as data: which action the Basic Profile and each option take for a tag.

The table is the project's own CSV (``phideid/data/dicom/annex_e.csv``), generated from the standard's
Table E.1-1 by ``build_profile``. Rows name one tag (``00080050``), a pattern with ``x`` for any hex digit
(``50xxxxxx``: curves), or ``private`` (odd groups). Actions are the standard's letters: ``D`` dummy,
``Z`` zero length, ``X`` remove, ``K`` keep, ``C`` clean, ``U`` replace UID, and combinations such as
``X/Z`` whose resolution is the handler's (see ``actions``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from phideid.errors import ConfigError

TABLE = "annex_e.csv"

#: option columns of the CSV -> (the option's name in the standard, its CID 7050 code)
OPTIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "rtnSafePriv": ("Retain Safe Private Option", "113111"),
    "rtnUIDs": ("Retain UIDs Option", "113110"),
    "rtnDevId": ("Retain Device Identity Option", "113109"),
    "rtnInstId": ("Retain Institution Identity Option", "113112"),
    "rtnPatChars": ("Retain Patient Characteristics Option", "113108"),
    "rtnLongFullDates": ("Retain Longitudinal Temporal Information Full Dates Option", "113106"),
    "rtnLongModifDates": ("Retain Longitudinal Temporal Information Modified Dates Option", "113107"),
    "cleanDesc": ("Clean Descriptors Option", "113105"),
    "cleanStructCont": ("Clean Structured Content Option", "113104"),
    "cleanGraph": ("Clean Graphics Option", "113103"),
})


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One row of Table E.1-1: the basic action and the action of each option that names the tag."""

    tag: str
    name: str
    basic: str
    options: Mapping[str, str]  # option column -> "K" or "C", only where the table gives one


@dataclass(frozen=True)
class ProfileTable:
    """Lookup of the Annex E row for a tag: exact tags first, then patterns, then the private row."""

    edition: str
    exact: Mapping[int, ProfileRow]
    patterns: tuple[tuple[int, int, ProfileRow], ...]  # (mask, value, row): tag & mask == value
    private: ProfileRow | None

    def row(self, tag: int) -> ProfileRow | None:
        found = self.exact.get(tag)
        if found is not None:
            return found
        for mask, value, row in self.patterns:
            if tag & mask == value:
                return row
        if self.private is not None and (tag >> 16) % 2 == 1:
            return self.private
        return None

    def __len__(self) -> int:
        return len(self.exact) + len(self.patterns) + (self.private is not None)


def _pattern(tag: str) -> tuple[int, int]:
    mask = int("".join("0" if c == "x" else "f" for c in tag), 16)
    value = int(tag.replace("x", "0"), 16)
    return mask, value


def parse_table(text: str, origin: str = TABLE) -> ProfileTable:
    """Read the CSV text; ``ConfigError`` naming the line if it is not the expected shape."""
    edition = ""
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            if line.startswith("# edition="):
                edition = line.split("=", 1)[1].strip()
            continue
        lines.append(line)
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or header[:3] != ["tag", "name", "basic"] or set(header[3:]) != set(OPTIONS):
        raise ConfigError(f"{origin}: unexpected header; regenerate it with build_profile")
    option_cols = header[3:]
    exact: dict[int, ProfileRow] = {}
    patterns: list[tuple[int, int, ProfileRow]] = []
    private = None
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(header):
            raise ConfigError(f"{origin}: row {number} has {len(cells)} cells, expected {len(header)}")
        tag, name, basic = cells[:3]
        said = {k: v for k, v in zip(option_cols, cells[3:], strict=True) if v}
        row = ProfileRow(tag, name, basic, MappingProxyType(said))
        if tag == "private":
            private = row
        elif "x" in tag:
            patterns.append((*_pattern(tag), row))
        else:
            try:
                exact[int(tag, 16)] = row
            except ValueError:
                raise ConfigError(f"{origin}: row {number} has a bad tag") from None
    if not edition or not exact:
        raise ConfigError(f"{origin}: no edition header or no rows; regenerate it with build_profile")
    return ProfileTable(edition, MappingProxyType(exact), tuple(patterns), private)


@lru_cache(maxsize=1)
def load_table() -> ProfileTable:
    """The shipped table (read once)."""
    text = resources.files("phideid").joinpath("data", "dicom", TABLE).read_text(encoding="utf-8")
    return parse_table(text)
