"""DICOM files into fields: ``(0010,0010) PatientName``; in sequences ``(0008,1110)[].(0008,1150) Keyword``.

Each attribute's step comes from the handler's own planner (the PS3.15 Annex E table and the options in
force); what it means comes from its keyword and VR (a person's name, an id, a date, an address, a
phone, an institution, an instance UID). Attributes inside a sequence the profile removes or empties
share its fate. Pixel data and other bulk binary values (OB, OW, OF, OD, OL, OV, UN) are not read. Each
file is one record.
"""

from __future__ import annotations

import re
from io import BytesIO

import pydicom
from pydicom import config as pydicom_config
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment
from phideid.errors import FormatError
from phideid.formats.dicom.actions import Kind, Step, is_registry_uid
from phideid.formats.dicom.options import DicomOptions
from phideid.formats.dicom.profile import load_table
from phideid.formats.dicom.values import is_identifier_keyword
from phideid.formats.dicom.walk import MAX_DEPTH, Planner, tag_text
from phideid.types import PhiType

BULK_VRS = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN"})
_DEVICE = re.compile(r"DeviceSerialNumber|DeviceUID|DeviceID|StationName|DetectorID")
_INSTITUTION = re.compile(r"Institution(al)?(Name|DepartmentName|CodeSequence)")


def meaning(keyword: str, vr: str) -> PhiType | None:
    """What an attribute holds by its keyword and VR, or None when it names no identifier."""
    if vr == "PN":
        if keyword.startswith("Patient") or keyword.startswith("OtherPatient"):
            return PhiType.PATIENT
        return PhiType.NAME if keyword in ("PersonName", "SelectorPNValue") else PhiType.DOCTOR
    if "Address" in keyword and vr != "AE":
        return PhiType.STREET
    if "Telephone" in keyword or "Telecom" in keyword:
        return PhiType.PHONE
    if _INSTITUTION.search(keyword):
        return PhiType.HOSPITAL
    if keyword in ("PatientID", "OtherPatientIDs", "MedicalRecordLocator"):
        return PhiType.MEDICALRECORD
    if _DEVICE.search(keyword):
        return PhiType.DEVICE
    if vr in ("DA", "DT"):
        return PhiType.DATE
    if vr in ("LO", "SH", "CS", "UC") and is_identifier_keyword(keyword):
        return PhiType.IDNUM
    if vr == "UI" and keyword and not is_registry_uid(keyword):
        return PhiType.IDNUM  # an instance UID links records: an "other unique identifying number"
    return None


def _rule(step: Step, elem: DataElement, phi: PhiType | None) -> FieldRule:
    kind, tag = step.kind, int(elem.tag)
    if elem.tag.is_private:
        if kind is Kind.KEEP:
            return FieldRule(Treatment.KEEP, phi, "private: kept by keep_private")
        return FieldRule(Treatment.UNKNOWN_REMOVED, phi, "private attribute")
    if kind is Kind.KEEP:
        return FieldRule(Treatment.KEEP, phi, "Annex E: K (or unlisted)")
    if kind is Kind.REMOVE:
        return FieldRule(Treatment.REMOVE, phi, "Annex E: X")
    if kind is Kind.EMPTY:
        if tag == 0x00100010:
            return FieldRule(Treatment.REPLACE, PhiType.PATIENT, "Annex E: Z (a surrogate name)")
        return FieldRule(Treatment.REMOVE, phi, "Annex E: Z (emptied)")
    if kind is Kind.DUMMY:
        if phi is not None and (elem.VR == "PN" or is_identifier_keyword(elem.keyword)):
            return FieldRule(Treatment.REPLACE, phi, "Annex E: D")
        return FieldRule(Treatment.DUMMY, phi, "Annex E: D")
    if kind is Kind.UID:
        return FieldRule(Treatment.TOKEN, phi, "Annex E: U (keyed UID)")
    if kind is Kind.CLEAN:
        return FieldRule(Treatment.SCAN, phi, "Annex E: C (clean descriptors)")
    if kind is Kind.DATE:
        return FieldRule(Treatment.REPLACE, PhiType.DATE, "Annex E: C (modified dates)")
    return FieldRule(Treatment.KEEP, phi, "sequence")


def _values(elem: DataElement) -> list[str]:
    value = elem.value
    if value is None or isinstance(value, bytes | bytearray):
        return []
    if isinstance(value, MultiValue | list | tuple):
        return [str(v) for v in value if not isinstance(v, bytes | bytearray)]
    return [str(value)]


class _Reader:
    def __init__(self, options: DicomOptions) -> None:
        self.planner = Planner(load_table(), options)
        self.leaves: Record = []

    def walk(self, ds: Dataset, prefix: str, inherited: FieldRule | None, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormatError(f"sequences nest deeper than {MAX_DEPTH} levels")
        for tag in list(ds.keys()):
            try:
                elem = ds[tag]
            except Exception as exc:  # pydicom's messages may quote the value
                where = tag_text(int(tag))
                raise FormatError(f"cannot read attribute {where} ({exc.__class__.__name__})") from None
            if elem.tag.is_private and 0x0010 <= elem.tag.element <= 0x00FF:
                continue  # private creators: they stay exactly as long as their block does
            keyword = elem.keyword or ""
            path = prefix + tag_text(int(elem.tag))
            phi = meaning(keyword, elem.VR)
            if inherited is not None:
                rule = FieldRule(inherited.treatment, phi, inherited.rule)
            else:
                rule = _rule(self.planner.step(ds, elem), elem, phi)
            if elem.VR == "SQ":
                recurse = inherited is None and self.planner.step(ds, elem).kind is Kind.RECURSE
                for item in elem.value or ():
                    self.walk(item, path + "[].", None if recurse else rule, depth + 1)
                continue
            if elem.VR in BULK_VRS:
                continue
            name = f"{path} {keyword}" if keyword else path
            for value in _values(elem):
                if value.strip():
                    self.leaves.append(Leaf(name, value.strip(), rule))


def records(data: bytes, options: DicomOptions | None = None) -> list[Record]:
    """The one record of a DICOM file (headers only); ``FormatError`` if pydicom cannot read it."""
    # pydicom's value validation warns with the offending value quoted: PHI in a log line
    pydicom_config.settings.reading_validation_mode = pydicom_config.IGNORE
    part10 = data[128:132] == b"DICM"
    try:
        ds = pydicom.dcmread(BytesIO(data), force=not part10, stop_before_pixels=True)
    except Exception as exc:  # pydicom's messages may quote values
        raise FormatError(f"not a readable DICOM file ({exc.__class__.__name__})") from None
    reader = _Reader(options or DicomOptions())
    reader.walk(ds, "", None, 0)
    return [reader.leaves]
