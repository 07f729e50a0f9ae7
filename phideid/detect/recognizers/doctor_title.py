"""Clinicians named after a clinical title (``DOCTOR``): "Dr. Wong", "Dr Jane Wong", "Prof. O'Neil"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._person import ANY_CASE_NAME_WORD, NAME_AFTER_TITLE
from phideid.types import PhiType


class DoctorTitleRecognizer(PhiPatternRecognizer):
    """The span is the name only; the title stays. Stop words ("Dr. visit", "DR. NOTE") are no name.

    Capitalised and all-caps names may run to three words ("DR. JANE WONG"); after a lower-case title
    ("dr. o'neil", in an all-lowercase note) only one word is taken, since "wong wants" would eat a verb.

    The allow-list does not apply here: after "Dr." an eponym is a person ("Dr. Murphy" is PHI even
    though "Murphy sign" is not).
    """

    ENTITY = PhiType.DOCTOR
    NAME = "doctor_title"
    CASE_SENSITIVE = True
    REQUIRES = r"\b(?:dr|drs|doctor|prof|professor)\b"
    RESPECTS_ALLOW_LIST = False
    PATTERNS = (
        Pattern(
            "doctor_title",
            r"(?<=\b(?:Dr|DR|Drs|DRS|Doctor|DOCTOR|Prof|PROF|Professor)\.?[ \t]+)" + NAME_AFTER_TITLE,
            0.85,
        ),
        Pattern("doctor_title_lower", r"(?<=\b(?:dr|drs|prof)\.?[ \t]+)" + ANY_CASE_NAME_WORD, 0.75),
        # an initial alone still points at one clinician: "seen by Dr. B", "Dr. X dictated" ("DR. I" is a
        # pronoun in an all-caps note)
        Pattern("doctor_initial",
                r"(?<=\b(?:Dr|DR|Drs|DRS|Doctor|DOCTOR)\.?[ \t])(?!I\b)[A-Z](?![\w'’-])", 0.8),
    )
    CONTEXT = ()
