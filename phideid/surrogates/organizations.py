"""``surrogate.organization.v1``: hospitals and other organisations with realistic names.

A short form written in capitals ("MGH", "BIDMC") becomes other capital initials of the same length.
A longer name keeps its kind: the head noun it ends in ("Hospital", "Medical Center", "Clinic"...) is
kept and the proper part is replaced ("Massachusetts General Hospital" -> "Dayton General Hospital",
"Lahey Clinic" -> "Whitaker Clinic"). A HOSPITAL without a head noun gets a full hospital name, an
ORGANIZATION without one a Faker company name. Keyed by the lower-cased value alone (not the patient),
since an institution is the same in every record; case is kept.
"""

from __future__ import annotations

import re

from phideid.surrogates._support import (
    UPPER,
    first_distinct,
    keyed_bytes,
    keyed_int,
    match_case,
    reject_unknown,
    salted,
    seeded_faker,
    tag,
)
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.surrogates.locations import us_places
from phideid.surrogates.names import FEMALE_FIRST, MALE_FIRST, SURNAMES
from phideid.types import PhiType

ORGANIZATION = "surrogate.organization.v1"

#: the kinds of institution a name can end in, longest first so "Medical Center" wins over "Center"
HEAD_NOUNS = (
    "Children's Hospital", "Rehabilitation Hospital", "Rehabilitation Center", "Medical Center",
    "Cancer Center", "Health Center", "Health System", "Nursing Home", "Eye and Ear Infirmary",
    "Hospital", "Clinic", "Infirmary", "Hospice", "Pharmacy", "Laboratories", "Laboratory",
    "University", "College", "School", "Institute", "Center", "Health", "Associates",
)  # fmt: skip
_HEAD = re.compile(r"(?P<head>" + "|".join(re.escape(h) for h in HEAD_NOUNS) + r")\s*$", re.IGNORECASE)
_SHORT_FORM = re.compile(r"[A-Z]{2,8}")

_PROPER_PARTS = (
    "{surname} Memorial",
    "{city}",
    "{city} General",
    "St. {first}'s",
    "{surname}",
    "{city} Regional",
)
_HOSPITAL_NAMES = (
    "{surname} Memorial Hospital", "{city} General Hospital", "{city} General", "St. {first}'s Hospital",
    "{city} Medical Center", "{city} Regional Medical Center", "{surname} Community Hospital",
)  # fmt: skip
_FIRST_NAMES = tuple(sorted(FEMALE_FIRST | MALE_FIRST))


def _fill(template: str, ctx: SurrogateContext, parts: tuple[str, ...]) -> str:
    places = us_places()
    return template.format(
        surname=SURNAMES[keyed_int(ctx, *parts, "surname") % len(SURNAMES)],
        city=places[keyed_int(ctx, *parts, "city") % len(places)].city,
        first=_FIRST_NAMES[keyed_int(ctx, *parts, "first") % len(_FIRST_NAMES)],
    )


@transforms.register(ORGANIZATION)
class OrganizationSurrogate:
    """Replace a hospital or organisation name with a realistic one of the same kind.

    Parameters: none.

    Examples (keyed)::

        "MGH"                             -> "KTB"
        "Massachusetts General Hospital"  -> "Dayton General Hospital"
        "Brigham and Women's"  (HOSPITAL) -> "Whitaker Memorial Hospital"
    """

    name = ORGANIZATION

    def __init__(self, **unknown: object) -> None:
        reject_unknown(ORGANIZATION, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        if not any(c.isalnum() for c in text):
            return tag(phi_type)
        key = ("organization", text.lower())
        surrogate = first_distinct(text, lambda salt: self._draw(text, phi_type, ctx, salted(key, salt)))
        return surrogate if surrogate is not None else tag(phi_type)

    @staticmethod
    def _draw(text: str, phi_type: PhiType, ctx: SurrogateContext, parts: tuple[str, ...]) -> str:
        if _SHORT_FORM.fullmatch(text):
            return "".join(UPPER[b % 26] for b in keyed_bytes(ctx, len(text), *parts))
        head = _HEAD.search(text)
        if head is not None and head.start() > 0:
            proper = _PROPER_PARTS[keyed_int(ctx, *parts, "form") % len(_PROPER_PARTS)]
            out = f"{_fill(proper, ctx, parts)} {head.group('head')}"
        elif phi_type == PhiType.ORGANIZATION:
            out = seeded_faker(keyed_int(ctx, *parts) % (1 << 63)).company()
        else:
            out = _fill(_HOSPITAL_NAMES[keyed_int(ctx, *parts, "form") % len(_HOSPITAL_NAMES)], ctx, parts)
        return match_case(text, out)
