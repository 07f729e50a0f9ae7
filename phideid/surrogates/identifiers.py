"""``surrogate.shape.v1``: identifiers (SSN, MRN, health plan, account, licence, device...) of the same shape.

Each digit becomes a keyed digit, each upper-case letter a keyed upper-case letter and each lower-case
letter a keyed lower-case one; punctuation and spaces stay, so "123-45-6789" stays ddd-dd-dddd and
"MRN 00412-B" stays "AAA ddddd-A". An SSN surrogate always starts with 9, an area the Social Security
Administration never issues, so it can never be a real number. The surrogate is keyed by the value
alone: the same identifier gets the same surrogate in every document and for every patient.
"""

from __future__ import annotations

import re

from phideid.errors import PolicyError
from phideid.surrogates._support import (
    bump,
    check_text,
    first_distinct,
    keyed_bytes,
    reject_unknown,
    reshape,
    salted,
    tag,
)
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

SHAPE = "surrogate.shape.v1"

_PREFIX = re.compile(r"[A-Za-z0-9_#:.-]{0,16}")


@transforms.register(SHAPE)
class ShapeSurrogate:
    """Replace an identifier with a keyed one of the same length and character classes.

    Parameters
    ----------
    prefix : str, default ""
        Written before the surrogate to mark it as one (e.g. "X": "123-45-6789" -> "X948-27-0315"); the
        surrogate then is ``len(prefix)`` characters longer than the original. Letters, digits and
        ``_#:.-`` only, at most 16.

    Examples::

        "123-45-6789" (SSN)  -> "948-27-0315"
        "MRN00412B"          -> "QZK83190T"
    """

    name = SHAPE

    def __init__(self, *, prefix: str = "", **unknown: object) -> None:
        reject_unknown(SHAPE, unknown)
        prefix = check_text(SHAPE, "prefix", prefix, allow_empty=True)
        if not _PREFIX.fullmatch(prefix):
            raise PolicyError(f"{SHAPE}: parameter 'prefix' must be at most 16 letters, digits or _#:.-")
        self.prefix = prefix

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        if not any(c.isalnum() for c in value):
            return tag(phi_type)
        first_digit = "9" if phi_type == PhiType.SSN else None

        def draw(salt: int) -> str:
            stream = keyed_bytes(ctx, len(value), *salted(("shape", value), salt))
            return reshape(value, stream, first_digit=first_digit)

        surrogate = first_distinct(value, draw, fold_case=False)
        return self.prefix + (surrogate if surrogate is not None else bump(value))
