"""Small DICOM files built in the tests: a CT image with identifiers everywhere the profile must reach."""

from __future__ import annotations

from io import BytesIO

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import UID, CTImageStorage, ExplicitVRLittleEndian, SecondaryCaptureImageStorage

STUDY_UID = "1.2.826.0.1.3680043.8.498.1001"
SERIES_UID = "1.2.826.0.1.3680043.8.498.1002"
FRAME_UID = "1.2.826.0.1.3680043.8.498.1003"
PIXELS = bytes(range(32))  # 4 x 4, 16 bits

#: every identifying value the fixture holds, at the top level or nested in sequences
IDENTIFIERS = {
    "Hartigan", "Rosalind", "MRN778812", "ALT55123", "19610415", "Elm Street", "555-201-7788",
    "Saint Elsewhere", "Coventry Road", "Thaddeus", "Housewright", "Cuddyer", "Philippa", "Wilsonne",
    "Ignatius", "ACC20240311", "STU4471", "REQ5566", "SN99812", "Chasely", "Barnaby",
}


def ct_dataset(
    sop_uid: str = "1.2.826.0.1.3680043.8.498.2001",
    *,
    burned_in: str | None = "NO",
    referenced: str | None = None,
    description: str = "CT chest, seen by Dr. Thaddeus Housewright",
) -> Dataset:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = sop_uid
    ds.StudyInstanceUID = STUDY_UID
    ds.SeriesInstanceUID = SERIES_UID
    ds.FrameOfReferenceUID = FRAME_UID
    ds.StudyDate = "20240311"
    ds.SeriesDate = "20240311"
    ds.AcquisitionDateTime = "20240311101500.000000"
    ds.StudyTime = "101500"
    ds.AccessionNumber = "ACC20240311"
    ds.Modality = "CT"
    ds.Manufacturer = "ACME"
    ds.InstitutionName = "Saint Elsewhere Hospital"
    ds.InstitutionAddress = "1 Coventry Road, Boston"
    ds.ReferringPhysicianName = "Housewright^Thaddeus"
    ds.StudyDescription = description
    ds.SeriesDescription = "AXIAL 5mm"
    ds.PerformingPhysicianName = "Cuddyer^Philippa"
    ds.OperatorsName = "Wilsonne^Ignatius"
    ds.PatientName = "Hartigan^Rosalind"
    ds.PatientID = "MRN778812"
    ds.IssuerOfPatientID = "HOSP"
    ds.PatientBirthDate = "19610415"
    ds.PatientSex = "F"
    ds.PatientAge = "062Y"
    ds.OtherPatientIDs = "ALT55123"
    ds.PatientAddress = "12 Elm Street, Springfield"
    ds.PatientTelephoneNumbers = "555-201-7788"
    ds.DeviceSerialNumber = "SN99812"
    ds.StudyID = "STU4471"
    ds.SeriesNumber = 3
    ds.InstanceNumber = 1
    other = Dataset()
    other.PatientID = "ALT55123"
    other.IssuerOfPatientID = "OTHER"
    ds.OtherPatientIDsSequence = Sequence([other])
    request = Dataset()
    request.RequestedProcedureID = "REQ5566"
    request.ScheduledProcedureStepID = "REQ5566"
    ds.RequestAttributesSequence = Sequence([request])
    observer = Dataset()
    observer.PersonName = "Chasely^Barnaby"
    ds.ContentSequence = Sequence([observer])
    if referenced:
        ref = Dataset()
        ref.ReferencedSOPClassUID = CTImageStorage
        ref.ReferencedSOPInstanceUID = referenced
        ds.ReferencedImageSequence = Sequence([ref])
    # a private block, an overlay and a curve, all to be removed
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    block.add_new(0x10, "LO", "Hartigan private note")
    block.add_new(0x11, "LO", "kept by rule")
    ds.add_new(0x60000010, "US", 4)
    ds.add_new(0x60003000, "OW", b"\x00\x01" * 2)
    ds.add_new(0x50003000, "OW", b"\x00\x02" * 2)
    if burned_in is not None:
        ds.BurnedInAnnotation = burned_in
    ds.Rows = 4
    ds.Columns = 4
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = PIXELS
    return ds


def to_bytes(ds: Dataset, transfer_syntax: UID = ExplicitVRLittleEndian, *, part10: bool = True) -> bytes:
    out = BytesIO()
    if part10:
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = ds.SOPClassUID
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = transfer_syntax
        meta.SourceApplicationEntityTitle = "SAINTELSE"
        ds.file_meta = meta
        ds.preamble = b"\x00" * 128
        pydicom.dcmwrite(out, ds, enforce_file_format=True)
    else:
        implicit = transfer_syntax == pydicom.uid.ImplicitVRLittleEndian
        little = transfer_syntax != pydicom.uid.ExplicitVRBigEndian
        pydicom.dcmwrite(out, ds, implicit_vr=implicit, little_endian=little)
    return out.getvalue()


def read(data: bytes) -> Dataset:
    return pydicom.dcmread(BytesIO(data))


def secondary_capture() -> Dataset:
    """A non-image object (no pixel data): nothing to refuse for burned-in text."""
    ds = ct_dataset(burned_in=None)
    ds.SOPClassUID = SecondaryCaptureImageStorage
    del ds.PixelData
    return ds
