"""US Social Security numbers (``SSN``), with the Social Security Administration's never-issued ranges."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import after_label
from phideid.types import PhiType

_LABELS = (
    r"ssn",
    r"ss\#",
    r"soc(?:ial)?[ \t]+sec(?:urity)?(?:[ \t]+(?:number|no\.?|\#))?",
    r"ss[ \t]+number",
)


class SsnRecognizer(PhiPatternRecognizer):
    """Finds SSNs: "123-45-6789" alone scores medium, "SSN: 123456789" high, bare 9 digits only near "SSN"."""

    ENTITY = PhiType.SSN
    NAME = "ssn"
    PATTERNS = (
        Pattern("ssn_labelled", after_label(_LABELS) + r"\d{3}([\- ]?)\d{2}\1\d{4}(?![\d\-])", 0.95),
        Pattern("ssn_dashed", r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])", 0.6),
        Pattern("ssn_bare", r"(?<![\d\-])\d{3}[ ]?\d{2}[ ]?\d{4}(?![\d\-])", 0.1),
    )
    CONTEXT = ("ssn", "ss#", "social", "security")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        digits = "".join(c for c in pattern_text if c.isdigit())
        if len(digits) != 9:
            return True
        # mixed separators ("123-45 6789") are not how an SSN is written
        if len({c for c in pattern_text if not c.isdigit()}) > 1:
            return True
        # never issued: all one digit, area 000, 666 or 900-999, group 00, serial 0000
        if len(set(digits)) == 1:
            return True
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        return area in {"000", "666"} or area[0] == "9" or group == "00" or serial == "0000"
