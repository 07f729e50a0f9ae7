"""Ids and references: tokens that keep every link resolvable, in each form FHIR writes one."""

from __future__ import annotations

import json
import re

from phideid.formats.base import FieldContext
from phideid.formats.fhir.references import ReferenceMapper
from phideid.policy import load_policy
from phideid.surrogates.base import SurrogateContext

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def mapper(key: bytes = b"s" * 32) -> ReferenceMapper:
    fields = FieldContext(load_policy("pseudonymize"), SurrogateContext(key, 11))
    return ReferenceMapper(fields, lambda system, value: ("urn:phideid:pseudonym:x", value[::-1]))


def test_every_reference_form_maps_consistently():
    m = mapper()
    uuid = "6A1F3B9E-2C44-4D1E-9A55-0B7F2E9C1D10"
    new_urn = m.reference(f"urn:uuid:{uuid}")
    assert new_urn.startswith("urn:uuid:") and UUID.fullmatch(new_urn[9:])
    assert m.resource_id("Patient", uuid.lower()) == new_urn[9:]  # fullUrl and id stay together
    assert m.reference(f"Patient/{uuid}") == f"Patient/{new_urn[9:]}"
    rel = m.reference("Patient/123/_history/2")
    assert rel == f"Patient/{m.resource_id('Patient', '123')}/_history/2"
    absolute = m.reference("http://hospital.example.org/fhir/Patient/123")
    assert absolute.startswith("https://phideid.invalid/") and absolute.endswith("/" + rel.split("/_")[0])
    assert "hospital" not in absolute
    assert m.reference("#") == "#"
    assert m.reference("#loc1") == "#" + m.resource_id("Location", "loc1", contained=True)
    assert m.reference("Patient") == "Patient"
    assert m.reference("urn:oid:1.2.3.4").startswith("urn:oid:2.25.")


def test_conditional_references_map_identifiers_like_the_identifier_itself():
    m = mapper()
    out = m.reference("Organization?identifier=https://github.com/synthetichealth/synthea|abc123")
    assert out == "Organization?identifier=urn:phideid:pseudonym:x|321cba"


def test_tokens_depend_on_the_key():
    assert mapper(b"a" * 32).resource_id("Patient", "123") != mapper(b"b" * 32).resource_id("Patient", "123")


def test_conditional_create_and_searchset_links(engine):
    bundle = {
        "resourceType": "Bundle", "type": "searchset", "total": 1,
        "link": [{"relation": "self", "url": "http://h.example.org/fhir/Patient?name=Quackenbush"}],
        "entry": [{
            "fullUrl": "http://h.example.org/fhir/Patient/p1",
            "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "Quackenbush"}]},
            "search": {"mode": "match", "score": 1},
        }],
    }
    out = json.loads(engine.deidentify_payload(json.dumps(bundle).encode(), format="fhir").data)
    assert "link" not in out and "Quackenbush" not in json.dumps(out)
    entry = out["entry"][0]
    assert entry["fullUrl"].endswith("/Patient/" + entry["resource"]["id"])
    assert entry["search"] == {"mode": "match", "score": 1} and out["total"] == 1
