"""Envelope encryption of the vault: one random data key, wrapped under a key derived from the secret.

::

    secret ──HKDF("phideid.vault.kek.v1")──> KEK ──AES-GCM wraps──> data key (32 random bytes, stored wrapped)
    data key ──HKDF("phideid.vault.surrogate.v1")──> surrogate key   (seeds every surrogate)
             ──HKDF("phideid.vault.value.v1")──────> value key       (AES-GCM of originals and patient ids)
             ──HKDF("phideid.vault.index.v1")──────> blind-index key (HMAC-SHA256 lookups)

Rotating the secret re-wraps the data key only, so surrogates, ciphertexts and lookups stay valid. The
data key has a random id, stored beside it and bound into the wrapping as associated data.

Every ciphertext is ``nonce (12 bytes) || AES-GCM(ciphertext + tag)`` with a random nonce and associated
data that binds it to its row (a value encrypted for one patient, type and surrogate does not decrypt in
another row). Blind indexes are ``HMAC-SHA256(index key, domain || 0x1f || value)``: equal values give equal
indexes, so they can be looked up, but the index reveals nothing without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from phideid.errors import VaultError, VaultKeyError

KEK_INFO = b"phideid.vault.kek.v1"
_WRAP_AAD = b"phideid.vault.data-key.v1"
_SURROGATE_INFO = b"phideid.vault.surrogate.v1"
_VALUE_INFO = b"phideid.vault.value.v1"
_INDEX_INFO = b"phideid.vault.index.v1"
_NONCE_BYTES = 12
DATA_KEY_BYTES = 32


def _hkdf(key_material: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key_material)


def derive_kek(secret: bytes) -> bytes:
    """The key-encryption key of a secret: HKDF-SHA256(secret, info "phideid.vault.kek.v1")."""
    return _hkdf(secret, KEK_INFO)


def new_data_key() -> tuple[str, bytes]:
    """A fresh random data key and its id (hex, not secret)."""
    return secrets.token_hex(8), secrets.token_bytes(DATA_KEY_BYTES)


def wrap_data_key(data_key: bytes, key_id: str, secret: bytes) -> bytes:
    """Encrypt the data key under the secret's KEK (AES-GCM, random nonce, key id as associated data)."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    aad = _WRAP_AAD + b"\x1f" + key_id.encode("ascii")
    return nonce + AESGCM(derive_kek(secret)).encrypt(nonce, data_key, aad)


def unwrap_data_key(wrapped: bytes, key_id: str, secret: bytes) -> bytes:
    """Decrypt the data key; a wrong secret (or a tampered key row) raises VaultKeyError."""
    aad = _WRAP_AAD + b"\x1f" + key_id.encode("ascii")
    try:
        return AESGCM(derive_kek(secret)).decrypt(wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        raise VaultKeyError(
            "the secret key does not open this vault: it was created (or its key last rotated) with "
            "another secret; set PHIDEID_SECRET_KEY or PHIDEID_SECRET_KEY_FILE to the vault's secret"
        ) from None


class DataKeys:
    """The working keys derived from one data key. Never shows a key in its repr."""

    __slots__ = ("key_id", "_data", "_surrogate", "_value", "_index")

    def __init__(self, key_id: str, data_key: bytes) -> None:
        if len(data_key) != DATA_KEY_BYTES:
            raise VaultKeyError("the vault's data key has the wrong length; the key row is damaged")
        self.key_id = key_id
        self._data = data_key
        self._surrogate = _hkdf(data_key, _SURROGATE_INFO)
        self._value = AESGCM(_hkdf(data_key, _VALUE_INFO))
        self._index = _hkdf(data_key, _INDEX_INFO)

    def __repr__(self) -> str:
        return f"DataKeys(key_id={self.key_id!r})"

    @property
    def data_key(self) -> bytes:
        """The raw data key, for re-wrapping it under a new secret."""
        return self._data

    @property
    def surrogate_key(self) -> bytes:
        return self._surrogate

    def encrypt(self, plaintext: str, context: bytes) -> bytes:
        """AES-GCM of ``plaintext`` with a random nonce, bound to ``context`` (associated data)."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return nonce + self._value.encrypt(nonce, plaintext.encode("utf-8"), context)

    def decrypt(self, blob: bytes, context: bytes) -> str:
        """Reverse ``encrypt``; a ciphertext moved to another row or altered raises VaultError."""
        blob = bytes(blob)
        try:
            return self._value.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context).decode("utf-8")
        except (InvalidTag, ValueError):
            raise VaultError(
                "a vault entry does not decrypt: the row was altered or moved; restore the vault from backup"
            ) from None

    def blind_index(self, domain: str, value: str) -> bytes:
        """HMAC-SHA256 of ``value`` in ``domain`` under the blind-index key: a lookup key hiding the value."""
        msg = domain.encode("utf-8") + b"\x1f" + value.encode("utf-8")
        return hmac.new(self._index, msg, hashlib.sha256).digest()


def context(*parts: str) -> bytes:
    """Associated data that binds a ciphertext to its row: the parts joined unambiguously."""
    return "\x1f".join(parts).encode("utf-8")
