"""The audit trail on each store: append, query, verify; tampering is found; the table is append-only;
records from the engine's results hold counts, never values; the re-identification gate audits every try."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from phideid.audit import AuditEvent, AuditQuery, deidentification_event, open_trail
from phideid.audit.fhir import audit_bundle
from phideid.deidentifier import Deidentifier, Document
from phideid.detect.patterns import PatternDetector
from phideid.errors import AuditError, ReidentificationDenied
from phideid.reidentify import Reidentifier
from phideid.roles import Principal, Role
from phideid.vault import open_vault

NOTE = "Seen by Dr. Ottoline Brackwater on 3/11/2024. MRN 77881234. Call 617-555-0142."
VALUES = ("Ottoline", "Brackwater", "3/11/2024", "77881234", "617-555-0142", "MRN-4471")
POSTGRES = os.environ.get("PHIDEID_TEST_POSTGRES_URL")


def event(actor="user:alice", action="deidentify", outcome="success", at=None, **kw) -> AuditEvent:
    return AuditEvent(channel="cli", actor=actor, action=action, outcome=outcome, documents=1,
                      at=at or datetime.now(UTC), **kw)


def trail_urls(tmp_path):
    urls = [f"file://{tmp_path / 'audit.jsonl'}", f"sqlite:///{tmp_path / 'audit.db'}"]
    if POSTGRES:
        schema = f"audit_{os.getpid()}_{abs(hash(str(tmp_path))) % 10**8}"
        urls.append(f"{POSTGRES}?schema={schema}")
    return urls


@pytest.fixture(params=["file", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def trail(request, tmp_path):
    if request.param == "postgres" and not POSTGRES:
        pytest.skip("PHIDEID_TEST_POSTGRES_URL is not set: no PostgreSQL to test the audit table against")
    url = {"file": trail_urls(tmp_path)[0], "sqlite": trail_urls(tmp_path)[1]}.get(request.param) or \
        trail_urls(tmp_path)[2]
    t = open_trail(url)
    yield t
    t.close()


def test_records_come_back_newest_first_and_filtered(trail):
    now = datetime.now(UTC)
    trail.append(event(at=now - timedelta(days=3)))
    trail.append(event(actor="key:ehr", action="pseudonymize", phi={"DATE": 2}, at=now - timedelta(hours=1)))
    trail.append(event(actor="key:po", action="reidentify", outcome="denied", reason="billing", at=now))
    assert [e.actor for e in trail.query(AuditQuery())] == ["key:po", "key:ehr", "user:alice"]
    assert [e.actor for e in trail.query(AuditQuery(since=now - timedelta(days=1)))] == ["key:po", "key:ehr"]
    assert [e.actor for e in trail.query(AuditQuery(until=now - timedelta(days=1)))] == ["user:alice"]
    [denied] = trail.query(AuditQuery(action="reidentify", outcome="denied"))
    assert (denied.reason, denied.outcome) == ("billing", "denied")
    assert trail.query(AuditQuery(actor="key:ehr"))[0].phi == {"DATE": 2}
    assert len(trail.query(AuditQuery(limit=2))) == 2
    assert trail.verify().ok and trail.verify().records == 3


def test_an_edited_or_removed_line_breaks_the_file_chain(tmp_path):
    trail = open_trail(f"file://{tmp_path / 'audit.jsonl'}")
    for n in range(4):
        trail.append(event(results=n))
    path = tmp_path / "audit.jsonl"
    lines = path.read_text().splitlines()
    assert (path.stat().st_mode & 0o077) == 0  # private to the service's user

    edited = json.loads(lines[1])
    edited["outcome"] = "failure"
    path.write_text("\n".join([lines[0], json.dumps(edited), *lines[2:]]) + "\n")
    result = trail.verify()
    assert not result.ok and result.broken_at == 2

    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n")  # a record removed
    assert trail.verify().broken_at == 2
    path.write_text("\n".join(lines) + "\n")
    assert trail.verify().ok


def test_the_sqlite_table_refuses_updates_and_deletes(tmp_path):
    trail = open_trail(f"sqlite:///{tmp_path / 'audit.db'}")
    trail.append(event())
    conn = sqlite3.connect(tmp_path / "audit.db")
    for statement in ("UPDATE phideid_audit_event SET outcome = 'failure'",
                      "DELETE FROM phideid_audit_event"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
    assert trail.verify().ok and len(trail.query(AuditQuery())) == 1


@pytest.mark.postgres
def test_the_postgres_table_refuses_updates_deletes_and_truncate(tmp_path):
    if not POSTGRES:
        pytest.skip("PHIDEID_TEST_POSTGRES_URL is not set: no PostgreSQL to test the audit table against")
    import psycopg

    url = trail_urls(tmp_path)[2]
    trail = open_trail(url)
    trail.append(event())
    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        for statement in ("UPDATE {s}.phideid_audit_event SET outcome = 'failure'",
                          "DELETE FROM {s}.phideid_audit_event", "TRUNCATE {s}.phideid_audit_event"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement.format(s=schema))
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
    trail.close()


def _append_many(url: str, n: int) -> None:
    trail = open_trail(url)
    for i in range(n):
        trail.append(event(actor=f"user:p{os.getpid()}", results=i))


@pytest.mark.parametrize("kind", [0, 1], ids=["file", "sqlite"])
def test_processes_appending_together_keep_one_chain(tmp_path, kind):
    url = trail_urls(tmp_path)[kind]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(url, 25)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    trail = open_trail(url)
    assert trail.verify().ok and trail.verify().records == 75


def test_an_unwritable_trail_is_an_audit_error(tmp_path):
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("")  # (tests may run as root, so permissions would not stop a write)
    with pytest.raises(AuditError, match="cannot append"):
        open_trail(f"file://{not_a_folder / 'audit.jsonl'}").append(event())
    with pytest.raises(AuditError, match="unknown audit trail location"):
        open_trail("mysql://u:secretpw@db/x")


@pytest.fixture
def engine(tmp_path):
    vault = open_vault(f"sqlite:///{tmp_path / 'vault.db'}", b"k" * 32)
    yield Deidentifier([PatternDetector()], vault)
    vault.close()


def test_a_record_of_engine_results_holds_counts_not_values(engine):
    results = engine.deidentify_many([Document(NOTE, patient_id="MRN-4471"), Document("\x00" * 2_000_001)])
    record = deidentification_event("api", "key:ehr", results, detectors="pattern")
    assert (record.action, record.outcome) == ("pseudonymize", "partial")
    assert (record.documents, record.failed) == (2, 1)
    assert record.phi.get("PHONE") == 1 and record.formats == {"text": 1} and len(record.errors) == 1
    assert record.policy.startswith("pseudonymize@")
    text = record.to_json() + json.dumps(audit_bundle([record]))
    assert not [v for v in VALUES if v in text]
    safe = deidentification_event("api", "key:ehr", [engine.deidentify(NOTE, policy="safe-harbor")])
    assert (safe.action, safe.outcome) == ("deidentify", "success")


def test_fhir_audit_events_carry_the_lifecycle_subtype_and_outcome():
    denied = event(action="reidentify", outcome="denied", reason="no role", subject="PT-ABCDEFGHIJKL")
    [entry] = audit_bundle([denied])["entry"]
    resource = entry["resource"]
    assert resource["subtype"][0]["code"] == "reidentify"
    assert resource["subtype"][0]["system"] == "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle"
    assert (resource["action"], resource["outcome"]) == ("R", "4")
    assert resource["agent"][0]["who"]["identifier"]["value"] == "user:alice"
    assert resource["purposeOfEvent"] == [{"text": "no role"}]
    assert resource["entity"][0]["what"]["display"] == "PT-ABCDEFGHIJKL"


def test_the_gate_audits_refusals_and_names_no_value(engine, tmp_path):
    trail = open_trail(f"file://{tmp_path / 'audit.jsonl'}")
    result = engine.deidentify(NOTE, patient_id="MRN-4471")
    pseudonym = result.report.patient
    gate = Reidentifier(engine.vault, trail)
    clerk = Principal("key:clerk", "api", frozenset({Role.DEIDENTIFY, Role.ADMIN}))
    officer = Principal("key:po", "api", frozenset({Role.REIDENTIFY}))

    with pytest.raises(ReidentificationDenied, match="lacks the 'reidentify' role") as err:
        gate.patient(clerk, pseudonym, reason="curious")
    assert "MRN-4471" not in str(err.value)
    with pytest.raises(ReidentificationDenied, match="needs a reason"):
        gate.values(officer, "anything", reason="   ")
    assert gate.patient(officer, pseudonym, reason="IRB 17") == "MRN-4471"
    # a real value typed where a surrogate or pseudonym belongs is not written to the trail
    assert gate.values(officer, "617-555-0142", reason="IRB 17", patient="MRN-4471") == []

    records = trail.query(AuditQuery())
    assert [(r.actor, r.outcome, r.results) for r in records] == [
        ("key:po", "success", 0), ("key:po", "success", 1), ("key:po", "denied", 0),
        ("key:clerk", "denied", 0)]
    assert records[1].subject == pseudonym and records[0].subject == ""
    assert not [v for v in VALUES if v in (tmp_path / "audit.jsonl").read_text()]


def test_threads_appending_together_share_writes_and_each_record_lands(tmp_path):
    import threading

    trail = open_trail(f"file://{tmp_path / 'audit.jsonl'}")
    writes = []
    real_write = trail._write

    def counted(events):
        writes.append(len(events))
        real_write(events)

    trail._commit._write = counted
    start = threading.Barrier(16)

    def worker(n: int) -> None:
        start.wait()
        for i in range(10):
            trail.append(event(actor=f"key:t{n}", results=i))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(writes) == 160 and trail.verify().ok and trail.verify().records == 160
    assert len(writes) < 160  # concurrent appends were grouped into fewer syncs
    assert {(e.actor, e.results) for e in trail.query(AuditQuery(limit=1000))} == {
        (f"key:t{n}", i) for n in range(16) for i in range(10)}


def test_a_failed_group_write_fails_every_caller_in_it(tmp_path):
    from phideid.audit.trail import GroupCommit

    def broken(events):
        raise AuditError("disk full")

    commit = GroupCommit(broken)
    with pytest.raises(AuditError, match="disk full"):
        commit.append(event())
