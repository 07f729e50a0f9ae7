"""Every pydicom test file of the shared reference data: de-identified cleanly, or refused on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom import dcmread

from eval.leaks import dicom as oracle
from phideid.deidentifier import Deidentifier, Payload
from phideid.formats.dicom import BurnedInAnnotationError, DicomHandler
from tests.formats.conftest import shared_data

FILES = shared_data("dicom", "pydicom-test-files")


def _may_show_burned_in_text(path: Path) -> bool:
    ds = dcmread(path, force=True)
    has_pixels = any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"))
    return has_pixels and str(ds.get("BurnedInAnnotation", "")).upper() != "NO"


@pytest.mark.skipif(not FILES.is_dir(), reason="the shared DICOM reference files are not here")
def test_each_reference_file_is_deidentified_or_refused_for_burned_in_text(engine):
    files = sorted(FILES.glob("*.dcm"))
    assert files
    allowing = Deidentifier(
        list(engine.detectors), engine.vault, formats={"dicom": DicomHandler({"allow_burned_in": True})}
    )
    for path in files:
        data = path.read_bytes()
        result = engine.deidentify_payloads([Payload(data, "dicom")])[0]
        if _may_show_burned_in_text(path):
            # images without BurnedInAnnotation NO are refused by default, and pass when allowed
            assert isinstance(result.error, BurnedInAnnotationError), path.name
            result = allowing.deidentify_payloads([Payload(data, "dicom")])[0]
        assert result.ok, (path.name, result.error)
        assert oracle.problems(data, result.data) == [], path.name
        assert oracle.leaked(oracle.identifiers(data), result.data) == set(), path.name
