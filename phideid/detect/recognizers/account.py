"""Account and billing numbers (``ACCOUNT``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ID_TOKEN, after_label, not_after_label
from phideid.types import PhiType

_LABELS = (
    r"acct",
    r"account",
    r"billing(?:[ \t]+(?:account|acct|id))?",
    r"fin",  # Cerner's financial (encounter) number
    r"encounter",
    r"invoice",
    r"(?:bank|credit[ \t]+card|card)[ \t]+(?:account|acct|number|no\.?|\#)",
)


class AccountNumberRecognizer(PhiPatternRecognizer):
    """Finds "Acct #: 55-123456", "billing account 9988776"; bare numbers only near "acct"/"account"."""

    ENTITY = PhiType.ACCOUNT
    NAME = "account"
    PATTERNS = (
        Pattern("account_labelled", after_label(_LABELS) + ID_TOKEN + r"\b", 0.85),
        Pattern(
            "account_bare", r"(?<![\w\-./])(?=\d{6})" + not_after_label() + r"\d{6,16}(?![\w\-]|[./]\d)", 0.15
        ),
    )
    CONTEXT = ("acct", "acct#", "account", "accounts", "billing", "fin", "invoice")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "account: none", "encounter date": an account number has digits
        return not any(ch.isdigit() for ch in pattern_text)
