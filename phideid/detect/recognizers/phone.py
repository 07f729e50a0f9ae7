"""Telephone numbers (``PHONE``): North American forms, with extensions; not fax numbers.

A number that follows a fax label is left to the fax recognizer, so one number gets one type.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import after_label
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
#: not inside a longer run of digits: "1234-617-555-1234-9" is not a phone number; "((978) 555-0139)"
#: (a number in brackets that starts with its own bracket) is one
_EDGE_BEFORE = r"(?:(?<![\w+\-.(/])|(?<=\()(?=\())"
_EDGE_AFTER = r"(?![\w\-/]|\.\d)"
#: words that label a phone number written as ten bare digits
_PHONE_WORDS = (r"phone", r"tel", r"telephone", r"cell", r"mobile", r"home", r"work", r"call", r"contact")


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
        # hospital extensions: "x4-2231", "ext 42231"; a bare "x" only before the "4-2231" shape ("x4-5
        # episodes", "x 1000" are counts); not the extension of a full number, which phone_nanp covers
        Pattern(
            "phone_extension",
            r"(?=\d(?:-?\d){2,4}(?![\w\-]|\.\d))(?:(?<=(?<![\w.])x[ \t]?)\d-\d{4}"
            r"|(?<=(?<!\d[ \t]*)\b(?:ext|extension)\.?[ \t]*\#?[ \t]*)\d(?:-?\d){2,4})(?![\w\-]|\.\d)",
            0.8,
        ),
        # "page the fellow at 7-4492": one digit, a dash and four is how hospitals write internal
        # extensions and pagers; the clinical-number guard drops "1-1000" and the like
        Pattern("phone_internal", r"(?<![\w\-./:+])\d-\d{4}(?![\w\-]|[./:]\d)", 0.55),
        # "cell 5085550147": ten digits without separators only right after a phone word
        Pattern(
            "phone_labelled_digits",
            # ten digits in a row are rare: testing for them first keeps the label lookbehind off most places
            r"(?=(?:\+?1)?[2-9]\d{2}[2-9]\d{6}(?![\w\-]|\.\d))"
            + after_label(_PHONE_WORDS)
            + r"(?:\+?1)?[2-9]\d{2}[2-9]\d{6}",
            0.8,
        ),
    )
    # whole words, and not spaCy stop words ("call" is one, so it can never count)
    CONTEXT = ("phone", "tel", "telephone", "cell", "mobile", "home", "contact", "ph", "phones", "number")
