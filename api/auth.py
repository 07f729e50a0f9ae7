"""API keys: loading them, checking a request's bearer token, and the loopback rule.

``PHIDEID_API_KEYS`` holds comma-separated keys, or a path (starting with ``/``, ``./`` or ``~``) to a file
with one key per line (``#`` comments allowed). A key is compared with every configured key in constant
time, so neither timing nor an early exit tells which key (or how much of one) matched. Keys are never
logged or quoted in an error. Without keys the server may listen on loopback only.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from api.settings import KEYS_VAR
from phideid.errors import ConfigError

MIN_KEY_CHARS = 16  # a short key is guessable over the network


def load_api_keys(env: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """The configured keys; empty when ``PHIDEID_API_KEYS`` is unset or empty."""
    raw = (env.get(KEYS_VAR) or "").strip()
    if not raw:
        return ()
    if raw.startswith(("/", "./", "~")):
        path = Path(raw).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise ConfigError(f"{KEYS_VAR} names a key file that cannot be read ({reason})") from None
        keys = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    else:
        keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise ConfigError(f"{KEYS_VAR} is set but holds no key")
    short = sum(len(k) < MIN_KEY_CHARS for k in keys)
    if short:
        # the count, never the key
        raise ConfigError(f"{short} key(s) in {KEYS_VAR} are shorter than {MIN_KEY_CHARS} characters")
    return tuple(keys)


def key_matches(given: str, keys: Sequence[str]) -> bool:
    """Whether ``given`` is one of ``keys``, comparing with all of them in constant time."""
    candidate = given.encode("utf-8", "surrogateescape")
    found = False
    for key in keys:
        found |= hmac.compare_digest(candidate, key.encode("utf-8"))
    return found


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve anywhere


def check_bind(host: str, keys: Sequence[str]) -> None:
    """Refuse to listen beyond loopback without API keys: PHI would be served to anyone on the network."""
    if not keys and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host} without API keys: set {KEYS_VAR} (comma-separated keys, or a "
            "key file path) or listen on 127.0.0.1"
        )


__all__ = ["MIN_KEY_CHARS", "bearer_token", "check_bind", "is_loopback", "key_matches", "load_api_keys"]
