"""Leak oracle for DICOM: the patient identifiers of an input file, and whether an output is valid.

``identifiers`` reads a fixed list of attributes with pydicom directly (not through the handler's Annex E
table, so an attribute the table or the handler forgets is caught), at any depth of sequences: the
patient's name parts, ids (PatientID, OtherPatientIDs and the ids in OtherPatientIDsSequence), birth date,
address and phones; the institution's name and address; the referring, performing, reading and
requesting physicians' and the operators' name parts; the accession number and study id. Values with
fewer than 3 letters or digits (5 for numbers) are left out: they cannot be told apart from chance in an
output, and so are values the input also holds in an attribute kept by design (``KEPT_KEYWORDS``:
equipment, RT labels). Compare them against an output with ``leaked`` (whole words, case-insensitively,
over every byte of the file, so a value hidden in a private element or a preamble counts too).

``problems`` checks that the output reads with pydicom (as a Part 10 file), says PatientIdentityRemoved
YES with the Basic Profile code, has no private, overlay or curve attributes at any depth, keeps its
transfer syntax and pixel data, and that its file meta names its own SOP class and (new) instance UID.
Its messages name tags, never values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from eval.leaks import occurs

#: attributes whose values identify the patient (keywords), read at every depth
NAME_KEYWORDS = frozenset({
    "PatientName", "OtherPatientNames", "PatientBirthName", "PatientMotherBirthName",
    "ReferringPhysicianName", "PerformingPhysicianName", "OperatorsName", "NameOfPhysiciansReadingStudy",
    "RequestingPhysician", "PhysiciansOfRecord", "ConsultingPhysicianName", "ResponsiblePerson",
})
VALUE_KEYWORDS = frozenset({
    "PatientID", "OtherPatientIDs", "PatientAddress", "PatientTelephoneNumbers", "InstitutionName",
    "InstitutionAddress", "AccessionNumber", "StudyID", "MedicalRecordLocator",
})
DATE_KEYWORDS = frozenset({"PatientBirthDate"})
#: attributes the profile keeps by design (equipment, RT labels): a value the input also has there (an
#: institution named like the manufacturer, a study id reused as a label) is no evidence of a leak
KEPT_KEYWORDS = frozenset({
    "Manufacturer", "ManufacturerModelName", "StructureSetLabel", "StructureSetName", "RTPlanLabel",
    "RTPlanName",
})
PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
BASIC_PROFILE_CODE = "113100"


def _datasets(ds: Dataset) -> Iterator[Dataset]:
    yield ds
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value or ():
                yield from _datasets(item)


def _values(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
        return [str(v) for v in value]  # type: ignore[union-attr]
    return [str(value)]


def _read(data: bytes, *, force: bool) -> Dataset:
    return pydicom.dcmread(BytesIO(data), force=force)


def identifiers(data: bytes) -> set[str]:
    """The patient identifiers of one input file (see the module docstring); empty if it does not read."""
    try:
        ds = _read(data, force=True)
        items = list(_datasets(ds))
    except Exception:
        return set()
    found: set[str] = set()
    kept = " ".join(
        v.lower() for item in items for e in item if e.keyword in KEPT_KEYWORDS for v in _values(e.value)
    )
    for item in items:
        for elem in item:
            keyword = elem.keyword
            if keyword in NAME_KEYWORDS:
                for name in _values(elem.value):
                    for group in name.split("="):
                        found.update(p.strip() for p in group.split("^")[:3])
            elif keyword in VALUE_KEYWORDS:
                found.update(v.strip() for v in _values(elem.value))
            elif keyword in DATE_KEYWORDS:
                found.update(v.strip() for v in _values(elem.value) if re.fullmatch(r"\d{8}", v.strip()))
    return {v for v in found if _telling(v) and not occurs(v, kept)}


def _telling(value: str) -> bool:
    """Long enough to be told apart from chance: 3+ letters or digits, and 5+ when digits only."""
    alnum = sum(ch.isalnum() for ch in value)
    return alnum >= (5 if value.replace("-", "").isdigit() else 3)


def leaked(found: set[str], output: bytes) -> set[str]:
    """The identifiers in ``found`` that occur in ``output`` as whole words, case-insensitively."""
    text = output.decode("latin-1").lower()
    return {v for v in found if occurs(v, text)}


def _transfer_syntax(ds: Dataset) -> str:
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return str(meta.TransferSyntaxUID)
    implicit, little = getattr(ds, "original_encoding", (True, True))
    if implicit:
        return str(ImplicitVRLittleEndian)
    return str(ExplicitVRLittleEndian if little else ExplicitVRBigEndian)


def _tag(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def problems(original: bytes, output: bytes) -> list[str]:
    """Validity problems of ``output`` as the de-identified ``original`` (tags only, never values)."""
    try:
        before = _read(original, force=True)
    except Exception as exc:
        return [f"the input does not read ({exc.__class__.__name__})"]
    try:
        after = _read(output, force=False)
        items = list(_datasets(after))
    except Exception as exc:
        return [f"the output does not read as a DICOM file ({exc.__class__.__name__})"]
    out: list[str] = []
    if str(after.get("PatientIdentityRemoved", "")).strip() != "YES":
        out.append("(0012,0062) PatientIdentityRemoved is not YES")
    codes = [str(i.get("CodeValue", "")) for i in after.get("DeidentificationMethodCodeSequence", [])]
    if BASIC_PROFILE_CODE not in codes:
        out.append("(0012,0064) does not list the Basic Application Confidentiality Profile (113100)")
    bad: set[str] = set()
    for item in items:
        for elem in item:
            group = elem.tag.group
            if group % 2 == 1:
                bad.add(f"{_tag(int(elem.tag))} private attribute")
            elif 0x6000 <= group <= 0x60FF:
                bad.add(f"{_tag(int(elem.tag))} overlay attribute")
            elif 0x5000 <= group <= 0x50FF:
                bad.add(f"{_tag(int(elem.tag))} curve attribute")
    out.extend(sorted(bad))
    meta = getattr(after, "file_meta", None)
    if _transfer_syntax(after) != _transfer_syntax(before):
        out.append("(0002,0010) the transfer syntax changed")
    if "SOPInstanceUID" in after:
        if meta is None or meta.get("MediaStorageSOPInstanceUID") != after.SOPInstanceUID:
            out.append("(0002,0003) MediaStorageSOPInstanceUID is not the SOPInstanceUID (0008,0018)")
        if "SOPInstanceUID" in before and after.SOPInstanceUID == before.SOPInstanceUID:
            out.append("(0008,0018) SOPInstanceUID was not remapped")
    if "SOPClassUID" in after and (meta is None or meta.get("MediaStorageSOPClassUID") != after.SOPClassUID):
        out.append("(0002,0002) MediaStorageSOPClassUID is not the SOPClassUID (0008,0016)")
    for keyword in PIXEL_KEYWORDS:
        if keyword in before and (keyword not in after or after[keyword].value != before[keyword].value):
            out.append(f"{keyword}: the pixel data changed")
    return out
