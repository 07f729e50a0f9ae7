"""Where the secret comes from, which formats are accepted, and that no message ever shows it."""

from __future__ import annotations

import base64
import os
import stat

import pytest

from phideid.errors import VaultKeyError
from phideid.vault.keys import default_vault_url, load_secret, parse_secret

RAW = bytes(range(32))


@pytest.mark.parametrize(
    "value",
    [
        RAW.hex(),
        RAW.hex().upper(),
        "hex:" + RAW.hex(),
        base64.b64encode(RAW).decode(),
        "base64:" + base64.b64encode(RAW).decode(),
        base64.urlsafe_b64encode(RAW).decode(),
        "  " + RAW.hex() + "\n",
    ],
)
def test_hex_and_base64_secrets_decode_to_their_bytes(value):
    assert load_secret({"PHIDEID_SECRET_KEY": value}) == RAW


def test_a_long_passphrase_is_used_as_its_utf8_bytes():
    phrase = "correct horse battery staple, but much longer"
    assert load_secret({"PHIDEID_SECRET_KEY": phrase}) == phrase.encode()
    assert load_secret({"PHIDEID_SECRET_KEY": "passphrase:" + "ab" * 16}) == b"ab" * 16


@pytest.mark.parametrize(
    "value, hint",
    [
        ("short passphrase", "too short"),
        ("ab" * 20, "passphrase:"),  # hex of 20 bytes: a key cut short, not a passphrase
        ("hex:" + "ab" * 8, "too short"),
        ("hex:zz" + "ab" * 40, "not valid hex"),
        ("base64:" + base64.b64encode(b"x" * 16).decode(), "too short"),
        ("base64:not base64!", "not valid base64"),
        ("   ", "empty"),
    ],
)
def test_bad_secrets_are_refused_without_showing_them(value, hint):
    with pytest.raises(VaultKeyError) as err:
        load_secret({"PHIDEID_SECRET_KEY": value})
    message = str(err.value)
    assert hint in message
    assert "PHIDEID_SECRET_KEY" in message  # says what to set
    body = value.split(":", 1)[-1].strip()
    if body:
        assert body not in message


def test_secret_from_a_key_file(tmp_path):
    path = tmp_path / "key"
    path.write_text(RAW.hex() + "\n")
    assert load_secret({"PHIDEID_SECRET_KEY_FILE": str(path)}) == RAW


def test_the_environment_value_wins_over_the_file(tmp_path):
    path = tmp_path / "key"
    path.write_text("f" * 64)
    assert load_secret({"PHIDEID_SECRET_KEY": RAW.hex(), "PHIDEID_SECRET_KEY_FILE": str(path)}) == RAW


def test_missing_or_unreadable_key_file_says_what_to_do(tmp_path):
    with pytest.raises(VaultKeyError, match="does not exist"):
        load_secret({"PHIDEID_SECRET_KEY_FILE": str(tmp_path / "nope")})
    with pytest.raises(VaultKeyError, match="cannot read"):
        load_secret({"PHIDEID_SECRET_KEY_FILE": str(tmp_path)})  # a folder


def test_default_key_file_is_created_once_with_mode_0600(tmp_path):
    env = {"PHIDEID_HOME": str(tmp_path / "home")}
    first = load_secret(env)
    path = tmp_path / "home" / "secret.key"
    assert len(first) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret(env) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary file left


def test_default_home_is_under_the_user_home(tmp_path):
    first = load_secret({"HOME": str(tmp_path)})
    assert (tmp_path / ".phideid" / "secret.key").exists()
    assert load_secret({"HOME": str(tmp_path)}) == first


def test_default_vault_url():
    assert default_vault_url({"PHIDEID_VAULT_URL": "postgresql://db/x"}) == "postgresql://db/x"
    assert default_vault_url({"PHIDEID_HOME": "/srv/phideid"}) == "sqlite:////srv/phideid/vault.db"


def test_parse_secret_is_stable():
    value = "Zm9vYmFyYmF6cXV4IGFuZCBtb3JlIGJ5dGVzIGhlcmUh"
    assert parse_secret(value) == parse_secret(value)
