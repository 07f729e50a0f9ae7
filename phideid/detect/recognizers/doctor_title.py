"""Clinicians named after a clinical title (``DOCTOR``): "Dr. Wong", "Dr Jane Wong", "Prof. O'Neil"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._person import NAME_AFTER_TITLE
from phideid.types import PhiType


class DoctorTitleRecognizer(PhiPatternRecognizer):
    """The span is the name only; the title stays. Case-sensitive, so "Dr. visit" is no name.

    The allow-list does not apply here: after "Dr." an eponym is a person ("Dr. Murphy" is PHI even
    though "Murphy sign" is not).
    """

    ENTITY = PhiType.DOCTOR
    NAME = "doctor_title"
    CASE_SENSITIVE = True
    RESPECTS_ALLOW_LIST = False
    PATTERNS = (
        Pattern(
            "doctor_title",
            r"(?<=\b(?:Dr|DR|Drs|Doctor|Prof|Professor)\.?[ \t]+)" + NAME_AFTER_TITLE,
            0.85,
        ),
    )
    CONTEXT = ()
