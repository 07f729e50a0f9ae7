"""Street addresses (``STREET``): house number, capitalised street name, street suffix, unit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

#: no "Pt": in a note it is the patient ("Lovenox 40 SC. Pt works as a roofer"), not a Point
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Ter|"
    r"Way|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Plaza|Plz|Row|Path|Alley|Turnpike|"
    r"Tpke|Pike|Crescent|Cres|Heights|Hts|Park|Point|Landing|Commons|Close|Walk)"
)
#: a capitalised word or an ordinal ("Main", "O'Brien", "5th")
_WORD = r"(?:[A-Z][A-Za-z'\-]*\.?|\d+(?:st|nd|rd|th))"
_UNIT = (
    r"(?:,?[ \t]+(?:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room|Bldg|\#)\.?[ \t]*\#?[ \t]*"
    r"[A-Z0-9\-]{1,6}\b)"
)


class StreetAddressRecognizer(PhiPatternRecognizer):
    """Finds "123 Main St", "45 Elm Street, Apt 4B",
    "1 Blossom Rd.", "77 N. Washington Ave"; case-sensitive."""

    ENTITY = PhiType.STREET
    NAME = "street"
    CASE_SENSITIVE = True
    PATTERNS = (
        Pattern(
            "street_address",
            rf"(?<![\w.,/\-])\d{{1,6}}[A-Z]?(?:-\d{{1,4}})?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:{_WORD}[ \t]+){{1,3}}"
            rf"{_SUFFIX}(?:\.|\b)(?:[ \t]+[NSEW][EW]?\b)?{_UNIT}?",
            0.8,
        ),
        # "PO Box 123"
        Pattern("po_box", r"\b(?i:p\.?[ \t]?o\.?[ \t]+box)[ \t]+\d{1,6}\b", 0.85),
    )
    CONTEXT = ("address", "lives", "street", "home", "resides")
