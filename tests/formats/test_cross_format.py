"""One patient, four formats: the HL7 v2 message, the FHIR bundle, the DICOM file and a note of the same
patient, each de-identified on its own, get the same pseudonym, the same date shift and the same name."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from phideid.formats.base import patient_key

MRN, AUTHORITY, BIRTH = "MRN0042731", "GENHOSP", date(1961, 4, 12)
KEY = patient_key(MRN, AUTHORITY)


def hl7() -> bytes:
    segments = [
        "MSH|^~\\&|ADT1|GENHOSP|LAB|GENHOSP|202401150830||ADT^A01^ADT_A01|MSG00001|P|2.5",
        "EVN|A01|202401150830",
        f"PID|1||{MRN}^^^{AUTHORITY}^MR||LINDQVIST^MARGARETA^E||{BIRTH:%Y%m%d}|F|||"
        "14 Juniper Lane^^Brookfield^MA^01506||(508)555-0147",
        "PV1|1|I|ICU^12^A^GENHOSP||||1234^HARTWELL^JONAS^^^DR",
    ]
    return "\r".join(segments).encode() + b"\r"


def fhir() -> bytes:
    patient = {
        "resourceType": "Patient",
        "id": "pat-1",
        "identifier": [{
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
            "system": "http://genhosp.example.org/mrn", "value": MRN, "assigner": {"display": AUTHORITY},
        }],
        "name": [{"family": "Lindqvist", "given": ["Margareta"]}],
        "birthDate": BIRTH.isoformat(),
    }
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"fullUrl": "urn:uuid:6f1c0a52-1b7e-4a4b-9e7e-0d9a3c2b1a10", "resource": patient}]}
    return json.dumps(bundle).encode()


def dicom() -> bytes:
    ds = Dataset()
    ds.PatientName, ds.PatientID, ds.IssuerOfPatientID = "LINDQVIST^MARGARETA", MRN, AUTHORITY
    ds.PatientBirthDate = f"{BIRTH:%Y%m%d}"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", generate_uid()
    ds.Modality, ds.StudyDate = "OT", "20240115"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    out = BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def test_one_patient_gets_one_pseudonym_and_one_date_offset_in_every_format(full_engine, vault):
    engine = full_engine  # the default pipeline: the note names the patient without a title
    record = vault.patient(KEY)
    shifted = BIRTH + timedelta(days=record.date_offset_days)

    msg = engine.deidentify_payload(hl7())
    bundle = engine.deidentify_payload(fhir())
    image = engine.deidentify_payload(dicom())
    note = engine.deidentify(f"Margareta Lindqvist, born {BIRTH:%m/%d/%Y}, seen today.", patient_id=KEY)
    assert (msg.format, bundle.format, image.format) == ("hl7v2", "fhir", "dicom")
    assert msg.report.patient == bundle.report.patient == image.report.patient == note.report.patient
    assert note.report.patient == record.pseudonym

    pid = next(s for s in msg.data.decode().split("\r") if s.startswith("PID|"))
    patient = json.loads(bundle.data)["entry"][0]["resource"]
    ds = pydicom.dcmread(BytesIO(image.data))
    assert pid.split("|")[7] == f"{shifted:%Y%m%d}"
    assert patient["birthDate"] == shifted.isoformat()
    # Annex E empties the birth date even with the Modified Dates option; the study date carries the shift
    assert ds.PatientBirthDate == ""
    assert ds.StudyDate == f"{date(2024, 1, 15) + timedelta(days=record.date_offset_days):%Y%m%d}"
    assert f"{shifted:%m/%d/%Y}" in note.text

    family = {pid.split("|")[5].split("^")[0].lower(), patient["name"][0]["family"].lower(),
              str(ds.PatientName).split("^")[0].lower()}
    assert len(family) == 1 and "lindqvist" not in family
    assert family.pop() in note.text.lower()
