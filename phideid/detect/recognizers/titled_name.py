"""People named after a courtesy title (``NAME``): "Mr. Smith", "Mrs. O'Neil", "Ms Smith-Jones".

The role (patient, relative, clinician) is not known from "Mrs." alone, so the type is ``NAME``.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._person import ANY_CASE_NAME_WORD, NAME_AFTER_TITLE
from phideid.types import PhiType


class TitledNameRecognizer(PhiPatternRecognizer):
    """The span is the name only. Case-sensitive: "MS" (multiple sclerosis) and "MR" (mitral
    regurgitation) are not titles. The allow-list does not apply: "Mr. Parkinson" is a person."""

    ENTITY = PhiType.NAME
    NAME = "titled_name"
    CASE_SENSITIVE = True
    REQUIRES = r"\b(?:mr|mrs|ms|mx|miss|mister)\b"
    RESPECTS_ALLOW_LIST = False
    PATTERNS = (
        Pattern("courtesy_title", r"(?<=\b(?:Mr|Mrs|Ms|Mx|Miss|Mister)\.?[ \t]+)" + NAME_AFTER_TITLE, 0.85),
        # all caps and lower case need the period: "MS" and "MR" are diseases, "ms" a unit
        Pattern("courtesy_title_caps", r"(?<=\b(?:MR|MRS|MS|MISS|MISTER)\.[ \t]+)" + NAME_AFTER_TITLE, 0.8),
        Pattern("courtesy_title_lower", r"(?<=\b(?:mr|mrs|ms|miss)\.[ \t]+)" + ANY_CASE_NAME_WORD, 0.75),
    )
    CONTEXT = ()
