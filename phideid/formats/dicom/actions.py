"""What happens to one attribute: the Annex E action resolved for the options in force.

``resolve`` is a pure function of the tag, its VR and keyword, the table row and the option columns on.
It settles what the standard leaves to the implementation:

- Options: an option in force that says ``K`` wins over one that says ``C``, which wins over the basic
  action (the standard's precedence: options relax the basic profile).
- Combined actions, where the standard's choice depends on the IOD's attribute type, which a header
  de-identifier does not know: ``X/Z`` -> ``Z`` and ``X/Z/D`` -> ``Z`` (an empty value says nothing and
  keeps a Type 2 attribute valid), ``X/D`` and ``Z/D`` -> ``D`` (a dummy not derived from the value keeps
  a Type 1 attribute valid), ``X/Z/U*`` -> the sequence is kept and the UIDs in it remapped.
- ``D`` on a sequence keeps the sequence and applies the profile to its items (no dummy sequence can
  stand for it); ``Z`` on a sequence empties it; ``D`` on a UID is ``U``.
- Attributes the table does not list: private ones are removed (unless ``keep_private`` keeps them),
  so are overlays (60xx), curves (50xx), group lengths, any unlisted attribute of the patient, visit or
  results groups (0010, 0038, 4008), unlisted person names and tags no dictionary knows; unlisted dates
  and times are handled as the table's dates are (removed, or shifted under the dates option); unlisted
  UIDs are remapped unless they name a class or a standard UID; unlisted free text (ST, LT, UT, UC, such
  as an SR's TextValue) is cleaned under Clean Descriptors, else removed; everything else is kept.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import Enum

from phideid.formats.dicom.profile import ProfileRow

TEXT_VRS = frozenset({"LO", "SH", "ST", "LT", "UT", "UC"})
DATE_VRS = frozenset({"DA", "DT", "TM"})
FREE_TEXT_VRS = frozenset({"ST", "LT", "UT", "UC"})
#: groups whose unlisted attributes are about the patient, the visit or the results: removed
PERSON_GROUPS = frozenset({0x0010, 0x0038, 0x4008})
#: UID attributes that name a class, syntax or scheme (registry values), never an instance
REGISTRY_UID_KEYWORDS = frozenset({
    "TransferSyntaxUID", "CodingSchemeUID", "ContextGroupExtensionCreatorUID", "MappingResourceUID",
    "ImplementationClassUID", "ContextUID", "TemplateExtensionCreatorUID",
})


class Kind(Enum):
    KEEP = "keep"
    REMOVE = "remove"  # X
    EMPTY = "empty"  # Z
    DUMMY = "dummy"  # D
    UID = "uid"  # U
    CLEAN = "clean"  # C on free text: through the detectors
    DATE = "date"  # C on a date/time under the modified dates option
    RECURSE = "recurse"  # a sequence kept: the profile applies to its items


@dataclass(frozen=True, slots=True)
class Step:
    kind: Kind
    #: for DATE: what to do when the policy gives no usable date (the basic action resolved)
    fallback: Kind | None = None


KEEP = Step(Kind.KEEP)
REMOVE = Step(Kind.REMOVE)

_COMBINED = {"X/Z": "Z", "X/Z/D": "Z", "X/D": "D", "Z/D": "D", "X/Z/U*": "U"}
_LETTER = {"X": Kind.REMOVE, "Z": Kind.EMPTY, "D": Kind.DUMMY, "K": Kind.KEEP, "U": Kind.UID}


def _basic(action: str, vr: str) -> Kind:
    """The basic profile action (combined ones resolved) as a ``Kind`` fitting the VR."""
    letter = _COMBINED.get(action, action)
    kind = _LETTER[letter]
    if vr == "SQ":
        if action == "X/Z/U*" or kind in (Kind.DUMMY, Kind.KEEP, Kind.UID):
            return Kind.RECURSE
        return kind
    if kind is Kind.DUMMY and vr == "UI":
        return Kind.UID
    return kind


def is_registry_uid(keyword: str) -> bool:
    return "Class" in keyword or "TransferSyntax" in keyword or keyword in REGISTRY_UID_KEYWORDS


def resolve(tag: int, vr: str, keyword: str, row: ProfileRow | None, options: Set[str]) -> Step:
    """The step for one attribute; ``options`` are the Annex E option columns in force."""
    if row is None:
        return _unlisted(tag, vr, keyword, options)
    said = {row.options[o] for o in options if o in row.options}
    if "K" in said:
        return Step(Kind.RECURSE) if vr == "SQ" else KEEP
    if "C" in said:
        if vr in DATE_VRS:
            dates_on = row.options.get("rtnLongModifDates") == "C" and "rtnLongModifDates" in options
            return Step(Kind.DATE, _basic(row.basic, vr)) if dates_on else Step(_basic(row.basic, vr))
        if vr in TEXT_VRS:
            return Step(Kind.CLEAN)
        return Step(Kind.RECURSE) if vr == "SQ" else KEEP
    return Step(_basic(row.basic, vr))


def _unlisted(tag: int, vr: str, keyword: str, options: Set[str]) -> Step:
    group, element = tag >> 16, tag & 0xFFFF
    if group % 2 == 1 or element == 0:  # private (the handler's allow-list runs first), group lengths
        return REMOVE
    if 0x5000 <= group <= 0x50FF or 0x6000 <= group <= 0x60FF or group in PERSON_GROUPS:
        return REMOVE
    if not keyword or vr == "PN":  # a tag no dictionary knows, a person's name the table misses
        return REMOVE
    if vr in DATE_VRS:
        return Step(Kind.DATE, Kind.REMOVE) if "rtnLongModifDates" in options else REMOVE
    if vr == "UI":
        return KEEP if is_registry_uid(keyword) or "rtnUIDs" in options else Step(Kind.UID)
    if vr == "SQ":
        return Step(Kind.RECURSE)
    if vr in FREE_TEXT_VRS:  # free text the table misses (an SR's TextValue): cleaned or dropped
        return Step(Kind.CLEAN) if "cleanDesc" in options else REMOVE
    return KEEP
