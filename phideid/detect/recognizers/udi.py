"""Unique device identifiers (``DEVICE``) in the GS1 form: "(01)00643169007222(17)260128(21)A1B2"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

_GTIN = regex.compile(r"\(01\)[ \t]?(\d{14})")


def gtin_check_digit_ok(gtin: str) -> bool:
    """GS1 mod-10: weights 3,1,3,1... from the right, the last digit completes a multiple of ten."""
    body, check = gtin[:-1], int(gtin[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class UdiRecognizer(PhiPatternRecognizer):
    """A GS1 UDI: the device identifier (01) and any production identifiers (10, 11, 17, 21) after it."""

    ENTITY = PhiType.DEVICE
    NAME = "udi"
    PATTERNS = (
        Pattern(
            "udi_gs1",
            r"\(01\)[ \t]?\d{14}(?:[ \t]?\((?:10|11|17|21)\)[ \t]?[A-Z0-9\-]{1,20})*",
            0.9,
        ),
    )
    CONTEXT = ("udi", "device", "implant")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        m = _GTIN.match(pattern_text)
        return m is None or not gtin_check_digit_ok(m.group(1))
