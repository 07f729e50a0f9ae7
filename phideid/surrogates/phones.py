"""``surrogate.phone.v1``: telephone and fax numbers replaced digit for digit, in the same shape.

Punctuation, spacing, a leading "+", the country code and an extension marker ("x", "ext.") are kept;
the digits are replaced from the key. A 10-digit North American (NANP) number, with or without a
leading country code 1, gets a valid-looking area code and the fictional exchange range 555-01xx; a
7-digit local number gets 555-01xx. Other numbers keep their country code (the digits right after a
"+") and have every other digit replaced. The surrogate of a number is keyed by its digits alone, so
"(617) 555-1234" and "617.555.1234" get the same digits, whichever patient they appear for.
"""

from __future__ import annotations

import re

from phideid.surrogates._support import (
    DIGITS,
    bump,
    check_bool,
    first_distinct,
    keyed_bytes,
    reject_unknown,
    reshape,
    salted,
    tag,
)
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

PHONE = "surrogate.phone.v1"

_EXTENSION = re.compile(r"(?P<marker>\s*(?:x|ext\.?|extension|#)\s*)(?P<ext>\d{1,6})\s*$", re.IGNORECASE)
_COUNTRY_CODE = re.compile(r"^\s*\+\s*(?P<cc>\d{1,3})(?=\D)")


def _nanp_digits(stream: bytes, fictional: bool) -> str:
    """Ten keyed NANP digits: area code [2-9][0-8][0-9], then 555-01xx (or a keyed [2-9]xx-xxxx)."""
    area = "23456789"[stream[0] % 8] + "012345678"[stream[1] % 9] + DIGITS[stream[2] % 10]
    if fictional:
        return area + "55501" + DIGITS[stream[3] % 10] + DIGITS[stream[4] % 10]
    exchange = "23456789"[stream[3] % 8] + DIGITS[stream[4] % 10] + DIGITS[stream[5] % 10]
    return area + exchange + "".join(DIGITS[b % 10] for b in stream[6:10])


def _put_digits(shape: str, digits: str) -> str:
    """``shape`` with its digits replaced, in order, by ``digits``."""
    it = iter(digits)
    return "".join(next(it) if ch.isdecimal() else ch for ch in shape)


@transforms.register(PHONE)
class PhoneSurrogate:
    """Replace a phone or fax number with a keyed one of the same shape.

    Parameters
    ----------
    fictional : bool, default true
        NANP numbers use the exchange 555 with lines 0100-0199, reserved for fiction, so a surrogate never
        rings anyone. False draws a keyed exchange instead.

    Examples::

        "(617) 726-2000"         -> "(413) 555-0147"
        "+1 617-726-2000 x4410"  -> "+1 208-555-0163 x7302"
        "+44 20 7946 0958"       -> "+44 31 0375 2296"
    """

    name = PHONE

    def __init__(self, *, fictional: bool = True, **unknown: object) -> None:
        reject_unknown(PHONE, unknown)
        self.fictional = check_bool(PHONE, "fictional", fictional)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        main, ext = value, ""
        m = _EXTENSION.search(value)
        if m is not None and any(c.isdecimal() for c in value[: m.start()]):
            main, ext = value[: m.start()], value[m.start() :]
        digits = "".join(c for c in main if c.isdecimal())
        if not digits:
            return tag(phi_type)
        surrogate = first_distinct(
            value, lambda salt: self._main(main, digits, ctx, salt) + self._ext(ext, digits, ctx, salt)
        )
        return surrogate if surrogate is not None else bump(value)

    def _main(self, main: str, digits: str, ctx: SurrogateContext, salt: int) -> str:
        plus = _COUNTRY_CODE.match(main)
        nanp_cc = len(digits) == 11 and digits[0] == "1" and (plus is None or plus.group("cc") == "1")
        national = digits[1:] if nanp_cc else digits
        stream = keyed_bytes(ctx, max(len(main), 10), *salted(("phone", national), salt))
        if (len(digits) == 10 and (plus is None)) or nanp_cc:
            new = _nanp_digits(stream, self.fictional)
            return _put_digits(main, ("1" if nanp_cc else "") + new)
        if len(digits) == 7 and plus is None and self.fictional:
            return _put_digits(main, "55501" + DIGITS[stream[3] % 10] + DIGITS[stream[4] % 10])
        if plus is not None:
            head = main[: plus.end()]
            return head + reshape(main[plus.end() :], stream[plus.end() :])
        return reshape(main, stream)

    @staticmethod
    def _ext(ext: str, digits: str, ctx: SurrogateContext, salt: int) -> str:
        if not ext:
            return ""
        stream = keyed_bytes(ctx, len(ext), *salted(("phone-ext", digits, ext), salt))
        return _put_digits(ext, "".join(DIGITS[b % 10] for b in stream))
