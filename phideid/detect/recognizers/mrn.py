"""Medical record numbers (``MEDICALRECORD``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ID_TOKEN, after_label, not_after_label
from phideid.types import PhiType

_LABELS = (
    r"mrn",
    r"mr\#",
    r"medical[ \t]+record(?:[ \t]+(?:number|no\.?|\#))?",
    r"med[ \t]+rec(?:ord)?",
    r"(?:hospital|unit|chart|patient)[ \t]+(?:number|no\.?|\#)",
    r"record[ \t]*(?:\#|no\.?|number)",
)


class MedicalRecordRecognizer(PhiPatternRecognizer):
    """Finds "MRN: 00123456", "medical record number 7654321"; bare 6-10 digits only near a label word."""

    ENTITY = PhiType.MEDICALRECORD
    NAME = "mrn"
    PATTERNS = (
        # the label sits right before the number: no other reading is likely
        Pattern("mrn_labelled", after_label(_LABELS) + ID_TOKEN + r"\b", 0.9),
        # "MRN of the patient is 1234567": a bare number, scored up only by a context word
        Pattern(
            "mrn_bare", r"(?<![\w\-./])(?=\d{6})" + not_after_label() + r"\d{6,10}(?![\w\-]|[./]\d)", 0.15
        ),
    )
    CONTEXT = ("mrn", "mrn#", "mr#", "record", "records", "chart", "med", "rec")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "MRN: pending", "chart # unknown": a record number has digits
        return not any(ch.isdigit() for ch in pattern_text)
