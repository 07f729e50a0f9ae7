"""Roles on API keys: de-identify, re-identify and read the audit trail each need their own role; every
refusal is audited, and the audit trail holds no PHI."""

from __future__ import annotations

import json

import pytest

from phideid.audit import AuditQuery, open_trail
from tests.api.conftest import serve

EHR = "ehr-key-0123456789abcdef"
OFFICER = "officer-key-0123456789abcdef"
AUDITOR = "auditor-key-0123456789abcdef"
KEYS = (f"ehr:{EHR}", f"privacy-officer:{OFFICER}:reidentify", f"auditor:{AUDITOR}:admin")
NOTE = "Seen by Dr. Ottoline Brackwater on 3/11/2024. Call 617-555-0142. Plan: metoprolol 25 mg."
PATIENT_ID = "MRN-99120345"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def served(engine, tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    trail = open_trail(f"file://{path}")
    with serve(engine, trail=trail, api_keys=KEYS) as server:
        server.audit_path = path
        server.trail = trail
        yield server


@pytest.fixture(scope="module")
def pseudonym(served) -> str:
    r = served.client.post("/deidentify", json={"text": NOTE, "patient_id": PATIENT_ID}, headers=bearer(EHR))
    assert r.status_code == 200, r.text
    return r.json()["report"]["patient"]


def latest(served, **filters):
    return served.trail.query(AuditQuery(limit=1, **filters))[0]


def test_a_deidentification_is_audited_with_the_key_id_and_counts(served, pseudonym):
    record = latest(served, channel="api", action="pseudonymize")
    assert record.actor == "key:ehr" and record.outcome == "success"
    assert record.documents == 1 and record.failed == 0 and record.formats == {"text": 1}
    assert record.phi and sum(record.phi.values()) >= 3  # clinician, date, phone
    assert record.policy.startswith("pseudonymize@") and "pattern" in record.detectors


def test_reidentify_without_the_role_is_refused_and_audited(served, pseudonym):
    r = served.client.post("/reidentify", json={"pseudonym": pseudonym, "reason": "billing query"},
                           headers=bearer(EHR))
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "reidentification_denied" and PATIENT_ID not in r.text
    denied = latest(served, action="reidentify")
    assert (denied.actor, denied.outcome, denied.results) == ("key:ehr", "denied", 0)
    assert denied.errors == {"missing_role": 1} and denied.subject == pseudonym


def test_reidentify_with_the_role_needs_a_reason_then_answers(served, pseudonym):
    no_reason = served.client.post("/reidentify", json={"pseudonym": pseudonym}, headers=bearer(OFFICER))
    assert no_reason.status_code == 403 and PATIENT_ID not in no_reason.text
    assert latest(served, action="reidentify").errors == {"missing_reason": 1}

    ok = served.client.post("/reidentify", json={"pseudonym": pseudonym, "reason": "IRB 2024-17 recontact"},
                            headers=bearer(OFFICER))
    assert ok.status_code == 200 and ok.json() == {"patient_id": PATIENT_ID}
    assert ok.headers["cache-control"] == "no-store"
    done = latest(served, action="reidentify")
    assert (done.actor, done.outcome, done.results) == ("key:privacy-officer", "success", 1)
    assert done.reason == "IRB 2024-17 recontact"

    missing = served.client.post("/reidentify", json={"pseudonym": "PT-AAAAAAAAAAAA", "reason": "check"},
                                 headers=bearer(OFFICER))
    assert missing.status_code == 404


def test_a_surrogate_leads_back_to_its_original(served, pseudonym):
    r = served.client.post("/deidentify", json={"text": NOTE, "patient_id": PATIENT_ID}, headers=bearer(EHR))
    text = r.json()["text"]
    [phone] = [s for s in r.json()["spans"] if s["type"] == "PHONE"]
    surrogate = text[phone["start"]:phone["end"]]
    ask = {"surrogate": surrogate, "type": "PHONE", "reason": "adverse event follow-up"}
    found = served.client.post("/reidentify", json=ask, headers=bearer(OFFICER))
    assert found.status_code == 200, found.text
    assert {o["original"] for o in found.json()["originals"]} == {"617-555-0142"}


def test_other_roles_do_not_imply_each_other(served):
    r = served.client.post("/deidentify", content=NOTE.encode(),
                           headers={"content-type": "text/plain", **bearer(AUDITOR)})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert latest(served, action="deidentify", outcome="denied").actor == "key:auditor"
    assert served.client.get("/audit", headers=bearer(OFFICER)).status_code == 403
    assert latest(served, action="read-audit").outcome == "denied"
    assert served.client.post("/reidentify", json={"pseudonym": "PT-AAAAAAAAAAAA", "reason": "x"},
                              headers={"Authorization": "Bearer not-a-key-0123456789"}).status_code == 401


def test_the_audit_trail_is_served_to_admins_as_json_and_fhir(served, pseudonym):
    served.client.post("/reidentify", json={"pseudonym": pseudonym}, headers=bearer(EHR))  # one denial
    r = served.client.get("/audit", params={"action": "reidentify", "outcome": "denied"},
                          headers=bearer(AUDITOR))
    assert r.status_code == 200
    assert r.json() and {e["outcome"] for e in r.json()} == {"denied"}
    fhir = served.client.get("/audit", params={"format": "fhir", "limit": 50}, headers=bearer(AUDITOR))
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    bundle = fhir.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    events = [e["resource"] for e in bundle["entry"]]
    assert {e["resourceType"] for e in events} == {"AuditEvent"}
    subtypes = {c["code"] for e in events for c in e.get("subtype", [])}
    assert {"pseudonymize", "reidentify"} <= subtypes
    assert latest(served, action="read-audit").actor == "key:auditor"


def test_audit_records_hold_no_phi_and_the_chain_verifies(served, pseudonym):
    stored = served.audit_path.read_text()
    for value in (PATIENT_ID, "Ottoline", "Brackwater", "3/11/2024", "617-555-0142", EHR, OFFICER, AUDITOR):
        assert value not in stored
    assert all(json.loads(line)["chain"] for line in stored.splitlines())
    assert served.trail.verify().ok


def test_without_an_audit_record_there_is_no_answer(engine, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with serve(engine, trail=open_trail(f"file://{blocked / 'audit.jsonl'}")) as server:
        r = server.client.post("/deidentify", content=NOTE.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 503 and r.json()["code"] == "audit_error"
    assert "Ottoline" not in r.text and "617-555-0142" not in r.text


def test_a_reidentify_request_is_small_and_well_formed_or_refused_without_quoting_it(served):
    huge = served.client.post("/reidentify", content=b'{"surrogate": "' + b"x" * 100_000 + b'"}',
                              headers={"content-type": "application/json", **bearer(OFFICER)})
    assert huge.status_code == 413
    both = served.client.post("/reidentify", json={"pseudonym": "PT-AAAAAAAAAAAA", "surrogate": "Rosalind",
                                                   "reason": "x"}, headers=bearer(OFFICER))
    assert both.status_code == 422 and "Rosalind" not in both.text
    not_json = served.client.post("/reidentify", content=b"Rosalind Hartigan",
                                  headers={"content-type": "application/json", **bearer(OFFICER)})
    assert not_json.status_code == 400 and "Rosalind" not in not_json.text
    unknown = served.client.post("/reidentify", content=b"x" * 100_000)  # no key: 401 before any reading
    assert unknown.status_code == 401
    schema = served.client.get("/openapi.json").json()
    assert "ReidentifyRequest" in schema["components"]["schemas"]
