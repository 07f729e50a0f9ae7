"""E-mail addresses (``EMAIL``). Written here: presidio's own e-mail recognizer calls tldextract,
which fetches the public-suffix list over the network."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType


class EmailRecognizer(PhiPatternRecognizer):
    """Finds "jane.doe@mgh.harvard.edu", "j_doe+clinic@example.org"."""

    ENTITY = PhiType.EMAIL
    NAME = "email"
    PATTERNS = (
        Pattern(
            "email",
            r"(?<![\w.%+\-])[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9_%+\-])?@"
            r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w\-]|\.[a-z0-9])",
            0.95,
        ),
    )
    CONTEXT = ("email", "e-mail", "mail")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "j..doe@x.org" is a typo or a pattern, not a mailbox
        return ".." in pattern_text
