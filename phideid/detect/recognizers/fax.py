"""Fax numbers (``FAX``): a phone number right after "fax" or "F:"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers.phone import FAX_LABEL, NANP
from phideid.types import PhiType


class FaxRecognizer(PhiPatternRecognizer):
    """Finds "Fax: (617) 555-9876", "F: 617.555.9876", "fax # 555-9876"."""

    ENTITY = PhiType.FAX
    NAME = "fax"
    PATTERNS = (
        Pattern("fax_labelled", rf"(?<=(?:{FAX_LABEL})){NANP}(?![\w\-/]|\.\d)", 0.9),
        Pattern("fax_local_labelled", rf"(?<=(?:{FAX_LABEL}))\d{{3}}-\d{{4}}(?![\w\-/]|\.\d)", 0.8),
    )
    CONTEXT = ("fax", "facsimile")
