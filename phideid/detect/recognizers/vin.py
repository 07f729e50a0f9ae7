"""Vehicle identification numbers (``VEHICLE``): 17 characters with the ISO 3779 / FMVSS 115 check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

_VALUES = {str(d): d for d in range(10)} | dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    """Position 9 is the weighted sum of the others modulo 11 (10 is written X)."""
    vin = vin.upper()
    total = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    expected = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == expected


class VinRecognizer(PhiPatternRecognizer):
    """Finds "1M8GDM9AXKP042788". No I, O or Q; letters and digits; the check digit must hold."""

    ENTITY = PhiType.VEHICLE
    NAME = "vin"
    PATTERNS = (Pattern("vin", r"\b[A-HJ-NPR-Z0-9]{17}\b", 0.6),)
    CONTEXT = ("vin", "vehicle", "car", "truck", "motor")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # a 17-digit number or a 17-letter word is not a VIN, nor is a string that fails the check digit
        if pattern_text.isdigit() or pattern_text.isalpha():
            return True
        return not vin_check_digit_ok(pattern_text)
