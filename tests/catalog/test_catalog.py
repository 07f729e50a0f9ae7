"""What a data steward checks in a catalog: the right identifiers per field, no value anywhere, the
policy's action per field, and UNCOVERED where PHI would pass through."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phideid.catalog import cli as catalog_cli
from phideid.catalog.cli import catalog
from phideid.catalog.report import render_text
from phideid.catalog.shapes import shape
from phideid.catalog.sources import Reader
from phideid.catalog.tabular import ArchiveLayout
from phideid.formats import build_handlers
from phideid.policy import load_policy
from phideid.policy.model import builtin_policy_text

SHARED = Path(os.environ.get("PHIDEID_SHARED_DATA", "/work/shared/data"))

CSV = (
    "name,dob,mrn,zip,phone,notes,diagnosis\n"
    "Johanna Quiggley,03/14/1961,MRN 48213377,02139,(617) 555-0148,"
    "Seen Johanna Quiggley on 04/02/2021; call 617-555-0148.,Type 2 diabetes mellitus\n"
    "Barnaby Fentwick,11/02/1975,MRN 77120045,94110,(415) 555-0199,"
    "Barnaby Fentwick reports dizziness.,Essential hypertension\n"
    "Odalys Pretorius,07/30/1948,MRN 30998812,60614,(312) 555-0112,"
    "No complaints today.,Chronic kidney disease stage 3\n"
)
VALUES = [
    "Johanna", "Quiggley", "Barnaby", "Fentwick", "Odalys", "Pretorius", "03/14/1961", "11/02/1975",
    "07/30/1948", "48213377", "77120045", "30998812", "02139", "94110", "60614", "555-0148", "555-0199",
    "555-0112", "04/02/2021", "dizziness", "diabetes", "hypertension", "kidney",
]

HL7 = (
    "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|ELAB-3|20240101120000||ADT^A01|MSG00001|P|2.5\r"
    "PID|1||PATID1234^^^GHH^MR||Quiggley^Johanna^Q||19610314|F|||12 Elm Street^^Springfield^IL^62701"
    "||(217)555-0148\r"
    "ZPI|1|Quiggley^Johanna|48213377\r"
)


def _csv_catalog(tmp_path, detector, policy="pseudonymize", layout=None):
    path = tmp_path / "patients.csv"
    path.write_text(CSV, encoding="utf-8")
    reader = Reader(build_handlers({}), layout or ArchiveLayout("notes"))
    return catalog([path], reader, detector, load_policy(policy))


def test_csv_columns_get_their_hipaa_categories_and_diagnosis_is_not_phi(tmp_path, detector):
    report = _csv_catalog(tmp_path, detector)
    by = {f.path: f for f in report.fields}
    idents = {path: {c.identifier for c in f.categories} for path, f in by.items()}
    assert idents["name"] == {"A.names"}
    assert idents["dob"] == {"C.dates_and_ages_over_89"}
    assert idents["mrn"] == {"H.medical_record_numbers"}
    assert idents["zip"] == {"B.geographic_subdivisions"}
    assert idents["phone"] == {"D.telephone_numbers"}
    assert {"A.names", "C.dates_and_ages_over_89", "D.telephone_numbers"} <= idents["notes"]
    assert idents["diagnosis"] == set()
    assert not by["diagnosis"].phi
    assert by["dob"].records == 3 and by["dob"].distinct == 3
    assert by["dob"].shapes == (("DD/DD/DDDD", 3),)
    assert by["notes"].actions == ("free text: scanned by detectors",)
    assert by["name"].actions == ("not written by batch",)


def test_shapes_mask_letters_digits_and_cut_long_values():
    assert shape("03/14/1961") == "DD/DD/DDDD"
    assert shape("Quiggley, Jo") == "Aaaaaaaa, Aa"
    assert shape("A" * 30) == "A" * 20 + "…"


def test_a_column_batch_copies_with_phi_is_uncovered_and_fails_on_request(tmp_path, detector, capsys):
    report = _csv_catalog(tmp_path, detector, layout=ArchiveLayout("notes", keep=("zip", "diagnosis")))
    by = {f.path: f for f in report.fields}
    assert by["zip"].uncovered and by["zip"].actions == ("kept",)
    assert not by["diagnosis"].uncovered  # kept, but holds no PHI
    assert [f.path for f in report.uncovered] == ["zip"]

    path = tmp_path / "patients.csv"
    argv = [str(path), "--no-model", "--text-column", "notes", "--keep-column", "zip", "--fail-on-uncovered"]
    assert catalog_cli.main(argv) == 1
    assert "UNCOVERED" in capsys.readouterr().out


def test_no_value_reaches_the_table_or_the_json(tmp_path, detector, capsys):
    out_json = tmp_path / "catalog.json"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "patients.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "in" / "adt.hl7").write_text(HL7, encoding="utf-8")
    argv = [str(tmp_path / "in"), "--no-model", "--text-column", "notes", "--json", str(out_json)]
    code = catalog_cli.main(argv)
    assert code == 0
    printed = capsys.readouterr()
    written = out_json.read_text(encoding="utf-8")
    for value in [*VALUES, "PATID1234", "Elm Street", "Springfield", "62701"]:
        assert value not in printed.out and value not in printed.err, value
        assert value not in written, value
    data = json.loads(written)
    assert data["phi_fields"] > 0 and {f["format"] for f in data["fields"]} == {"csv", "hl7v2"}
    assert "hold PHI" in printed.out


def test_hl7_fields_by_component_and_a_z_segment_is_removed(tmp_path, detector, reader):
    (tmp_path / "adt.hl7").write_text(HL7, encoding="utf-8")
    report = catalog([tmp_path], reader, detector, load_policy("pseudonymize"))
    by = {f.path: f for f in report.fields}
    assert {c.identifier for c in by["PID-5.1"].categories} == {"A.names"}
    assert by["PID-5.1"].actions == ("surrogate PATIENT (surrogate.name.v1)",)
    assert by["PID-7.1"].shapes == (("DDDDDDDD", 1),)  # TS: component 1 is the date
    assert by["ZPI-2.1"].actions == ("removed (unknown content)",)
    assert by["ZPI-2.1"].phi and not by["ZPI-2.1"].uncovered  # the patient's name again: PHI, but dropped
    assert by["PID-11.5"].actions == ("surrogate ZIP (surrogate.location.v1)",)


def test_a_policy_that_keeps_a_type_leaves_its_fields_uncovered(tmp_path, detector, reader):
    # pseudonymize, but ZIP codes kept as they are
    text = builtin_policy_text("pseudonymize").replace(
        "[STREET, CITY, STATE, ZIP, COUNTRY, LOCATION]", "[STREET, CITY, STATE, COUNTRY, LOCATION]"
    ).replace("rules:\n", "rules:\n  - types: [ZIP]\n    action: keep\n", 1)
    policy_file = tmp_path / "keep-zip.yaml"
    policy_file.write_text(text, encoding="utf-8")
    (tmp_path / "adt.hl7").write_text(HL7, encoding="utf-8")
    report = catalog([tmp_path / "adt.hl7"], reader, detector, load_policy(str(policy_file)))
    by = {f.path: f for f in report.fields}
    assert by["PID-11.5"].uncovered and by["PID-11.5"].actions == ("kept (policy keeps ZIP)",)
    assert not by["PID-5.1"].uncovered
    assert "UNCOVERED" in render_text(report)


def test_fhir_paths_drop_indexes_and_bundle_entries_keep_their_type(tmp_path, detector, reader):
    bundle = {
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Quiggley", "given": ["Johanna"]}],
                "telecom": [{"system": "phone", "value": "617-555-0148"}],
                "birthDate": "1961-03-14",
                "extension": [{"url": "http://example.org/birthPlace", "valueString": "Springfield"}],
            }},
            {"resource": {
                "resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"text": "Glucose"},
                "note": [{"text": "Johanna Quiggley fasted overnight."}],
            }},
        ],
    }
    (tmp_path / "b.json").write_text(json.dumps(bundle), encoding="utf-8")
    report = catalog([tmp_path], reader, detector, load_policy("pseudonymize"))
    by = {f.path: f for f in report.fields}
    assert {"Patient.name.family", "Patient.name.given", "Patient.telecom.value", "Patient.birthDate",
            "Observation.note.text"} <= set(by)
    assert {c.identifier for c in by["Patient.telecom.value"].categories} == {"D.telephone_numbers"}
    assert by["Observation.note.text"].phi  # names the patient of Patient.name
    assert by["Observation.note.text"].actions == ("free text: scanned by detectors",)
    assert by["Patient.extension.valueString"].actions == ("removed (unknown content)",)


@pytest.mark.skipif(not (SHARED / "dicom" / "pydicom-test-files").is_dir(), reason="shared data absent")
def test_dicom_tags_and_nested_sequences(detector, reader):
    folder = SHARED / "dicom" / "pydicom-test-files"
    report = catalog([folder], reader, detector, load_policy("pseudonymize"))
    by = {f.path: f for f in report.fields}
    name = by["(0010,0010) PatientName"]
    assert {c.identifier for c in name.categories} == {"A.names"} and not name.uncovered
    assert any("[]." in p for p in by), "nested sequence attributes are listed"
    assert not any("PixelData" in p for p in by)
