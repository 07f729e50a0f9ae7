"""The vault contract on every backend: stable patients, never-zero offsets, keys, value map."""

from __future__ import annotations

import re
import secrets
import socket
import threading
from pathlib import Path

import pytest

from phideid.errors import VaultError, VaultKeyError
from phideid.types import PhiType
from phideid.vault import OriginalValue, PatientRecord, open_vault
from tests.vault.vault_testing import drop_schema, postgres_url_or_skip, with_query

PSEUDONYM = re.compile(r"PT-[A-Z2-7]{12}")


@pytest.fixture
def vault(vault_url, secret):
    v = open_vault(vault_url, secret)
    yield v
    v.close()


def test_patient_get_or_create_is_stable_across_reopen(vault_url, secret):
    with open_vault(vault_url, secret) as vault:
        first = vault.patient("MRN-0001")
        assert vault.patient("MRN-0001") == first
    assert PSEUDONYM.fullmatch(first.pseudonym)
    with open_vault(vault_url, secret) as vault:
        assert vault.patient("MRN-0001") == first
        assert vault.patient("MRN-0002") != first
        assert vault.stats()["patients"] == 2


def test_date_offsets_are_never_zero_and_vary_between_patients(vault):
    records = [vault.patient(f"MRN-{i:04d}") for i in range(300)]
    offsets = [r.date_offset_days for r in records]
    assert all(o != 0 and -364 <= o <= 364 for o in offsets)
    assert len(set(offsets)) > 100
    assert any(o < 0 for o in offsets) and any(o > 0 for o in offsets)
    assert len({r.pseudonym for r in records}) == 300


def test_blank_patient_id_is_refused(vault):
    with pytest.raises(VaultError):
        vault.patient("  ")


def test_a_wrong_secret_is_refused_at_open(vault_url, secret):
    open_vault(vault_url, secret).close()
    with pytest.raises(VaultKeyError, match="the secret key does not open this vault"):
        open_vault(vault_url, secrets.token_bytes(32))


def test_a_short_secret_is_refused(vault_url):
    with pytest.raises(VaultKeyError, match="too short"):
        open_vault(vault_url, b"x" * 16)


def test_surrogate_key_is_shared_by_every_opener_and_is_not_the_secret(vault_url, secret):
    with open_vault(vault_url, secret) as a, open_vault(vault_url, secret) as b:
        assert a.surrogate_key() == b.surrogate_key()
        assert len(a.surrogate_key()) == 32 and a.surrogate_key() != secret


def test_rotation_keeps_surrogates_and_lookups_and_retires_the_old_secret(vault_url, secret):
    new_secret = secrets.token_bytes(32)
    with open_vault(vault_url, secret) as vault:
        record = vault.patient("MRN-ROT")
        key = vault.surrogate_key()
        vault.remember([OriginalValue(record.pseudonym, PhiType.CITY, "Springfield", "Boston")])
        vault.rotate_key(new_secret)
        assert vault.patient("MRN-ROT") == record  # the open object keeps working
    with pytest.raises(VaultKeyError, match="does not open"):
        open_vault(vault_url, secret)
    with open_vault(vault_url, new_secret) as vault:
        assert vault.surrogate_key() == key
        assert vault.patient("MRN-ROT") == record
        assert vault.stats()["patients"] == 1
        assert vault.lookup_patient(record.pseudonym) == "MRN-ROT"
        found = vault.lookup_values("Springfield")
        assert [v.original for v in found] == ["Boston"]


def test_remember_and_reidentify_round_trip(vault):
    alice, bob = vault.patient("MRN-A"), vault.patient("MRN-B")
    entries = [
        OriginalValue(alice.pseudonym, PhiType.PATIENT, "Jane Roe", "Alice Smith"),
        OriginalValue(alice.pseudonym, PhiType.CITY, "Springfield", "Boston"),
        OriginalValue(bob.pseudonym, PhiType.CITY, "Springfield", "Denver"),
        OriginalValue(None, PhiType.HOSPITAL, "General Hospital", "St. Elsewhere"),
    ]
    vault.remember(entries)
    vault.remember(entries + entries)  # duplicates are ignored, in and across batches
    vault.remember([])
    assert vault.stats()["values"] == 4

    both = vault.lookup_values("Springfield")
    assert {(v.patient, v.original) for v in both} == {(alice.pseudonym, "Boston"), (bob.pseudonym, "Denver")}
    only_bob = vault.lookup_values("Springfield", patient=bob.pseudonym)
    assert [v.original for v in only_bob] == ["Denver"]
    assert vault.lookup_values("Springfield", phi_type=PhiType.PATIENT) == []
    [hospital] = vault.lookup_values("General Hospital")
    assert hospital == OriginalValue(None, PhiType.HOSPITAL, "General Hospital", "St. Elsewhere")
    assert vault.lookup_values("Nowhere") == []

    assert vault.lookup_patient(alice.pseudonym) == "MRN-A"
    assert vault.lookup_patient("PT-AAAAAAAAAAAA") is None

    assert "St. Elsewhere" not in repr(hospital)


def test_threads_share_one_vault(vault):
    results: list[PatientRecord] = []
    barrier = threading.Barrier(8)

    def work():
        barrier.wait()
        for i in range(20):
            results.append(vault.patient(f"MRN-T{i}"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 160
    assert len(set(results)) == 20
    assert vault.stats()["patients"] == 20


def test_a_closed_vault_refuses_calls(vault_url, secret):
    vault = open_vault(vault_url, secret)
    vault.close()
    vault.close()
    with pytest.raises(VaultError, match="is closed; open it again"):
        vault.patient("MRN-1")


def test_nothing_secret_in_repr_or_messages(vault, secret):
    vault.patient("MRN-SECRET-42")
    text = repr(vault)
    for value in (secret, vault.surrogate_key()):
        assert value.hex() not in text and repr(value) not in text
    assert "MRN-SECRET-42" not in text


def test_the_sqlite_file_holds_no_phi(tmp_path, secret):
    url = f"sqlite:///{tmp_path / 'vault.db'}"
    patient_ids = [f"MRN-SENTINEL-{i:03d}-X" for i in range(20)]
    originals = [f"Zebediah Quarterman {i:03d}" for i in range(20)]
    with open_vault(url, secret) as vault:
        records = [vault.patient(pid) for pid in patient_ids]
        vault.remember(
            [OriginalValue(r.pseudonym, PhiType.PATIENT, f"Surrogate {i}", o)
             for i, (r, o) in enumerate(zip(records, originals, strict=True))]
        )
        vault.lookup_values("Surrogate 3")  # decrypts
        stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())  # db, -wal, -shm
    stored += (tmp_path / "vault.db").read_bytes()  # after the checkpoint at close
    for needle in ("MRN-SENTINEL", "Zebediah", "Quarterman"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert needle.encode(encoding) not in stored, (needle, encoding)
    assert secret not in stored and secret.hex().encode() not in stored
    assert records[0].pseudonym.encode() in stored  # the check does look at the rows


def test_the_sqlite_file_is_private(tmp_path, secret):
    open_vault(f"sqlite:///{tmp_path / 'sub' / 'vault.db'}", secret).close()
    assert (tmp_path / "sub" / "vault.db").stat().st_mode & 0o077 == 0


def test_sqlite_in_memory(secret):
    with open_vault("sqlite:///:memory:", secret) as vault:
        assert vault.patient("MRN-1") == vault.patient("MRN-1")


def test_unknown_scheme_and_bad_urls(secret):
    with pytest.raises(VaultError, match="unknown vault URL scheme 'mysql'") as err:
        open_vault("mysql://root:hunter2hunter2@db/x", secret)
    assert "hunter2" not in str(err.value)
    with pytest.raises(VaultError, match="names no file"):
        open_vault("sqlite:///", secret)


def test_a_sqlite_file_that_cannot_be_opened(tmp_path, secret):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(VaultError, match="cannot open the SQLite vault"):
        open_vault(f"sqlite:///{blocker / 'vault.db'}", secret)


def test_postgres_connection_failure_hides_the_password(secret):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://phideid:s3cret-Passw0rd@127.0.0.1:{port}/vault?connect_timeout=2"
    with pytest.raises(VaultError, match="cannot connect") as err:
        open_vault(url, secret)
    assert "s3cret-Passw0rd" not in str(err.value)
    assert "phideid:***@127.0.0.1" in str(err.value)


@pytest.mark.postgres
def test_postgres_schema_through_libpq_options(secret):
    base = postgres_url_or_skip()
    schema = f"phideid_test_{secrets.token_hex(6)}"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = with_query(base, options=f"-csearch_path={schema}")
        with open_vault(url, secret) as vault:
            record = vault.patient("MRN-OPT")
        with open_vault(with_query(base, schema=schema), secret) as vault:
            assert vault.patient("MRN-OPT") == record
    finally:
        drop_schema(base, schema)


@pytest.mark.postgres
def test_postgres_refuses_a_search_path_without_schema(secret):
    base = postgres_url_or_skip()
    url = with_query(base, options=f"-csearch_path=phideid_missing_{secrets.token_hex(4)}")
    with pytest.raises(VaultError, match=r"\?schema=NAME"):
        open_vault(url, secret)


@pytest.mark.postgres
def test_postgres_reconnects_after_the_connection_drops(postgres_vault_url, secret):
    with open_vault(postgres_vault_url, secret) as vault:
        record = vault.patient("MRN-RE")
        vault._conn.close()  # as if the server had dropped us
        vault._patients.clear()
        assert vault.patient("MRN-RE") == record


def test_vault_files_are_not_in_the_repository():
    root = Path(__file__).resolve().parents[2]
    assert not list(root.glob("*.db"))
