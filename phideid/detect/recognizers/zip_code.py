"""ZIP codes with a label (``ZIP``): "zip: 02115", "zip code 02115-1234".

ZIPs after a state ("MA 02115") are found by ``city_state_zip``; a five-digit number alone is not a ZIP.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ZIP, after_label
from phideid.types import PhiType


class ZipCodeRecognizer(PhiPatternRecognizer):
    """A ZIP or ZIP+4 right after "zip", "zip code" or "postal code"."""

    ENTITY = PhiType.ZIP
    NAME = "zip"
    PATTERNS = (
        Pattern(
            "zip_labelled",
            after_label([r"zip(?:[ \t\-]?code)?", r"postal[ \t]+code", r"zipcode"]) + ZIP + r"(?![\d\-])",
            0.85,
        ),
    )
    CONTEXT = ("zip", "zipcode", "postal")
