"""API keys: loading them with their ids and roles, checking a request's bearer token, the loopback rule.

``PHIDEID_API_KEYS`` holds comma-separated entries, or a path (starting with ``/``, ``./`` or ``~``) to a
file with one entry per line (``#`` comments allowed). An entry is ``KEY``, ``ID:KEY`` or
``ID:KEY:ROLES`` (roles joined by ``+``: ``deidentify``, ``reidentify``, ``admin``; see
``phideid.roles``), so keys cannot contain ``:``. Without roles a key may de-identify only; without an id
its id is ``key-`` and 8 hex digits of its SHA-256. The id, never the key, is what the audit trail
records.

A key is compared with every configured key in constant time, so neither timing nor an early exit tells
which key (or how much of one) matched. Keys are never logged or quoted in an error. Without keys the
server may listen on loopback only, and callers may de-identify only.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from phideid.errors import ConfigError
from phideid.roles import DEFAULT_ROLES, Role, check_actor, parse_roles

KEYS_VAR = "PHIDEID_API_KEYS"
MIN_KEY_CHARS = 16  # a short key is guessable over the network


@dataclass(frozen=True)
class ApiKey:
    id: str
    secret: str = field(repr=False)
    roles: frozenset[Role] = DEFAULT_ROLES


def parse_key(entry: str, *, where: str = KEYS_VAR) -> ApiKey:
    """One ``KEY``, ``ID:KEY`` or ``ID:KEY:ROLES`` entry (see the module docstring)."""
    parts = [part.strip() for part in entry.strip().split(":")]
    if len(parts) > 3:
        raise ConfigError(f"an entry of {where} has {len(parts)} ':'-separated parts; use KEY, ID:KEY or "
                          "ID:KEY:ROLES (keys cannot contain ':')")
    secret = parts[1] if len(parts) > 1 else parts[0]
    key_id = parts[0] if len(parts) > 1 else "key-" + hashlib.sha256(secret.encode()).hexdigest()[:8]
    roles = parse_roles(parts[2], where=where) if len(parts) == 3 else DEFAULT_ROLES
    return ApiKey(check_actor(key_id, where=where), secret, roles)


def load_api_keys(env: Mapping[str, str] = os.environ) -> tuple[ApiKey, ...]:
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
    return check_keys(tuple(parse_key(k) for k in keys))


def check_keys(keys: Sequence[ApiKey]) -> tuple[ApiKey, ...]:
    short = sum(len(k.secret) < MIN_KEY_CHARS for k in keys)
    if short:
        # the count, never the key
        raise ConfigError(f"{short} key(s) in {KEYS_VAR} are shorter than {MIN_KEY_CHARS} characters")
    ids = [k.id for k in keys]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"two keys in {KEYS_VAR} have the same id; ids name keys in the audit trail")
    return tuple(keys)


def authenticate(given: str, keys: Sequence[ApiKey]) -> ApiKey | None:
    """The key ``given`` is, comparing with all of them in constant time; None when none matches."""
    candidate = given.encode("utf-8", "surrogateescape")
    found = None
    for key in keys:
        if hmac.compare_digest(candidate, key.secret.encode("utf-8")):
            found = key
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


def check_bind(host: str, keys: Sequence[ApiKey]) -> None:
    """Refuse to listen beyond loopback without API keys: PHI would be served to anyone on the network."""
    if not keys and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host} without API keys: set {KEYS_VAR} (comma-separated keys, or a "
            "key file path) or listen on 127.0.0.1"
        )


__all__ = ["ApiKey", "KEYS_VAR", "MIN_KEY_CHARS", "authenticate", "bearer_token", "check_bind", "check_keys",
           "is_loopback", "load_api_keys", "parse_key"]
