"""Licence plates (``VEHICLE``): only right after "plate", "license plate", "tag #"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import after_label
from phideid.types import PhiType

#: words that start or end a phrase after "plate" in an operative note, never part of a plate number
_NOT_A_PLATE_PART = frozenset("and or with of to in on at the a for x".split())
_LABELS = (r"(?:licen[cs]e[ \t]+)?plate", r"lic\.?[ \t]*plate", r"registration[ \t]+plate", r"tag")


class LicensePlateRecognizer(PhiPatternRecognizer):
    """Finds "license plate 4ABC123", "plate #: XYZ-1234". A plate has 2-8 letters/digits and one digit."""

    ENTITY = PhiType.VEHICLE
    NAME = "license_plate"
    PATTERNS = (
        Pattern("plate_labelled", after_label(_LABELS) + r"[A-Z0-9]{1,4}(?:[ \-]?[A-Z0-9]{1,4})?\b", 0.8),
    )
    CONTEXT = ("plate", "vehicle", "car")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "plate count 150" is platelets: "plate" then a word; a plate number has a digit and 2-8 characters
        chars = [c for c in pattern_text if c.isalnum()]
        if not any(c.isdigit() for c in chars) or not 2 <= len(chars) <= 8:
            return True
        # "malleolus plate and 7 screws": an orthopaedic plate, then an English word
        return any(part.lower() in _NOT_A_PLATE_PART for part in pattern_text.replace("-", " ").split())
