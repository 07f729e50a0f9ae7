"""National Provider Identifiers (``LICENSE``): ten digits, Luhn check over the 80840 prefix."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import after_label
from phideid.types import PhiType


def npi_checksum_ok(number: str) -> bool:
    """Luhn over "80840" + the first nine digits gives the tenth (CMS NPI standard)."""
    digits = [int(c) for c in "80840" + number[:9]]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(number[9])


class NpiRecognizer(PhiPatternRecognizer):
    """Finds "NPI: 1234567893". Needs the label: any ten-digit number passes Luhn one time in ten."""

    ENTITY = PhiType.LICENSE
    NAME = "npi"
    PATTERNS = (Pattern("npi_labelled", after_label([r"npi"]) + r"[12]\d{9}\b", 0.9),)
    CONTEXT = ("npi",)

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return not npi_checksum_ok(pattern_text)
