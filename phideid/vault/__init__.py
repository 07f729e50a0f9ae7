"""The vault: per-patient pseudonyms and date offsets, the surrogate key, the encrypted value map.

``open_vault()`` picks the backend by URL scheme:

- ``sqlite:///PATH`` (relative), ``sqlite:////ABS/PATH``, ``sqlite:///:memory:``: the embedded default;
- ``postgresql://...`` or ``postgres://...`` (optionally ``?schema=NAME``): shared by many workers.

Without arguments it reads ``PHIDEID_VAULT_URL`` (default ``sqlite:///$PHIDEID_HOME/vault.db``) and the
secret from ``PHIDEID_SECRET_KEY`` / ``PHIDEID_SECRET_KEY_FILE`` / ``$PHIDEID_HOME/secret.key`` (see
``phideid.vault.keys``). A vault object may be shared by the threads of one process; every process opens
its own.

>>> from phideid.vault import open_vault
>>> vault = open_vault("sqlite:///:memory:", secret=b"0" * 32)
>>> record = vault.patient("MRN 12345")
>>> record.date_offset_days != 0
True
>>> vault.patient("MRN 12345") == record
True
>>> vault.close()
"""

from __future__ import annotations

from phideid.errors import VaultError, VaultKeyError
from phideid.vault.base import OriginalValue, PatientRecord, Vault
from phideid.vault.keys import check_secret, default_vault_url, load_secret
from phideid.vault.urls import redact_url, scheme_of

__all__ = [
    "OriginalValue",
    "PatientRecord",
    "Vault",
    "VaultError",
    "VaultKeyError",
    "default_vault_url",
    "load_secret",
    "open_vault",
]


def open_vault(url: str | None = None, secret: bytes | None = None) -> Vault:
    """Open (creating on first use) the vault at ``url`` with ``secret``.

    Parameters
    ----------
    url
        ``sqlite:///...`` or ``postgresql://...``; default ``default_vault_url()``.
    secret
        At least 32 bytes; default ``load_secret()`` from the environment or the key file.

    Raises
    ------
    VaultError
        Unknown scheme, or the database cannot be reached (the message shows the URL, password redacted).
    VaultKeyError
        The secret is missing, too short, or does not open this vault.
    """
    url = url or default_vault_url()
    secret = check_secret(secret) if secret is not None else load_secret()
    scheme = scheme_of(url)
    if scheme == "sqlite":
        from phideid.vault.sqlite import SqliteVault

        return SqliteVault(url, secret)
    if scheme in ("postgresql", "postgres"):
        from phideid.vault.postgres import PostgresVault

        return PostgresVault(url, secret)
    raise VaultError(
        f"unknown vault URL scheme {scheme or '(none)'!r} in {redact_url(url)}; use sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DB"
    )
