"""Health plan beneficiary, member, subscriber and policy numbers (``HEALTHPLAN``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ID_TOKEN, after_label
from phideid.types import PhiType

_LABELS = (
    r"member(?:[ \t]+id)?",
    r"subscriber(?:[ \t]+id)?",
    r"policy",
    r"group",
    r"plan[ \t]+id",
    r"(?:insurance|insurer|health[ \t]+plan|beneficiary)(?:[ \t]+(?:id|number|no\.?|\#))?",
    r"medicare(?:[ \t]+(?:id|number|no\.?|\#))?",
    r"medicaid(?:[ \t]+(?:id|number|no\.?|\#))?",
    r"mbi",
    r"hicn",
)


class HealthPlanRecognizer(PhiPatternRecognizer):
    """Finds "Member ID: XYZ123456789", "policy # 88-4412", Medicare MBIs ("1EG4-TE5-MK73")."""

    ENTITY = PhiType.HEALTHPLAN
    NAME = "health_plan"
    PATTERNS = (
        Pattern("health_plan_labelled", after_label(_LABELS) + ID_TOKEN + r"\b", 0.85),
        # Medicare Beneficiary Identifier: 11 characters, fixed letter/digit positions, no S L O I B Z
        Pattern(
            "medicare_mbi",
            r"(?-i:\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
            r"[AC-HJKMNP-RT-Y]{2}\d{2}\b)",
            0.4,
        ),
    )
    CONTEXT = ("member", "subscriber", "policy", "insurance", "medicare", "medicaid", "mbi", "plan")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "group therapy", "policy: none": a member number has digits
        return not any(ch.isdigit() for ch in pattern_text)
