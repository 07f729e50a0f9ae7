"""Junk in, RFC 7807 problem documents out: the right status, a type URI per error class, and nothing of
the input in the body or the logs."""

from __future__ import annotations

import json

import httpx

from tests.api.conftest import NOTE, NOTE_IDS
from tests.formats.fhir.fixtures import bundle, dumps

SECRET_NAME = "Quenburga Thistlewood"


def assert_problem(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    doc = r.json()
    assert {"type", "title", "status", "detail"} <= set(doc)
    assert doc["status"] == status
    assert doc["type"] == f"https://phideid.dev/problems/{doc['code']}"
    if code is not None:
        assert doc["code"] == code
    for value in ["Quenburga", "Thistlewood", *NOTE_IDS]:
        assert value not in r.text
    return doc


def test_a_note_that_is_not_utf8_is_a_bad_request(api, logs):
    body = f"Pt {SECRET_NAME} \xff\xfe".encode("latin-1")
    doc = assert_problem(api.client.post("/deidentify", content=body, headers={"content-type": "text/plain"}),
                         400, "input_error")
    assert "UTF-8" in doc["detail"]
    assert not any("Thistlewood" in line for line in logs.lines)


def test_a_broken_hl7_message_is_refused(api):
    body = f"PID|1||{SECRET_NAME}".encode()
    doc = assert_problem(api.client.post("/deidentify", content=body,
                                         headers={"content-type": "x-application/hl7-v2+er7"}), 422)
    assert doc["code"].startswith("hl7v2_")  # the error class names the place: no MSH segment


def test_broken_fhir_json_is_refused(api):
    body = dumps(bundle())[:-40] + SECRET_NAME.encode()
    assert_problem(api.client.post("/deidentify", content=body,
                                   headers={"content-type": "application/fhir+json"}), 422)


def test_an_unknown_content_type_is_415(api):
    doc = assert_problem(api.client.post("/deidentify", content=NOTE.encode(),
                                         headers={"content-type": "application/pdf"}),
                         415, "unsupported_content_type")
    assert "application/pdf" in doc["detail"]
    # a content type that is free text is not repeated
    r = api.client.post("/deidentify", content=b"x", headers={"content-type": f"{SECRET_NAME}/x y"})
    assert_problem(r, 415)


def test_an_invalid_envelope_is_422_without_echoing_its_values(api):
    r = api.client.post("/deidentify", json={"text": 42, "patient_id": SECRET_NAME * 20,
                                             SECRET_NAME: "x"})
    doc = assert_problem(r, 422, "validation_error")
    assert doc["errors"], "where and what is wrong is said"
    for e in doc["errors"]:
        assert set(e) == {"loc", "msg", "type"}
    assert ["<key>"] in [e["loc"][-1:] for e in doc["errors"]]  # a key the client chose is masked
    assert_problem(api.client.post("/deidentify", json={"text": NOTE, "hl7": "MSH|"}), 422)


def test_query_validation_errors_are_problems_without_the_input(api):
    r = api.client.post("/deidentify", params={"patient_id": SECRET_NAME * 30}, content=b"x",
                        headers={"content-type": "text/plain"})
    doc = assert_problem(r, 422, "validation_error")
    assert doc["errors"][0]["loc"] == ["query", "patient_id"]
    assert "input" not in json.dumps(doc["errors"])


def test_malformed_json_is_a_bad_request(api):
    assert_problem(api.client.post("/deidentify", content=b'{"text": "' + SECRET_NAME.encode(),
                                   headers={"content-type": "application/json"}), 400, "invalid_json")
    assert_problem(api.client.post("/deidentify/batch", json={"text": NOTE}), 422, "validation_error")


def test_a_policy_file_cannot_be_named_by_a_caller(api):
    r = api.client.post("/deidentify", content=b"x", headers={"content-type": "text/plain",
                                                              "X-Phideid-Policy": "/etc/shadow"})
    doc = assert_problem(r, 400, "policy_not_allowed")
    assert "/etc/shadow" not in doc["detail"]


def test_an_oversize_body_is_413_by_its_length(api):
    big = b"a" * 200_001
    doc = assert_problem(api.client.post("/deidentify", content=big, headers={"content-type": "text/plain"}),
                         413, "payload_too_large")
    assert "200000" in doc["detail"]


def test_an_oversize_body_is_413_while_streaming_without_a_length(api):
    def chunks():
        for _ in range(30):
            yield b"b" * 10_000
    r = api.client.post("/deidentify", content=chunks(), headers={"content-type": "text/plain"})
    assert "content-length" not in r.request.headers  # chunked: only counting while reading can stop it
    assert_problem(r, 413, "payload_too_large")


def test_unknown_routes_and_methods_are_problems(api):
    assert_problem(api.client.get("/nowhere"), 404, "not_found")
    assert_problem(api.client.get("/deidentify"), 405, "method_not_allowed")


def test_no_phi_reaches_the_logs(api, logs):
    api.client.post("/deidentify", content=NOTE.encode(), headers={"content-type": "text/plain",
                                                                   "X-Phideid-Patient-Id": "MRN-SECRET-1"})
    api.client.post("/deidentify", params={"patient_id": "MRN-SECRET-2"}, json={"text": NOTE})
    api.client.post("/deidentify", content=f"PID|{SECRET_NAME}".encode(),
                    headers={"content-type": "x-application/hl7-v2+er7"})
    text = "\n".join(logs.lines)
    assert "POST /deidentify 200" in text  # the access line names the route template
    for value in [*NOTE_IDS, "MRN-SECRET", "Thistlewood", "patient_id"]:
        assert value not in text
