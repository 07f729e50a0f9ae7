"""Certificate and licence numbers with a label (``LICENSE``): medical, driver's, board certificates."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ID_TOKEN, after_label
from phideid.types import PhiType

_LABELS = (
    r"licen[cs]e",
    r"lic",
    r"(?:driver'?s?|drivers)[ \t]+licen[cs]e",
    r"dl[ \t]*[\#:]",  # "DL#": a bare "dl" is decilitres
    r"certificate",
    r"cert",
    r"registration",
    r"state[ \t]+licen[cs]e",
)


class LicenseNumberRecognizer(PhiPatternRecognizer):
    """Finds "License #: MA-123456", "DL S12345678", "certificate no. 88123". Needs the label."""

    ENTITY = PhiType.LICENSE
    NAME = "license"
    PATTERNS = (Pattern("license_labelled", after_label(_LABELS) + ID_TOKEN + r"\b", 0.85),)
    CONTEXT = ("license", "licence", "lic", "certificate", "cert")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "license plate", "certificate pending": a licence number has digits
        return not any(ch.isdigit() for ch in pattern_text)
