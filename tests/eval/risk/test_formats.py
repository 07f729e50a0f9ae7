"""JSONL, FHIR and HL7 v2 releases: one record per line, per Patient, per message; the right classes."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from eval.risk.measures import risk_profile
from eval.risk.table import load_table


def _patient(pid: str, birth: str, gender: str, zip_code: str) -> dict:
    return {"resourceType": "Patient", "id": pid, "birthDate": birth, "gender": gender,
            "address": [{"postalCode": zip_code, "state": "WA"}]}  # fmt: skip


def _encounter(pid: str, start: str, code: str, *, urn: bool = False) -> dict:
    ref = f"urn:uuid:{pid}" if urn else f"Patient/{pid}"
    return {"resourceType": "Encounter", "subject": {"reference": ref}, "class": {"code": code},
            "period": {"start": start}}  # fmt: skip


def test_jsonl_nested_keys(tmp_path):
    data = tmp_path / "release.jsonl"
    lines = [{"age": 93, "address": {"zip": "02139"}, "sex": "F"}, {"age": 41, "address": {"zip": "02139"}},
             {"age": 41, "address": {"zip": "02139"}, "sex": None}]  # fmt: skip
    data.write_text("".join(json.dumps(x) + "\n" for x in lines))
    table = load_table(data, ["age", "address.zip", "sex"])
    assert table.format == "jsonl" and len(table) == 3
    keys = table.project(["age", "address.zip", "sex"])
    assert keys[1] == keys[2] == ("41", "02139", None)  # missing and null: one class of their own
    assert risk_profile(keys, Fraction(1, 5)).classes == 2


def test_fhir_bundle_and_ndjson_one_record_per_patient_with_first_encounter(tmp_path):
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": _patient("p1", "1980-02-03", "female", "98052")},
        {"resource": _encounter("p1", "2012-05-01T10:00:00Z", "EMER", urn=True)},
        {"resource": _encounter("p1", "2010-01-01T10:00:00Z", "AMB", urn=True)},  # the first by date
        {"fullUrl": "urn:uuid:p2", "resource": _patient("p2", "1980-07-09", "female", "98052")},
        {"resource": _encounter("p2", "2011-03-03", "AMB")},
    ]}  # fmt: skip
    folder = tmp_path / "fhir"
    folder.mkdir()
    (folder / "bundle.json").write_text(json.dumps(bundle))
    (folder / "more.ndjson").write_text(
        json.dumps(_patient("p3", "1955-11-30", "male", "98053"))
        + "\n"
        + json.dumps(_encounter("p3", "2001-01-01", "IMP"))
        + "\n"
    )
    (folder / "README.md").write_text("not data")
    qis = ["Patient.birthDate", "Patient.gender", "Patient.address.postalCode", "Encounter.class.code"]
    table = load_table(folder, qis)
    assert table.format == "fhir" and table.files == 2 and len(table) == 3
    assert sorted(row["Encounter.class.code"] for row in table.rows) == ["AMB", "AMB", "IMP"]
    assert risk_profile(table.project(qis), Fraction(1, 5)).classes == 3
    # by year and gender, the two women born in 1980 share a class
    years = [(row["Patient.birthDate"][:4], row["Patient.gender"]) for row in table.rows]
    assert risk_profile(years, Fraction(1, 5)).k == 1 and len(set(years)) == 2


HL7 = (
    "MSH|^~\\&|APP|FAC|APP|FAC|20240101||ADT^A01|{n}|P|2.5\r"
    "PID|1||{n}^^^MR||Doe^Jane||{birth}|{sex}|||1 Main St^^Boston^MA^{zip}\r"
    "PV1|1|{cls}\r"
)


def test_hl7_messages_in_one_file_are_records(tmp_path):
    messages = [
        HL7.format(n=1, birth="19800203", sex="F", zip="02139", cls="I"),
        HL7.format(n=2, birth="19800215", sex="F", zip="02139", cls="I"),
        HL7.format(n=3, birth="19551130", sex="M", zip="02140", cls="O"),
    ]
    data = tmp_path / "batch.hl7"
    data.write_bytes(("\n".join(messages)).encode())
    qis = ["PID-7", "PID-8", "PID-11.5", "PV1-2"]
    table = load_table(data, qis)
    assert table.format == "hl7v2" and len(table) == 3
    assert table.rows[2] == {"PID-7": "19551130", "PID-8": "M", "PID-11.5": "02140", "PV1-2": "O"}
    assert risk_profile(table.project(qis), Fraction(1, 5)).classes == 3
    assert risk_profile(table.project(["PID-8", "PID-11.5"]), Fraction(1, 5)).classes == 2


def test_bad_column_names_for_fhir_and_hl7(tmp_path):
    from phideid.errors import InputError

    fhir = tmp_path / "p.json"
    fhir.write_text(json.dumps(_patient("p1", "1980-02-03", "female", "98052")))
    with pytest.raises(InputError, match="under Patient or Encounter"):
        load_table(fhir, ["Observation.code"])
    hl7 = tmp_path / "m.hl7"
    hl7.write_text(HL7.format(n=1, birth="19800203", sex="F", zip="02139", cls="I"))
    with pytest.raises(InputError, match="SEG-F"):
        load_table(hl7, ["birthdate"])


def _shared(*parts: str) -> Path:
    root = os.environ.get("PHIDEID_SHARED_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[4] / "shared" / "data"
    return base.joinpath(*parts)


def test_shared_synthea_bundles():
    folder = _shared("fhir", "r4")
    if not folder.is_dir():
        pytest.skip("shared reference data absent (set PHIDEID_SHARED_DATA)")
    qis = ["Patient.birthDate", "Patient.gender", "Patient.address.postalCode", "Encounter.class.code"]
    table = load_table(folder, qis)
    # 5 patient bundles (the hospital and practitioner bundles hold no Patient)
    assert len(table) == 5 and all(len(row) == 4 for row in table.rows)
    assert risk_profile(table.project(["Patient.gender"]), Fraction(1, 5)).class_sizes[0].size == 2


def test_shared_hl7_messages():
    folder = _shared("hl7v2")
    if not folder.is_dir():
        pytest.skip("shared reference data absent (set PHIDEID_SHARED_DATA)")
    files = sorted(folder.glob("*.hl7"))
    table = load_table(folder, ["PID-7", "PID-8", "PID-11.5"])
    assert table.files == len(files) and len(table) == len(files)  # one message per sample file
    profile = risk_profile(table.project(["PID-8"]), Fraction(1, 5))
    assert profile.records == len(files) and profile.classes >= 2
