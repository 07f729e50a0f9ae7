"""Envelope encryption: wrapping, binding ciphertexts to their rows, blind indexes, no keys in reprs."""

from __future__ import annotations

import secrets

import pytest

from phideid.errors import VaultError, VaultKeyError
from phideid.vault import crypto


def test_wrap_and_unwrap_the_data_key():
    secret = secrets.token_bytes(32)
    key_id, data_key = crypto.new_data_key()
    wrapped = crypto.wrap_data_key(data_key, key_id, secret)
    assert data_key not in wrapped
    assert crypto.unwrap_data_key(wrapped, key_id, secret) == data_key


def test_a_wrong_secret_or_key_id_does_not_unwrap():
    secret = secrets.token_bytes(32)
    key_id, data_key = crypto.new_data_key()
    wrapped = crypto.wrap_data_key(data_key, key_id, secret)
    with pytest.raises(VaultKeyError, match="does not open this vault"):
        crypto.unwrap_data_key(wrapped, key_id, secrets.token_bytes(32))
    with pytest.raises(VaultKeyError):
        crypto.unwrap_data_key(wrapped, "0" * 16, secret)


def test_ciphertexts_are_random_and_bound_to_their_context():
    keys = crypto.DataKeys(*crypto.new_data_key())
    ctx = crypto.context("value", "PT-1", "CITY", "Paris")
    first, second = keys.encrypt("Boston", ctx), keys.encrypt("Boston", ctx)
    assert first != second
    assert keys.decrypt(first, ctx) == "Boston"
    with pytest.raises(VaultError, match="does not decrypt") as err:
        keys.decrypt(first, crypto.context("value", "PT-2", "CITY", "Paris"))
    assert "Boston" not in str(err.value)


def test_blind_indexes_are_keyed_deterministic_and_separated_by_domain():
    keys = crypto.DataKeys(*crypto.new_data_key())
    other = crypto.DataKeys(*crypto.new_data_key())
    assert keys.blind_index("patient", "MRN1") == keys.blind_index("patient", "MRN1")
    assert keys.blind_index("patient", "MRN1") != keys.blind_index("surrogate", "MRN1")
    assert keys.blind_index("patient", "MRN1") != other.blind_index("patient", "MRN1")


def test_derived_keys_differ_and_never_show_in_repr():
    key_id, data_key = crypto.new_data_key()
    keys = crypto.DataKeys(key_id, data_key)
    assert keys.surrogate_key != data_key and len(keys.surrogate_key) == 32
    text = repr(keys)
    for secret_bytes in (data_key, keys.surrogate_key):
        assert secret_bytes.hex() not in text and repr(secret_bytes) not in text
