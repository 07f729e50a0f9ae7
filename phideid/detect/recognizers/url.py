"""Web addresses (``URL``). Written here: presidio's own URL recognizer calls tldextract, which fetches
the public-suffix list over the network; a short list of common suffixes does for bare domains."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

#: a URL ends before trailing punctuation: "see http://x.org/a." keeps the full stop out
_TAIL = r"(?:[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}])?"
_TLD = r"(?:com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|ca|health|care|ly|me|app|ai|de|fr|nl|au)"


class UrlRecognizer(PhiPatternRecognizer):
    """Finds "https://portal.example.org/patient/123", "www.example.com", "example.org/path"."""

    ENTITY = PhiType.URL
    NAME = "url"
    PATTERNS = (
        Pattern("url_scheme", r"\b(?:https?|ftp|sftp)://[^\s<>\"'`/]+" + _TAIL, 0.95),
        Pattern("url_www", r"(?<![\w.@/\-])www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+" + _TAIL, 0.9),
        # a bare domain: not the host part of an e-mail address ("jane@mgh.org")
        Pattern(
            "url_domain",
            rf"(?<![\w.@/\-])(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+{_TLD}\b(?!\.\w|@|-)(?:/{_TAIL})?",
            0.6,
        ),
    )
    CONTEXT = ("url", "website", "web", "site", "portal", "link")
