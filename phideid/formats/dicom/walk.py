"""Walking a dataset and every sequence in it, deciding each attribute's step once per element.

The same walk runs twice: when the payload is parsed (to collect the free texts for the detectors, in
order) and when it is rendered (to apply the steps, taking the cleaned texts back in the same order).
Both see the same elements and decide alike, because a step depends only on the tag, its VR, the table
and the options, never on the policy.
"""

from __future__ import annotations

from collections.abc import Callable

from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import Tag

from phideid.errors import FormatError
from phideid.formats.dicom.actions import REMOVE, Kind, Step, resolve
from phideid.formats.dicom.options import DicomOptions
from phideid.formats.dicom.profile import ProfileTable

UNDEFINED_LENGTH = 0xFFFFFFFF
MAX_DEPTH = 32  # sequences nest a few levels in practice; deeper is a malformed or hostile file

Visit = Callable[[Dataset, DataElement, Step], None]


def tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


class Planner:
    """Decides the step of each element under one table and one set of options."""

    def __init__(self, table: ProfileTable, options: DicomOptions) -> None:
        self.table = table
        self.options = options
        self.columns = options.profile_options

    def step(self, ds: Dataset, elem: DataElement) -> Step:
        tag = int(elem.tag)
        if elem.tag.is_private:
            return self._private(ds, elem)
        return resolve(tag, elem.VR, elem.keyword, self.table.row(tag), self.columns)

    def _private(self, ds: Dataset, elem: DataElement) -> Step:
        group, element = elem.tag.group, elem.tag.element
        if element < 0x1000 or not self.options.keep_private:
            return REMOVE
        creator_tag = Tag(group, element >> 8)
        creator = ds[creator_tag].value if creator_tag in ds else None
        creator = creator if isinstance(creator, str) else None
        if any(rule.matches(group, element & 0xFF, creator) for rule in self.options.keep_private):
            return Step(Kind.RECURSE) if elem.VR == "SQ" else Step(Kind.KEEP)
        return REMOVE


def walk(ds: Dataset, planner: Planner, visit: Visit, *, prune: bool, depth: int = 0) -> None:
    """Visit every element (depth first, in tag order); ``prune`` drops private creators left unused.

    Private creators themselves are not visited: they stay exactly as long as an element of their
    block stays.
    """
    if depth > MAX_DEPTH:
        raise FormatError(f"sequences nest deeper than {MAX_DEPTH} levels")
    for tag in list(ds.keys()):
        _check_length(ds, int(tag))
        try:
            elem = ds[tag]
        except Exception as exc:  # pydicom converts values lazily; its messages may quote the value
            where = tag_text(int(tag))
            raise FormatError(f"cannot read attribute {where} ({exc.__class__.__name__})") from None
        if elem.tag.is_private and 0x0010 <= elem.tag.element <= 0x00FF:
            continue
        step = planner.step(ds, elem)
        visit(ds, elem, step)
        if step.kind is Kind.RECURSE and elem.VR == "SQ" and tag in ds:
            for item in elem.value or ():
                walk(item, planner, visit, prune=prune, depth=depth + 1)
    if prune:
        _prune_creators(ds)


def _check_length(ds: Dataset, tag: int) -> None:
    """A value cut short (a truncated file): pydicom reads what is there without complaint."""
    raw = ds.get_item(tag)
    if not isinstance(raw, RawDataElement) or raw.value is None or raw.length == UNDEFINED_LENGTH:
        return
    if isinstance(raw.value, bytes) and len(raw.value) < raw.length:
        raise FormatError(f"attribute {tag_text(tag)} is cut short: the file is truncated")


def _prune_creators(ds: Dataset) -> None:
    used = {(t.group, t.element >> 8) for t in ds.keys() if t.is_private and t.element >= 0x1000}
    for tag in list(ds.keys()):
        if tag.is_private and 0x0010 <= tag.element <= 0x00FF and (tag.group, tag.element) not in used:
            del ds[tag]
        elif tag.is_private and tag.element < 0x0010:  # (gggg,0000)-(gggg,000F) hold no data
            del ds[tag]
