"""Health, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

from tests.api.conftest import NOTE


def test_healthz_and_readyz(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["detectors"] == "pattern"
    assert ready["policy"] == "pseudonymize"


def test_readyz_fails_when_the_vault_does_not_answer(engine, tmp_path):
    from phideid.deidentifier import Deidentifier
    from phideid.detect.patterns import PatternDetector
    from phideid.vault import open_vault
    from tests.api.conftest import serve

    vault = open_vault(f"sqlite:///{tmp_path / 'v.db'}", b"k" * 32)
    with serve(Deidentifier([PatternDetector()], vault)) as served:
        assert served.client.get("/readyz").status_code == 200
        vault.close()
        r = served.client.get("/readyz")
        assert r.status_code == 503 and r.json()["code"] == "not_ready"
        assert served.client.get("/healthz").status_code == 200


def test_metrics_count_requests_documents_and_micro_batches(api):
    api.client.post("/deidentify", content=NOTE.encode(), headers={"content-type": "text/plain"})
    api.client.post("/deidentify", content=b"\xff", headers={"content-type": "text/plain"})
    api.client.post("/deidentify/batch", json=[{"text": NOTE}, {"text": NOTE}])
    text = api.client.get("/metrics").text
    assert 'phideid_api_requests_total{method="POST",route="/deidentify",status="200"}' in text
    assert 'route="/deidentify",status="400"' in text
    assert 'phideid_api_documents_total{format="text"}' in text
    assert 'phideid_api_document_failures_total{code="input_error"}' in text
    assert "phideid_api_micro_batch_documents_count" in text
    assert "phideid_api_request_documents_count 1.0" in text
    assert "phideid_api_request_seconds_bucket" in text


def test_openapi_has_an_example_for_every_content_type(api):
    spec = api.client.get("/openapi.json").json()
    content = spec["paths"]["/deidentify"]["post"]["requestBody"]["content"]
    assert set(content) == {"text/plain", "x-application/hl7-v2+er7", "application/fhir+json",
                            "application/dicom", "application/json"}
    for media in content.values():
        assert media["examples"]
    assert "Envelope" in spec["components"]["schemas"]
    assert api.client.get("/docs").status_code == 200
