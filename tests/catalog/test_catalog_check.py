"""``phideid eval-catalog``: every field holding a leak-oracle identifier must be cataloged as PHI."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from eval import catalog_check
from phideid.catalog.scan import Cataloger

SHARED = Path(os.environ.get("PHIDEID_SHARED_DATA", "/work/shared/data"))
SAMPLES = [SHARED / "hl7v2" / "ADT-A01-01.hl7", SHARED / "hl7v2" / "ORU-R01-01.hl7",
           SHARED / "dicom" / "pydicom-test-files" / "CT_small.dcm"]
FHIR = sorted((SHARED / "fhir" / "r4").glob("Carolee951*.json"))

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in SAMPLES) or not FHIR,
                                reason="shared data (PHIDEID_SHARED_DATA) absent")


def test_every_identifier_field_of_shared_samples_is_found(capsys):
    assert catalog_check.main([str(p) for p in [*SAMPLES, FHIR[0]]]) == 0
    out = capsys.readouterr().out
    assert "0 missed" in out and "MISSED" not in out
    fields = {line.split()[0]: int(line.split()[2]) for line in out.splitlines()[1:4]}
    assert fields["hl7v2"] > 10 and fields["fhir"] > 10 and fields["dicom"] > 3


def test_a_catalog_that_misses_a_field_fails_the_check(monkeypatch, capsys):
    # a catalog that classifies the patient's name (PID-5) as holding nothing
    real = Cataloger._field_report

    def forgetful(self, fmt, path, entry):
        found = real(self, fmt, path, entry)
        return replace(found, categories=()) if path.startswith("PID-5.") else found

    monkeypatch.setattr(Cataloger, "_field_report", forgetful)
    assert catalog_check.main([str(SAMPLES[0])]) == 1
    out = capsys.readouterr().out
    assert "MISSED PID-5.1" in out and "EVERYMAN" not in out.upper()
