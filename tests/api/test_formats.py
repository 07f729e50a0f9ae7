"""Each content type comes back in the same type, de-identified, with the version headers."""

from __future__ import annotations

import io
import json

import pydicom

from eval.leaks import occurs
from tests.api.conftest import NOTE, NOTE_IDS
from tests.formats.dicom.builders import IDENTIFIERS as DICOM_IDS
from tests.formats.dicom.builders import ct_dataset, to_bytes
from tests.formats.fhir.fixtures import SECRETS as FHIR_IDS
from tests.formats.fhir.fixtures import bundle, dumps
from tests.formats.hl7v2.conftest import ORU, ORU_IDENTIFIERS


def left(ids, text: str) -> list[str]:
    return [v for v in ids if occurs(v, text)]


def leaked(api, ids, text: str, body: bytes, content_type: str) -> list[str]:
    """Identifiers left in ``text`` that also survive when the same body is redacted: a realistic surrogate
    may equal another identifier of the input (eval.formats.real_leaks holds the same rule)."""
    found = left(ids, text)
    if not found:
        return []
    redacted = api.client.post("/deidentify", content=body, headers={"content-type": content_type,
                                                                      "X-Phideid-Policy": "redact"})
    assert redacted.status_code == 200, redacted.text
    return left(found, redacted.text)


def assert_versions(r) -> None:
    assert r.headers["phideid-policy"] == "pseudonymize@1"
    assert r.headers["phideid-detectors"] == "pattern"
    assert r.headers["phideid-engine"]
    assert r.headers["cache-control"] == "no-store"


def test_a_note_comes_back_as_text_without_its_phi(api):
    r = api.client.post("/deidentify", content=NOTE.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.headers["phideid-format"] == "text"
    assert_versions(r)
    assert left(NOTE_IDS, r.text) == []
    assert "continue metoprolol 25 mg" in r.text


def test_an_hl7_message_comes_back_as_hl7_without_its_identifiers(api):
    r = api.client.post("/deidentify", content=ORU.encode(), headers={
        "content-type": "x-application/hl7-v2+er7", "X-Phideid-Patient-Id": "MGH|4412345"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "x-application/hl7-v2+er7"
    assert r.headers["phideid-format"] == "hl7v2"
    assert_versions(r)
    assert r.text.startswith("MSH|")
    assert leaked(api, ORU_IDENTIFIERS, r.text, ORU.encode(), "x-application/hl7-v2+er7") == []
    assert "Cholesterol total" in r.text


def test_a_fhir_bundle_comes_back_as_fhir_json_without_its_identifiers(api):
    r = api.client.post("/deidentify", content=dumps(bundle()),
                        headers={"content-type": "application/fhir+json"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    assert r.json()["resourceType"] == "Bundle"
    assert leaked(api, FHIR_IDS, r.text, dumps(bundle()), "application/fhir+json") == []


def test_a_dicom_file_comes_back_as_dicom_without_its_identifiers(api):
    r = api.client.post("/deidentify", content=to_bytes(ct_dataset()),
                        headers={"content-type": "application/dicom"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/dicom"
    ds = pydicom.dcmread(io.BytesIO(r.content))
    assert ds.PatientIdentityRemoved == "YES"
    dump = str(ds)
    assert left(sorted(DICOM_IDS), dump) == []


def test_policy_and_patient_from_query_parameters(api):
    r = api.client.post("/deidentify", params={"policy": "redact", "patient_id": "MRN-1"},
                        content=NOTE.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 200
    assert r.headers["phideid-policy"].startswith("redact@")
    assert "[" in r.text and left(NOTE_IDS, r.text) == []


def test_a_header_names_the_policy_and_wins_over_the_query(api):
    r = api.client.post("/deidentify", params={"policy": "pseudonymize"}, content=NOTE.encode(),
                        headers={"content-type": "text/plain", "X-Phideid-Policy": "safe-harbor"})
    assert r.headers["phideid-policy"].startswith("safe-harbor@")


def test_the_same_patient_gets_the_same_surrogates(api):
    def once() -> str:
        return api.client.post("/deidentify", content=NOTE.encode(), headers={
            "content-type": "text/plain", "X-Phideid-Patient-Id": "MRN-77"}).text
    assert once() == once()


def test_a_text_envelope_gets_text_spans_into_the_output_and_the_report(api):
    r = api.client.post("/deidentify", json={"text": NOTE, "patient_id": "MRN-9"})
    assert r.status_code == 200, r.text
    body = r.json()
    text = body["text"]
    assert left(NOTE_IDS, text) == []
    assert body["spans"], "the replacements are located"
    for span in body["spans"]:
        assert set(span) == {"start", "end", "type", "source"}  # where and what kind, never the original
        assert text[span["start"]:span["end"]].strip()
    types = {s["type"] for s in body["spans"]}
    assert {"DOCTOR", "DATE", "PHONE"} <= types
    assert body["report"]["counts"]["PHONE"] == 1
    assert body["report"]["patient"].startswith("PT-")
    assert left(NOTE_IDS, json.dumps(body)) == []


def test_hl7_and_fhir_envelopes(api):
    r = api.client.post("/deidentify", json={"hl7": ORU, "policy": "safe-harbor"})
    assert r.status_code == 200, r.text
    assert r.json()["hl7"].startswith("MSH|") and left(ORU_IDENTIFIERS, r.json()["hl7"]) == []
    assert r.json()["report"]["format"] == "hl7v2"
    assert r.headers["phideid-policy"].startswith("safe-harbor@")
    r = api.client.post("/deidentify", json={"fhir": bundle()})
    assert r.status_code == 200, r.text
    assert r.json()["fhir"]["resourceType"] == "Bundle"
    assert leaked(api, FHIR_IDS, json.dumps(r.json()), dumps(bundle()), "application/fhir+json") == []


def test_a_batch_answers_each_item_alone(api):
    items = [{"text": NOTE}, {"hl7": ORU}, {"hl7": "not a message"}, {"fhir": bundle()}, {"txt": "x"},
             {"text": NOTE, "policy": "/etc/passwd"}]
    r = api.client.post("/deidentify/batch", json=items)
    assert r.status_code == 200, r.text
    answers = r.json()
    assert [a["index"] for a in answers] == list(range(len(items)))
    assert [a["ok"] for a in answers] == [True, True, False, True, False, False]
    assert left(NOTE_IDS, answers[0]["result"]["text"]) == []
    assert answers[0]["result"]["spans"]
    assert left(ORU_IDENTIFIERS, answers[1]["result"]["hl7"]) == []
    assert answers[2]["problem"]["status"] in (400, 422)
    assert answers[4]["problem"]["code"] == "validation_error"
    assert answers[5]["problem"]["code"] == "policy_not_allowed"
    assert "/etc/passwd" not in r.text
