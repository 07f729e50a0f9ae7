"""API keys: every route but health needs one when keys are set; without keys, loopback only."""

from __future__ import annotations

import pytest

from api.auth import authenticate, check_bind, load_api_keys
from api.cli import main as serve_main
from phideid.cli import main as phideid_main
from phideid.errors import ConfigError
from phideid.roles import Role
from tests.api.conftest import KEY, NOTE


def test_without_a_key_a_keyed_server_answers_401_with_a_problem(keyed):
    wrong = ({}, {"Authorization": "Bearer wrong-key-0123456789abc"}, {"Authorization": f"Basic {KEY}"})
    for headers in wrong:
        r = keyed.client.post("/deidentify", content=NOTE.encode(),
                              headers={"content-type": "text/plain", **headers})
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == "https://phideid.dev/problems/unauthorized"
        assert "Ottoline" not in r.text and KEY not in r.text
    assert keyed.client.get("/metrics").status_code == 401
    assert keyed.client.post("/deidentify/batch", json=[]).status_code == 401


def test_with_a_key_it_answers(keyed):
    for key in (KEY, "second-key-abcdefghijklmnop"):
        r = keyed.client.post("/deidentify", content=NOTE.encode(),
                              headers={"content-type": "text/plain", "Authorization": f"Bearer {key}"})
        assert r.status_code == 200
        assert "Ottoline" not in r.text
    assert keyed.client.get("/metrics", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200


def test_health_needs_no_key(keyed):
    assert keyed.client.get("/healthz").status_code == 200
    assert keyed.client.get("/readyz").status_code == 200


def test_without_keys_no_key_is_asked(api):
    r = api.client.post("/deidentify", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 200


def test_keys_come_from_a_list_or_a_file(tmp_path):
    secrets_of = lambda keys: tuple(k.secret for k in keys)  # noqa: E731
    assert secrets_of(load_api_keys({"PHIDEID_API_KEYS": f" {KEY} , other-key-0123456789abcdef "})) == (
        KEY, "other-key-0123456789abcdef")
    keys = tmp_path / "keys"
    keys.write_text(f"# rotated monthly\n{KEY}\n\nother-key-0123456789abcdef\n")
    assert secrets_of(load_api_keys({"PHIDEID_API_KEYS": str(keys)})) == (KEY, "other-key-0123456789abcdef")
    assert load_api_keys({}) == ()
    with pytest.raises(ConfigError, match="cannot be read"):
        load_api_keys({"PHIDEID_API_KEYS": str(tmp_path / "missing")})
    with pytest.raises(ConfigError, match="shorter") as info:
        load_api_keys({"PHIDEID_API_KEYS": "short"})
    assert "short" not in str(info.value).replace("shorter", "")  # the key itself is never quoted


def test_key_entries_carry_an_id_and_roles():
    plain, named, officer = load_api_keys({"PHIDEID_API_KEYS": (
        f"{KEY}, ehr:ehr-key-0123456789abcdef, privacy-officer:po-key-0123456789abcdef:reidentify+admin")})
    assert plain.roles == {Role.DEIDENTIFY} and plain.id.startswith("key-") and KEY not in plain.id
    assert (named.id, named.roles) == ("ehr", {Role.DEIDENTIFY})
    assert (officer.id, officer.roles) == ("privacy-officer", {Role.REIDENTIFY, Role.ADMIN})
    assert KEY not in repr(plain) and "po-key" not in repr(officer)
    with pytest.raises(ConfigError, match="unknown role 'root'"):
        load_api_keys({"PHIDEID_API_KEYS": f"x:{KEY}:root"})
    with pytest.raises(ConfigError, match="same id"):
        load_api_keys({"PHIDEID_API_KEYS": f"a:{KEY},a:other-key-0123456789abcdef"})
    with pytest.raises(ConfigError, match="parts"):
        load_api_keys({"PHIDEID_API_KEYS": f"a:{KEY}:admin:extra"})


def test_keys_are_compared_exactly():
    keys = load_api_keys({"PHIDEID_API_KEYS": f"other-key-0123456789abcdef,mine:{KEY}"})
    assert authenticate(KEY, keys).id == "mine"
    assert authenticate(KEY[:-1], keys) is None
    assert authenticate(KEY + "x", keys) is None
    assert authenticate("", keys) is None


def test_no_keys_means_loopback_only():
    check_bind("127.0.0.1", ())
    check_bind("::1", ())
    check_bind("localhost", ())
    check_bind("0.0.0.0", load_api_keys({"PHIDEID_API_KEYS": KEY}))
    for host in ("0.0.0.0", "::", "10.1.2.3", "api.hospital.local"):
        with pytest.raises(ConfigError, match="refusing to listen"):
            check_bind(host, ())


def test_phideid_serve_refuses_a_public_address_without_keys(monkeypatch, capsys):
    monkeypatch.delenv("PHIDEID_API_KEYS", raising=False)
    # the check runs before anything is built or bound: no server starts here
    with pytest.raises(ConfigError, match="refusing to listen on 0.0.0.0"):
        serve_main(["--host", "0.0.0.0"])
    assert phideid_main(["serve", "--host", "0.0.0.0"]) == 2
    assert "refusing to listen on 0.0.0.0 without API keys" in capsys.readouterr().err
