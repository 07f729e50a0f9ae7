"""What a user checks of a de-identified FHIR payload: the PHI is gone, the clinical content and the links
are intact, and the output is the same kind of FHIR JSON."""

from __future__ import annotations

import base64
import json
import re
from datetime import date, timedelta

import pytest

from eval.formats import real_leaks
from eval.leaks import fhir as oracle
from phideid.deidentifier import Payload
from phideid.errors import FormatError
from phideid.types import PhiType
from tests.formats.fhir import fixtures as fx

ANONYED = "ANONYED"
PSEUDED = "PSEUDED"


def run(engine, doc, policy=None, indent=2):
    data = fx.dumps(doc, indent)
    result = engine.deidentify_payload(data, format="fhir", policy=policy)
    return data, result


def searchable(output: bytes) -> str:
    """The output with every base64 attachment decoded, as a leak search must see it."""
    text = output.decode("utf-8")
    decoded = [base64.b64decode(b).decode("utf-8", "replace") for b in re.findall(r'"data": "([^"]+)"', text)]
    return "\n".join([text, *decoded])


def entries(doc: dict) -> dict[str, dict]:
    return {e["resource"]["resourceType"]: e for e in doc["entry"]}


@pytest.mark.parametrize("policy", ["pseudonymize", "safe-harbor", "redact"])
def test_no_input_identifier_remains_and_the_output_is_valid(engine, policy):
    data, result = run(engine, fx.bundle(), policy)
    # whole words: a random surrogate may hold an identifier's letters ("Des Moines" holds "Ines"), or equal
    # another identifier of the bundle ("Springfield Regional Hospital" where the patient lives in
    # Springfield): real_leaks counts a value only if it also survives under redact
    leaked, _ = real_leaks(engine, data, "fhir", set(fx.SECRETS), result.data, policy)
    assert leaked == [], f"a {policy} output still holds a fixture identifier"
    assert oracle.problems(data, result.data) == []
    assert real_leaks(engine, data, "fhir", oracle.identifiers(data), result.data, policy)[0] == []


def test_clinical_codes_values_and_units_stay(engine):
    _, result = run(engine, fx.bundle())
    out = entries(json.loads(result.data))
    obs = out["Observation"]["resource"]
    assert obs["code"]["coding"][0] == {"system": "http://loinc.org", "code": "8480-6",
                                        "display": "Systolic blood pressure"}
    assert obs["valueQuantity"] == {"value": 142, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                                    "code": "mm[Hg]"}
    assert obs["status"] == "final"
    note = base64.b64decode(out["DocumentReference"]["resource"]["content"][0]["attachment"]["data"]).decode()
    for term in ("essential hypertension", "lisinopril 10 mg daily", "54 year-old"):
        assert term in note


def test_text_attachment_is_reencoded_with_its_size_and_other_types_are_removed(engine):
    _, result = run(engine, fx.bundle())
    doc = entries(json.loads(result.data))["DocumentReference"]["resource"]
    text_att, pdf_att = (c["attachment"] for c in doc["content"])
    raw = base64.b64decode(text_att["data"])
    assert text_att["size"] == len(raw)
    assert "Zebulon" not in raw.decode() and "48213977" not in raw.decode()
    assert pdf_att == {"contentType": "application/pdf"}  # data and url dropped
    assert result.report.removed["attachment_data"] == 1


def test_references_full_urls_and_request_urls_still_match(engine):
    _, result = run(engine, fx.bundle())
    doc = json.loads(result.data)
    out = entries(doc)
    patient = out["Patient"]
    assert patient["resource"]["id"] != fx.PATIENT_ID
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        patient["resource"]["id"])
    assert patient["fullUrl"] == "urn:uuid:" + patient["resource"]["id"]
    assert patient["request"]["url"] == "Patient/" + patient["resource"]["id"]
    obs = out["Observation"]["resource"]
    assert obs["subject"]["reference"] == patient["fullUrl"]
    prac = out["Practitioner"]
    assert obs["performer"][0]["reference"] == "Practitioner/" + prac["resource"]["id"]
    assert prac["fullUrl"].endswith("/Practitioner/" + prac["resource"]["id"])
    assert "hospital.example.org" not in prac["fullUrl"]
    enc = out["Encounter"]["resource"]
    assert enc["subject"]["reference"] == "Patient/" + patient["resource"]["id"]
    assert enc["location"][0]["location"]["reference"] == "#" + enc["contained"][0]["id"]
    assert enc["contained"][0]["id"] != "loc1"


def test_identifiers_become_tokens_of_the_same_shape_under_a_pseudonym_system(engine):
    _, result = run(engine, fx.bundle())
    ids = entries(json.loads(result.data))["Patient"]["resource"]["identifier"]
    mrn, ssn = ids
    assert re.fullmatch(r"\d{8}", mrn["value"]) and mrn["value"] != "48213977"
    assert re.fullmatch(r"9\d\d-\d\d-\d{4}", ssn["value"])
    for ident in ids:
        assert ident["system"].startswith("urn:phideid:pseudonym:")
    assert mrn["type"]["coding"][0]["code"] == "MR"


def test_names_by_role_keep_prefix_and_display_follows_the_target(engine):
    _, result = run(engine, fx.bundle())
    out = entries(json.loads(result.data))
    name = out["Patient"]["resource"]["name"][0]
    assert name["prefix"] == ["Mr."] and name["use"] == "official"
    assert name["family"] != "Quackenbush" and len(name["given"]) == 2
    prac = out["Practitioner"]["resource"]["name"][0]
    assert prac["prefix"] == ["Dr."] and prac["family"] != "Brackwater"
    display = out["Observation"]["resource"]["performer"][0]["display"]
    assert display.startswith("Dr. ") and "Brackwater" not in display
    assert result.report.counts["DOCTOR"] >= 2 and result.report.counts["RELATIVE"] >= 1


def test_dates_shift_by_the_patient_offset_keeping_precision_and_zone(engine, vault):
    _, result = run(engine, fx.bundle())
    out = entries(json.loads(result.data))
    days = vault.patient("Shelbyville General Hospital|48213977").date_offset_days  # MR value | assigner
    pat = out["Patient"]["resource"]
    assert (date.fromisoformat(pat["birthDate"]) - date(1965, 4, 17)).days == days != 0
    obs = out["Observation"]["resource"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT12:30:00\.250Z", obs["issued"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT12:26:53-07:00", obs["effectiveDateTime"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT12:26:53\.123\+02:00", pat["meta"]["lastUpdated"])
    shifted = date.fromisoformat(obs["effectiveDateTime"][:10])
    assert (shifted - date(2019, 3, 28)).days == days
    enc = out["Encounter"]["resource"]["period"]
    assert enc["start"][11:] == "12:00:00-07:00" and enc["start"][:10] == enc["end"][:10]
    assert pat["deceasedBoolean"] is False


def test_safe_harbor_gives_years_valid_instants_and_anonyed(engine):
    _, result = run(engine, fx.bundle(), "safe-harbor")
    doc = json.loads(result.data)
    out = entries(doc)
    pat = out["Patient"]["resource"]
    assert pat["birthDate"] == "1965"
    obs = out["Observation"]["resource"]
    assert obs["effectiveDateTime"] == "2019"
    assert obs["issued"] == "2019-01-01T00:00:00Z"  # an instant cannot be a bare year
    assert pat["address"][0]["postalCode"] == "627"
    for res in [doc, *(e["resource"] for e in doc["entry"])]:
        codes = [c["code"] for c in res["meta"]["security"]]
        assert codes == [ANONYED]


def test_pseudonymize_labels_pseuded_and_links_the_same_patient_across_bundles(engine):
    _, first = run(engine, fx.bundle())
    other = fx.bundle("collection")
    other["entry"] = other["entry"][:1]
    _, second = run(engine, other)
    a = entries(json.loads(first.data))["Patient"]
    b = entries(json.loads(second.data))["Patient"]
    assert a["resource"]["id"] == b["resource"]["id"] and a["fullUrl"] == b["fullUrl"]
    assert a["resource"]["name"] == b["resource"]["name"]
    assert a["resource"]["birthDate"] == b["resource"]["birthDate"]
    assert a["resource"]["meta"]["security"][0]["code"] == PSEUDED
    assert first.report.patient == second.report.patient


def test_extensions_are_removed_unless_allow_listed(engine):
    _, result = run(engine, fx.bundle())
    pat = entries(json.loads(result.data))["Patient"]["resource"]
    urls = [e["url"] for e in pat["extension"]]
    assert urls == ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"]
    assert pat["extension"][0]["extension"][0]["valueCoding"]["code"] == "2106-3"
    assert "_birthDate" not in pat  # its only extension was not allow-listed
    assert result.report.removed["extension"] == 3


def test_narrative_is_deidentified_into_a_minimal_div_or_removed(engine):
    _, result = run(engine, fx.bundle())
    div = entries(json.loads(result.data))["Patient"]["resource"]["text"]["div"]
    assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">') and div.endswith("</div>")
    assert "Zebulon" not in div and "<b>" not in div

    from phideid.formats.fhir import FhirHandler

    handler = FhirHandler({"narrative": "remove"})
    payload = handler.parse(fx.dumps(fx.patient()))
    assert not any("born" in t for t in payload.texts)  # the narrative is not even sent to the detectors
    engine.formats["fhir"] = handler
    _, removed = run(engine, fx.patient())
    assert "text" not in json.loads(removed.data)
    assert removed.report.removed["narrative"] == 1


def test_ndjson_in_ndjson_out(engine):
    lines = [fx.patient(), fx.observation(), fx.practitioner()]
    data = b"".join(json.dumps(r).encode() + b"\n" for r in lines)
    result = engine.deidentify_payload(data, format="fhir")
    out_lines = result.data.decode().splitlines()
    assert len(out_lines) == 3 and result.data.endswith(b"\n")
    assert [json.loads(x)["resourceType"] for x in out_lines] == ["Patient", "Observation", "Practitioner"]
    assert "Quackenbush" not in result.data.decode()
    assert oracle.problems(data, result.data) == []


def test_layout_and_key_order_follow_the_input(engine):
    data, result = run(engine, fx.observation(), indent=None)
    assert b"\n" not in result.data.strip()
    assert list(json.loads(result.data))[:3] == ["resourceType", "id", "meta"]
    assert list(json.loads(result.data))[3:] == list(json.loads(data))[2:]
    _, indented = run(engine, fx.observation(), indent=4)
    assert indented.data.startswith(b'{\n    "resourceType"')


def test_sniffed_as_fhir(engine):
    result = engine.deidentify_payloads([Payload(fx.dumps(fx.patient()))])[0]
    assert result.format == "fhir" and result.ok


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'{"resourceType": "Patient", "name": [{"family": "Quackenbush"', "line 1"),
        (b'["Quackenbush"]', "$"),
        (b'{"name": [{"family": "Quackenbush"}]}', "$"),
        (b'{"resourceType": "Bundle", "entry": [{"resource": {"id": "Quackenbush"}}]}',
         "$.entry[0].resource"),
        (b'{"resourceType": "Patient"}\n{"resourceType": "Patient", "name": "Quackenbush"\n', "line 2"),
    ],
)
def test_malformed_input_names_the_place_not_the_value(engine, data, where):
    result = engine.deidentify_payloads([Payload(data, "fhir")])[0]
    assert isinstance(result.error, FormatError)
    assert where in str(result.error)
    assert "Quackenbush" not in str(result.error)
    assert result.data is None


def test_decimals_keep_their_precision_as_written(engine):
    obs = (b'{"resourceType": "Observation", "valueQuantity": {"value": 1.50, "unit": "mg"},'
           b' "referenceRange": [{"low": {"value": 0.10}, "high": {"value": 1e1}}]}')
    out = engine.deidentify_payload(obs, format="fhir").data
    assert b'"value": 1.50' in out and b'"value": 0.10' in out and b'"value": 1e1' in out


XHTML = "http://www.w3.org/1999/xhtml"


def _patient_line(mrn: str, family: str, born: str, seen: str) -> dict:
    return {
        "resourceType": "Patient", "id": mrn.lower(),
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}">Seen {seen}.</div>'},
        "identifier": [
            {"type": {"coding": [{"code": "MR"}]}, "value": mrn, "assigner": {"display": "GENHOSP"}}
        ],
        "name": [{"family": family, "given": ["Ann"]}], "birthDate": born,
    }


def test_each_patient_of_a_bulk_ndjson_export_gets_their_own_date_offset(engine, vault):
    lines = [_patient_line("MRN1001", "Okonkwo", "1970-01-10", "03/04/2020"),
             _patient_line("MRN2002", "Lindqvist", "1980-06-20", "03/04/2020")]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n"
    out = [json.loads(line) for line in engine.deidentify_payload(data, format="fhir").data.splitlines()]

    for line, born in zip(out, (date(1970, 1, 10), date(1980, 6, 20)), strict=True):
        key = "GENHOSP|" + {"1970-01-10": "MRN1001", "1980-06-20": "MRN2002"}[born.isoformat()]
        shifted = born + timedelta(days=vault.patient(key).date_offset_days)
        assert line["birthDate"] == shifted.isoformat()
        visit = date(2020, 3, 4) + timedelta(days=vault.patient(key).date_offset_days)
        assert f"{visit:%m/%d/%Y}" in line["text"]["div"]  # the same words, each patient's own shift
    surrogate = out[1]["name"][0]["family"]
    [found] = vault.lookup_values(surrogate, phi_type=PhiType.PATIENT)
    assert found.original == "Lindqvist" and found.patient == vault.patient("GENHOSP|MRN2002").pseudonym
