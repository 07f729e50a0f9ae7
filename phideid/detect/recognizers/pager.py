"""Pager numbers (``PHONE``): "pgr 12345", "pager #4-5678", "beeper 3321", "paged at 4-2231"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import after_label
from phideid.types import PhiType


class PagerRecognizer(PhiPatternRecognizer):
    """Hospital pagers are short internal numbers: only the label tells them from a lab value."""

    ENTITY = PhiType.PHONE
    NAME = "pager"
    PATTERNS = (
        Pattern(
            "pager_labelled",
            after_label([r"pgr", r"pager", r"beeper", r"bpr", r"pg"]) + r"\d(?:[\d\-]{2,12})\d(?![\w\-])",
            0.85,
        ),
        # "paged at 4-2231", "page 42231": the verb labels only a pager's shape, not "page 2 of 3"
        Pattern(
            "pager_paged",
            r"(?=\d)\b(?<=\bpage[ds]?(?:[ \t]+(?:at|to|on))?[ \t]*\#?[ \t]*)"
            r"(?:\d-\d{4}|\d{5})(?![\w\-]|\.\d)",
            0.85,
        ),
    )
    CONTEXT = ("pager", "pgr", "beeper", "page")
