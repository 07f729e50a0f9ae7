"""Where the vault's secret key and location come from: the environment, a key file, or a default file.

The secret opens the vault (it wraps the vault's data key, see ``crypto``); it is never stored in the
repository or a config file, never logged and never shown in a message. It is looked up in this order:

1. ``PHIDEID_SECRET_KEY``: the secret itself;
2. ``PHIDEID_SECRET_KEY_FILE``: the path of a file holding the secret (surrounding whitespace ignored);
3. ``$PHIDEID_HOME/secret.key`` (``PHIDEID_HOME`` defaults to ``~/.phideid``), created on first use with 32
   random bytes written as hex, mode 0600, so the embedded defaults work on a fresh machine.

A secret value is read as (an explicit prefix wins; without one, the first rule that fits):

- ``hex:<digits>`` or bare hex digits of even length: at least 32 bytes (64 hex digits);
- ``base64:<text>`` or bare standard/URL-safe base64 (with padding) that decodes to at least 32 bytes;
- ``passphrase:<text>`` or any other text of at least 32 characters, used as its UTF-8 bytes. It is
  not stretched by a slow KDF: use a long random passphrase, not a memorable one.

Bare hex shorter than 64 digits is refused rather than taken as a passphrase: it is almost always a key
that was cut short. Prefix it with ``passphrase:`` if it really is one.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from phideid.errors import VaultKeyError

#: the least number of bytes a secret must have
MIN_SECRET_BYTES = 32

ENV_SECRET = "PHIDEID_SECRET_KEY"
ENV_SECRET_FILE = "PHIDEID_SECRET_KEY_FILE"
ENV_HOME = "PHIDEID_HOME"
ENV_VAULT_URL = "PHIDEID_VAULT_URL"
DEFAULT_KEY_FILE = "secret.key"
DEFAULT_VAULT_FILE = "vault.db"

_HEX = re.compile(r"[0-9a-fA-F]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
_HELP = (
    f"set {ENV_SECRET} to at least {MIN_SECRET_BYTES} bytes as hex (e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_hex(32))'`), base64, or a passphrase of at least "
    f"{MIN_SECRET_BYTES} characters, or point {ENV_SECRET_FILE} at a file holding such a value"
)


def phideid_home(env: Mapping[str, str] = os.environ) -> Path:
    """The folder of phideid's local state: ``PHIDEID_HOME``, else ``~/.phideid``."""
    home = env.get(ENV_HOME)
    if home:
        return Path(home).expanduser()
    user_home = env.get("HOME")
    return (Path(user_home) if user_home else Path.home()) / ".phideid"


def default_vault_url(env: Mapping[str, str] = os.environ) -> str:
    """``PHIDEID_VAULT_URL``, else a SQLite file in phideid's home: ``sqlite:///$PHIDEID_HOME/vault.db``."""
    url = env.get(ENV_VAULT_URL)
    if url:
        return url
    return f"sqlite:///{phideid_home(env) / DEFAULT_VAULT_FILE}"


def load_secret(env: Mapping[str, str] = os.environ) -> bytes:
    """The vault's secret key, from the environment, a key file, or the default key file (created if missing).

    Raises
    ------
    VaultKeyError
        When the secret is too short, cannot be decoded, or its file cannot be read. The message says
        which setting is wrong and what to do; it never contains the secret.
    """
    if ENV_SECRET in env:
        return parse_secret(env[ENV_SECRET], source=ENV_SECRET)
    if ENV_SECRET_FILE in env:
        path = Path(env[ENV_SECRET_FILE]).expanduser()
        return parse_secret(_read_key_file(path), source=f"the key file {path} ({ENV_SECRET_FILE})")
    path = phideid_home(env) / DEFAULT_KEY_FILE
    if not path.exists():
        _create_key_file(path)
    return parse_secret(_read_key_file(path), source=f"the default key file {path}")


def parse_secret(value: str, *, source: str = "the secret") -> bytes:
    """Decode one secret value (see the module docstring for the formats) into its bytes."""
    text = value.strip()
    if not text:
        raise VaultKeyError(f"{source} is empty; {_HELP}")
    prefix, sep, rest = text.partition(":")
    if sep and prefix.lower() in ("hex", "base64", "passphrase"):
        kind, body = prefix.lower(), rest.strip()
    elif _HEX.fullmatch(text) and len(text) % 2 == 0:
        kind, body = "hex", text
    elif _BASE64.fullmatch(text) and len(text) % 4 == 0 and len(_b64decode(text) or b"") >= MIN_SECRET_BYTES:
        kind, body = "base64", text
    else:
        kind, body = "passphrase", text

    if kind == "hex":
        try:
            secret = bytes.fromhex(body)
        except ValueError:
            raise VaultKeyError(f"{source} is marked hex but is not valid hex; {_HELP}") from None
    elif kind == "base64":
        decoded = _b64decode(body) if _BASE64.fullmatch(body) else None
        if decoded is None:
            raise VaultKeyError(f"{source} is marked base64 but is not valid base64; {_HELP}")
        secret = decoded
    else:
        secret = body.encode("utf-8")
        if len(body) < MIN_SECRET_BYTES:
            raise VaultKeyError(
                f"{source} is too short: {len(body)} characters, at least {MIN_SECRET_BYTES} are needed; "
                f"{_HELP}"
            )
    if len(secret) < MIN_SECRET_BYTES:
        hint = " (if it is a passphrase, prefix it with 'passphrase:')" if kind == "hex" and not sep else ""
        raise VaultKeyError(
            f"{source} is too short: {len(secret)} bytes of {kind}, at least {MIN_SECRET_BYTES} are "
            f"needed{hint}; {_HELP}"
        )
    return secret


def check_secret(secret: bytes) -> bytes:
    """Refuse a secret given directly as bytes when it is too short."""
    if not isinstance(secret, bytes | bytearray):
        raise VaultKeyError(f"the vault secret must be bytes, got {type(secret).__name__}")
    if len(secret) < MIN_SECRET_BYTES:
        raise VaultKeyError(
            f"the vault secret is too short: {len(secret)} bytes, at least {MIN_SECRET_BYTES} are needed"
        )
    return bytes(secret)


def _b64decode(text: str) -> bytes | None:
    try:
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(text)
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _read_key_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VaultKeyError(f"the key file {path} does not exist; create it or {_HELP}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise VaultKeyError(
            f"cannot read the key file {path}: {reason}; check its owner and permissions (0600) or {_HELP}"
        ) from None


def _create_key_file(path: Path) -> None:
    """Write 32 random bytes as hex to ``path`` (mode 0600), atomically: a racing process never sees half
    a file, and when two processes create it at once both end up with the one that won."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(MIN_SECRET_BYTES) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process created it first: use theirs
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise VaultKeyError(
            f"cannot create the default key file {path}: {exc.strerror or type(exc).__name__}; "
            f"set {ENV_HOME} to a writable folder or {_HELP}"
        ) from None
