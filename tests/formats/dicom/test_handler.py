"""The DICOM handler as a user checks it: identifiers gone, file valid, links kept, dates shifted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from eval.leaks import dicom as oracle
from phideid.deidentifier import Deidentifier, Payload
from phideid.errors import ConfigError, DeidentificationError, FormatError
from phideid.formats.base import patient_key
from phideid.formats.dicom import BurnedInAnnotationError, DicomHandler
from tests.formats.dicom.builders import (
    FRAME_UID,
    IDENTIFIERS,
    PIXELS,
    SERIES_UID,
    STUDY_UID,
    ct_dataset,
    read,
    secondary_capture,
    to_bytes,
)


def _engine(engine: Deidentifier, **options: object) -> Deidentifier:
    """The test engine with the dicom handler built from ``options``."""
    return Deidentifier(
        list(engine.detectors), engine.vault, formats={"dicom": DicomHandler(options)}
    )


def _run(engine: Deidentifier, data: bytes, policy: str | None = None):
    return engine.deidentify_payload(data, format="dicom", policy=policy)


def _leaks(data: bytes) -> set[str]:
    text = data.decode("latin-1").lower()
    return {v for v in IDENTIFIERS if v.lower() in text}


@pytest.mark.parametrize("policy", ["pseudonymize", "safe-harbor", "redact"])
def test_no_identifier_of_the_input_remains_at_any_depth(engine, policy):
    data = to_bytes(ct_dataset())
    out = _run(engine, data, policy).data
    assert _leaks(out) == set()
    assert oracle.leaked(oracle.identifiers(data), out) == set()
    assert oracle.problems(data, out) == []


@pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian])
def test_output_reads_back_in_the_same_transfer_syntax_with_pixels_unchanged(engine, syntax):
    out = read(_run(engine, to_bytes(ct_dataset(), syntax)).data)
    assert out.file_meta.TransferSyntaxUID == syntax
    assert out.PixelData == PIXELS
    assert out.file_meta.MediaStorageSOPInstanceUID == out.SOPInstanceUID
    assert out.file_meta.MediaStorageSOPClassUID == out.SOPClassUID
    assert "SourceApplicationEntityTitle" not in out.file_meta
    assert out.Modality == "CT" and out.Rows == 4  # clinical attributes are kept


def test_a_raw_dataset_without_file_meta_comes_back_as_a_part10_file(engine):
    data = to_bytes(ct_dataset(), ImplicitVRLittleEndian, part10=False)
    assert DicomHandler().sniff(data)
    out = read(_run(engine, data).data)
    assert out.file_meta.TransferSyntaxUID == ImplicitVRLittleEndian
    assert out.PatientIdentityRemoved == "YES"


def test_uids_are_remapped_alike_across_the_files_of_a_study(engine):
    first_uid = "1.2.826.0.1.3680043.8.498.2001"
    first = to_bytes(ct_dataset(first_uid))
    second = to_bytes(ct_dataset("1.2.826.0.1.3680043.8.498.2002", referenced=first_uid))
    results = engine.deidentify_payloads([Payload(first, "dicom"), Payload(second, "dicom")])
    a, b = (read(r.data) for r in results)
    assert a.StudyInstanceUID == b.StudyInstanceUID != STUDY_UID
    assert a.SeriesInstanceUID == b.SeriesInstanceUID != SERIES_UID
    assert a.FrameOfReferenceUID == b.FrameOfReferenceUID != FRAME_UID
    assert a.SOPInstanceUID != b.SOPInstanceUID
    assert all(u.startswith("2.25.") and len(u) <= 64 for u in (a.StudyInstanceUID, a.SOPInstanceUID))
    assert b.ReferencedImageSequence[0].ReferencedSOPInstanceUID == a.SOPInstanceUID
    assert b.ReferencedImageSequence[0].ReferencedSOPClassUID == a.SOPClassUID  # a class UID stays
    # a later run (another batch) maps alike: the mapping is keyed, not random
    again = read(_run(engine, first).data)
    assert again.StudyInstanceUID == a.StudyInstanceUID


def test_retain_uids_keeps_them_and_says_so(engine):
    out = read(_run(_engine(engine, retain_uids=True), to_bytes(ct_dataset())).data)
    assert out.StudyInstanceUID == STUDY_UID
    codes = {i.CodeValue for i in out.DeidentificationMethodCodeSequence}
    assert "113110" in codes


def test_dates_are_shifted_by_the_patients_offset_under_pseudonymize(engine, vault):
    out = read(_run(engine, to_bytes(ct_dataset())).data)
    offset = vault.patient(patient_key("MRN778812", "HOSP")).date_offset_days
    expected = (date(2024, 3, 11) + timedelta(days=offset)).strftime("%Y%m%d")
    assert out.StudyDate == expected and out.SeriesDate == expected
    assert out.AcquisitionDateTime == expected + "101500.000000"
    assert out.StudyTime == "101500"
    assert out.PatientBirthDate == ""  # the basic profile empties it; no option retains it
    assert out.LongitudinalTemporalInformationModified == "MODIFIED"


def test_safe_harbor_reduces_dates_to_the_year(engine):
    out = read(_run(engine, to_bytes(ct_dataset()), "safe-harbor").data)
    assert out.StudyDate == "20240101"  # DA keeps 8 digits: the year's first day
    assert out.AcquisitionDateTime == "2024"
    assert out.StudyTime == ""  # no time of day without its date
    assert out.LongitudinalTemporalInformationModified == "MODIFIED"


def test_dates_are_removed_without_the_dates_option(engine):
    handler = _engine(engine, retain_longitudinal_modified_dates=False)
    out = read(_run(handler, to_bytes(ct_dataset())).data)
    assert out.StudyDate == "" and "AcquisitionDateTime" in out and out.AcquisitionDateTime == ""
    assert out.LongitudinalTemporalInformationModified == "REMOVED"
    assert "113107" not in {i.CodeValue for i in out.DeidentificationMethodCodeSequence}


def test_the_patient_gets_one_surrogate_name_and_id_across_files(engine):
    a = read(_run(engine, to_bytes(ct_dataset("1.2.3.1"))).data)
    b = read(_run(engine, to_bytes(ct_dataset("1.2.3.2"))).data)
    assert str(a.PatientName) == str(b.PatientName)
    assert a.PatientName.family_name and a.PatientName.family_name != "Hartigan"
    assert a.PatientID == b.PatientID and a.PatientID != "MRN778812" and a.PatientID
    assert "IssuerOfPatientID" not in a and "OtherPatientIDs" not in a
    assert a.ReferringPhysicianName == ""  # Z: emptied, not invented
    assert "PerformingPhysicianName" not in a  # X


def test_the_method_attributes_name_the_profile_and_the_options_used(engine):
    out = read(_run(engine, to_bytes(ct_dataset())).data)
    assert out.PatientIdentityRemoved == "YES"
    assert any("Annex E" in v for v in out.DeidentificationMethod)
    items = out.DeidentificationMethodCodeSequence
    assert {i.CodingSchemeDesignator for i in items} == {"DCM"}
    codes = {i.CodeValue for i in items}
    assert {"113100", "113107", "113108", "113105"} <= codes
    assert codes.isdisjoint({"113109", "113110", "113112"})  # off by default


def test_private_tags_overlays_and_curves_are_removed(engine):
    result = _run(engine, to_bytes(ct_dataset()))
    out = read(result.data)
    groups = {t.group for t in out.keys()}
    assert not any(g % 2 for g in groups)
    assert not any(0x6000 <= g <= 0x60FF or 0x5000 <= g <= 0x50FF for g in groups)
    removed = result.report.removed
    assert removed["dicom_private_attribute"] >= 2 and removed["dicom_overlay"] == 2
    assert removed["dicom_curve"] == 1


def test_keep_private_keeps_only_the_allow_listed_element_of_its_creator(engine):
    rules = [{"tag": "(0009,xx11)", "creator": "ACME 1.0"}]
    out = read(_run(_engine(engine, keep_private=rules), to_bytes(ct_dataset())).data)
    block = out.private_block(0x0009, "ACME 1.0")
    assert block[0x11].value == "kept by rule"
    assert 0x00091010 not in out
    wrong_creator = [{"tag": "(0009,xx11)", "creator": "OTHER"}]
    out = read(_run(_engine(engine, keep_private=wrong_creator), to_bytes(ct_dataset())).data)
    assert not any(t.group % 2 for t in out.keys())


def test_descriptors_are_cleaned_through_the_detectors(engine):
    out = read(_run(engine, to_bytes(ct_dataset())).data)
    assert out.StudyDescription.startswith("CT chest, seen by Dr.")
    assert "Thaddeus" not in out.StudyDescription and "Housewright" not in out.StudyDescription
    assert out.SeriesDescription == "AXIAL 5mm"


def test_without_clean_descriptors_they_are_removed(engine):
    out = read(_run(_engine(engine, clean_descriptors=False), to_bytes(ct_dataset())).data)
    assert "StudyDescription" not in out and "SeriesDescription" not in out


def test_patient_characteristics_are_kept_and_ages_over_89_grouped(engine):
    ds = ct_dataset()
    ds.PatientAge = "094Y"
    out = read(_run(engine, to_bytes(ds)).data)
    assert out.PatientSex == "F" and out.PatientAge == "090Y"
    out = read(_run(_engine(engine, retain_patient_characteristics=False), to_bytes(ds)).data)
    assert "PatientAge" not in out and out.PatientSex == ""


def test_institution_and_device_are_removed_unless_retained(engine):
    out = read(_run(engine, to_bytes(ct_dataset())).data)
    assert out.get("InstitutionName", "") == "" and "InstitutionAddress" not in out
    assert out.get("DeviceSerialNumber", "") == ""
    kept = _engine(engine, retain_institution_identity=True, retain_device_identity=True)
    out = read(_run(kept, to_bytes(ct_dataset())).data)
    assert out.InstitutionName == "Saint Elsewhere Hospital" and out.DeviceSerialNumber == "SN99812"


@pytest.mark.parametrize("burned_in", [None, "YES"])
def test_an_image_that_may_show_burned_in_text_is_refused_by_default(engine, burned_in):
    data = to_bytes(ct_dataset(burned_in=burned_in))
    result = engine.deidentify_payloads([Payload(data, "dicom")])[0]
    assert isinstance(result.error, BurnedInAnnotationError)
    assert isinstance(result.error, DeidentificationError)
    assert result.data is None
    assert not _leaks(str(result.error).encode())


def test_allow_burned_in_passes_it_on_flagged(engine):
    result = _run(_engine(engine, allow_burned_in=True), to_bytes(ct_dataset(burned_in=None)))
    out = read(result.data)
    assert out.BurnedInAnnotation == "YES" and out.PixelData == PIXELS
    assert result.report.flags["burned_in_annotation_unchecked"] == 1


def test_an_object_without_pixels_is_not_refused(engine):
    out = read(_run(engine, to_bytes(secondary_capture())).data)
    assert out.PatientIdentityRemoved == "YES"


def test_malformed_bytes_give_a_format_error_without_values(engine):
    data = to_bytes(ct_dataset())
    cut = data[: data.index(b"Hartigan^Rosalind") + 4]
    empty_meta = b"\x00" * 128 + b"DICM" + b"\x02\x00\x10\x00UI\xff\xff" + b"Hartigan"
    for bad in (cut, empty_meta, b"not dicom at all"):
        result = engine.deidentify_payloads([Payload(bad, "dicom")])[0]
        assert isinstance(result.error, FormatError), type(result.error)
        assert "Hartigan" not in str(result.error) and "Hart" not in str(result.error)


def test_sniff_recognises_part10_and_raw_datasets_only():
    handler = DicomHandler()
    assert handler.sniff(to_bytes(ct_dataset()))
    assert handler.sniff(to_bytes(ct_dataset(), ExplicitVRLittleEndian, part10=False))
    assert handler.sniff(to_bytes(ct_dataset(), ExplicitVRBigEndian, part10=False))
    assert not handler.sniff(b"MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\r")
    assert not handler.sniff(b'{"resourceType": "Patient"}')
    assert not handler.sniff(b"Seen by Dr. Wong on 7/22/2009.")


@pytest.mark.parametrize(
    "options",
    [
        {"retain_everything": True},
        {"retain_uids": "yes"},
        {"keep_private": "(0009,xx10)"},
        {"keep_private": ["(0008,xx10)"]},
        {"keep_private": ["(0009,1010)"]},
        {"keep_private": [{"tag": "(0009,xx10)", "creator": ""}]},
    ],
)
def test_bad_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        DicomHandler(options)
