"""Telephone numbers (``PHONE``): North American forms, with extensions; not fax numbers.

A number that follows a fax label is left to the fax recognizer, so one number gets one type.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

#: "fax", "fax #", "fax no.:", "F:" right before the number
FAX_LABEL = (
    r"\b(?:fax|facsimile|telefax)(?:[ \t]*(?:\#|no\.?|number|num|line))?[ \t]*[:.#=]?[ \t]*|\bf[ \t]*:[ \t]*"
)
#: (617) 555-1234, 617-555-1234, 617.555.1234, +1 617 555 1234; area and exchange codes start 2-9
NANP = (
    r"(?:\+?1[ \t.\-]?)?(?:\([2-9]\d{2}\)[ \t]?|[2-9]\d{2}[ \t.\-])[2-9]\d{2}[ \t.\-]\d{4}"
    r"(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6})?"
)
#: not inside a longer run of digits: "1234-617-555-1234-9" is not a phone number
_EDGE_BEFORE = r"(?<![\w+\-.(/])"
_EDGE_AFTER = r"(?![\w\-/]|\.\d)"


class PhoneRecognizer(PhiPatternRecognizer):
    """Ten-digit numbers with separators score high; seven-digit "555-1234" needs a phone word."""

    ENTITY = PhiType.PHONE
    NAME = "phone"
    PATTERNS = (
        Pattern("phone_nanp", rf"{_EDGE_BEFORE}(?=[+(\d])(?<!(?:{FAX_LABEL})){NANP}{_EDGE_AFTER}", 0.8),
        # "call 555-1234": lab values rarely have this shape, but the word decides
        Pattern(
            "phone_local",
            rf"(?<!(?:{FAX_LABEL})|\d[ \t.\-]?|\)[ \t]?){_EDGE_BEFORE}[2-9]\d{{2}}-\d{{4}}"
            rf"(?:[ \t]*(?:x|ext\.?)[ \t]*\d{{1,6}})?{_EDGE_AFTER}",
            0.3,
        ),
    )
    # whole words, and not spaCy stop words ("call" is one, so it can never count)
    CONTEXT = ("phone", "tel", "telephone", "cell", "mobile", "home", "contact", "ph", "phones", "number")
