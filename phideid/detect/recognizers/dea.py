"""DEA registration numbers (``LICENSE``): two letters and seven digits with a check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType


def dea_checksum_ok(number: str) -> bool:
    """(d1 + d3 + d5) + 2 * (d2 + d4 + d6) ends in d7: the DEA check digit."""
    digits = [int(c) for c in number[-7:]]
    total = digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])
    return total % 10 == digits[6]


class DeaNumberRecognizer(PhiPatternRecognizer):
    """Finds "DEA# AB1234563". Shape plus check digit scores low; the word "DEA" nearby scores it up."""

    ENTITY = PhiType.LICENSE
    NAME = "dea"
    PATTERNS = (Pattern("dea_number", r"\b[A-Z][A-Z9]\d{7}\b", 0.4),)
    CONTEXT = ("dea", "dea#", "prescriber", "registration")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # a nine-character lab accession or MRN with the same shape fails the check digit 9 times in 10
        return not dea_checksum_ok(pattern_text)
