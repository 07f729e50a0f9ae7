"""Vault URLs: their scheme, and a form safe to show (password redacted)."""

from __future__ import annotations

import re

_QUERY_PASSWORD = re.compile(r"([?&](?:password|sslpassword)=)[^&#]*", re.IGNORECASE)


def scheme_of(url: str) -> str:
    """The lower-cased scheme of ``url`` ("sqlite", "postgresql"), or "" when it has none."""
    scheme, sep, _ = url.partition("://")
    return scheme.lower() if sep else ""


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages and reprs.

    When in doubt it hides more than the password (a stray ``@`` after the host), never less.
    """
    scheme, sep, rest = url.partition("://")
    if sep:
        at = rest.rfind("@")
        if at >= 0 and ":" in rest[:at]:
            user = rest[:at].split(":", 1)[0]
            rest = f"{user}:***{rest[at:]}"
        url = f"{scheme}{sep}{rest}"
    return _QUERY_PASSWORD.sub(r"\1***", url)
