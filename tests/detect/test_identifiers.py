"""Record, account, plan, licence, SSN, vehicle and device numbers: found with a label, not without."""

from __future__ import annotations

import pytest

from phideid.detect.recognizers.dea import dea_checksum_ok
from phideid.detect.recognizers.npi import npi_checksum_ok
from phideid.detect.recognizers.ssn import SsnRecognizer
from phideid.detect.recognizers.udi import gtin_check_digit_ok
from phideid.detect.recognizers.vin import vin_check_digit_ok


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("MRN: 00123456", ("MEDICALRECORD", "00123456")),
        ("Medical record number 7654321.", ("MEDICALRECORD", "7654321")),
        ("MRN#A1234567 admitted", ("MEDICALRECORD", "A1234567")),
        ("The patient's MRN is listed as 4455667 today", ("MEDICALRECORD", "4455667")),
        ("Acct #: 55-123456", ("ACCOUNT", "55-123456")),
        ("billing account 99887766.", ("ACCOUNT", "99887766")),
        ("Member ID: XYZ123456789", ("HEALTHPLAN", "XYZ123456789")),
        ("policy # 88-4412 with BCBS", ("HEALTHPLAN", "88-4412")),
        ("Medicare 1EG4-TE5-MK73", ("HEALTHPLAN", "1EG4-TE5-MK73")),
        ("License #: MA-123456", ("LICENSE", "MA-123456")),
        ("prescriber DEA# AB1234563", ("LICENSE", "AB1234563")),
        ("NPI: 1234567893", ("LICENSE", "1234567893")),
        ("SSN: 219-09-9999", ("SSN", "219-09-9999")),
        ("ssn 219099999 on file", ("SSN", "219099999")),
        ("Wrote 219-09-9999 on the form", ("SSN", "219-09-9999")),
        ("VIN 1M8GDM9AXKP042788", ("VEHICLE", "1M8GDM9AXKP042788")),
        ("Car with license plate 4ABC123 towed", ("VEHICLE", "4ABC123")),
        ("Pacemaker serial #: PJN123456", ("DEVICE", "PJN123456")),
        ("S/N 4417-ABX-22 checked", ("DEVICE", "4417-ABX-22")),
        ("UDI (01)00643169007222(17)260128(21)A1B2", ("DEVICE", "(01)00643169007222(17)260128(21)A1B2")),
    ],
)
def test_identifier_is_found_with_its_type(found, note, expected):
    assert expected in found(note)


def test_labelled_mrn_and_account_get_one_type_each(found):
    note = "MRN: 1234567 Acct #: 9876543"
    assert found(note) == [("MEDICALRECORD", "1234567"), ("ACCOUNT", "9876543")]


@pytest.mark.parametrize(
    "note",
    [
        "K 4.1, BUN 22, Cr 1.1, INR 1.2, PT 12.5, PTT 30",
        "WBC 11.2, Hgb 9.8, Plt 250",
        "Room 412, bed 3, HR 88, RR 16",
        "Sodium 140, glucose 1234567 mg/dL (typo)",  # a bare number with no label
        "Group therapy on Tuesdays.",
        "Platelet count 150000, plate count normal.",
        "Serial exams of the abdomen.",
        "Policy reviewed with family.",
        "SSN: 000-12-3456",  # area 000 is never issued
        "SSN: 666-12-3456",
        "SSN: 912-12-3456",
        "SSN: 111-11-1111",
        "Wrote AB1234567 on the chart",  # DEA shape, bad check digit
        "Part 1M8GDM9AXKP042789 ordered",  # VIN shape, bad check digit
    ],
)
def test_look_alikes_are_not_identifiers(found, note):
    assert found(note) == []


def test_check_digits():
    assert dea_checksum_ok("AB1234563") and not dea_checksum_ok("AB1234567")
    assert npi_checksum_ok("1234567893") and not npi_checksum_ok("1234567890")
    assert vin_check_digit_ok("1M8GDM9AXKP042788") and not vin_check_digit_ok("1M8GDM9AXKP042789")
    assert gtin_check_digit_ok("00643169007222") and not gtin_check_digit_ok("00643169007223")


def test_ssn_invalidation_follows_the_never_issued_rules():
    rec = SsnRecognizer()
    assert rec.invalidate_result("078-05-1120") is False
    never_issued_numbers = (
        "000-12-3456",
        "666-12-3456",
        "900-12-3456",
        "123-00-4567",
        "123-45-0000",
        "222222222",
    )
    for never_issued in never_issued_numbers:
        assert rec.invalidate_result(never_issued), never_issued
    assert rec.invalidate_result("123-45 6789")  # mixed separators


def test_constructor_overrides_class_defaults():
    from presidio_analyzer import Pattern

    from phideid.detect.recognizers.mrn import MedicalRecordRecognizer

    custom = MedicalRecordRecognizer(patterns=[Pattern("site_mrn", r"\bE\d{7}\b", 0.9)], context=["unit"])
    assert [p.name for p in custom.patterns] == ["site_mrn"] and custom.context == ["unit"]
    assert [p.name for p in MedicalRecordRecognizer().patterns] == ["mrn_labelled", "mrn_bare"]
