"""The ``dicom`` format handler: DICOM headers under the PS3.15 Annex E Basic Profile and its options.

``parse`` reads a Part 10 file (or a raw dataset), refuses an image that may carry burned-in text, and
collects the descriptors that Clean Descriptors sends through the detectors. ``render`` applies the
profile to a copy of the dataset (every sequence included), stamps the de-identification attributes and
writes it back in its transfer syntax, with a fresh file meta (MediaStorageSOPInstanceUID = the new
SOPInstanceUID) and a zeroed preamble (a preamble may hold a TIFF header with the patient's data).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO

import pydicom
from pydicom import config as pydicom_config
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import (
    PYDICOM_IMPLEMENTATION_UID,
    UID,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

from phideid.errors import DeidentificationError, FormatError
from phideid.formats.base import FieldContext, formats, patient_key, texts_ok
from phideid.formats.dicom.actions import Kind, Step
from phideid.formats.dicom.errors import BurnedInAnnotationError
from phideid.formats.dicom.method import stamp
from phideid.formats.dicom.options import DicomOptions
from phideid.formats.dicom.profile import ProfileTable, load_table
from phideid.formats.dicom.values import (
    age_value,
    date_value,
    dummy,
    fit,
    identifier,
    is_identifier_keyword,
    person_name,
    uid,
)
from phideid.formats.dicom.walk import Planner, walk
from phideid.policy import Action
from phideid.types import PhiType

MEDIA_TYPE = "application/dicom"
PIXEL_TAGS = (0x7FE00010, 0x7FE00008, 0x7FE00009)  # PixelData, FloatPixelData, DoubleFloatPixelData
STRING_VRS = frozenset({
    "AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT",
})
#: a raw dataset (no preamble) starts with the file meta group or the identifying group 0008
_START_GROUPS = (0x0002, 0x0008)
#: elements a raw dataset of those groups starts with: group length, file meta version, character set,
#: image type, instance creation date/time, SOP class UID
_FIRST_ELEMENTS = frozenset({0x0000, 0x0001, 0x0005, 0x0008, 0x0012, 0x0013, 0x0016})
_VRS = frozenset(
    b"AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV"
    .split()
)
#: burned-in text is flagged in the report's ``removed`` counts until the report has flags of its own
BURNED_IN_FLAG = "burned_in_annotation_unchecked"


def _quiet_pydicom() -> None:
    """pydicom's value validation warns and logs with the offending value quoted: PHI in a log line."""
    pydicom_config.settings.reading_validation_mode = pydicom_config.IGNORE
    pydicom_config.settings.writing_validation_mode = pydicom_config.IGNORE


def _values(elem: DataElement) -> list[str]:
    value = elem.value
    if value is None:
        return []
    if isinstance(value, MultiValue | list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _set(elem: DataElement, values: list[str]) -> None:
    elem.value = values[0] if len(values) == 1 else values


def _empty(elem: DataElement) -> None:
    if elem.VR == "SQ":
        elem.value = DicomSequence([])
    else:
        elem.value = "" if elem.VR in STRING_VRS else None


@dataclass
class DicomPayload:
    """A parsed DICOM file waiting for its descriptors to come back cleaned."""

    dataset: Dataset
    texts: list[str]
    patient_id: str | None
    options: DicomOptions
    table: ProfileTable
    transfer_syntax: UID
    burned_in_unchecked: bool = False
    _planner: Planner = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._planner = Planner(self.table, self.options)

    def render(self, fields: FieldContext, texts: Sequence[str]) -> bytes:
        texts_ok(texts, len(self.texts), "dicom")
        ds = copy.deepcopy(self.dataset)  # render never changes the parsed dataset
        apply = _Apply(fields, iter(texts))
        walk(ds, self._planner, apply, prune=True)
        if next(apply.texts, None) is not None:
            raise DeidentificationError("dicom: the descriptors changed between parse and render")
        if self.burned_in_unchecked:
            ds.BurnedInAnnotation = "YES"  # tell the receiver nobody checked the pixels
            fields.flag(BURNED_IN_FLAG)
        columns = self.options.profile_options
        if "rtnLongModifDates" not in columns:
            temporal = "REMOVED"
        else:
            temporal = "UNMODIFIED" if fields.action(PhiType.DATE) is Action.KEEP else "MODIFIED"
        stamp(ds, columns, fields.policy.name, self.table.edition, temporal)
        return _write(ds, self.transfer_syntax)


class _Apply:
    """The render visitor: applies each element's step through the policy's ``FieldContext``."""

    def __init__(self, fields: FieldContext, texts: Iterator[str]) -> None:
        self.fields = fields
        self.texts = texts

    def __call__(self, ds: Dataset, elem: DataElement, step: Step) -> None:
        kind = step.kind
        if kind is Kind.DATE:
            new = [date_value(v, elem.VR, self.fields) for v in _values(elem)]
            if all(v is not None for v in new):
                _set(elem, [v for v in new if v is not None])
                return
            kind = step.fallback or Kind.REMOVE
        if kind is Kind.KEEP:
            if elem.VR == "AS":
                _set(elem, [age_value(v, self.fields) for v in _values(elem)])
        elif kind is Kind.REMOVE:
            del ds[elem.tag]
            self.fields.remove(_removed_kind(int(elem.tag)))
        elif kind is Kind.EMPTY:
            if int(elem.tag) == 0x00100010:  # the patient's name reads as the patient's surrogate
                self._dummy(elem)
            else:
                _empty(elem)
        elif kind is Kind.DUMMY:
            self._dummy(elem)
        elif kind is Kind.UID:
            _set(elem, [uid(v, self.fields) for v in _values(elem)])
        elif kind is Kind.CLEAN:
            count = max(len(_values(elem)), 1)
            _set(elem, [fit(next(self.texts), elem.VR) for _ in range(count)])

    def _dummy(self, elem: DataElement) -> None:
        vr, values = elem.VR, _values(elem)
        if not any(v.strip() for v in values):
            return  # an empty value says nothing; D asks for a value only where there was one
        if vr == "PN":
            phi = _name_type(int(elem.tag))
            _set(elem, [person_name(v, phi, self.fields) for v in values])
        elif vr in ("LO", "SH", "CS", "UC") and is_identifier_keyword(elem.keyword):
            phi = PhiType.MEDICALRECORD if int(elem.tag) == 0x00100020 else PhiType.IDNUM
            _set(elem, [identifier(v, vr, phi, self.fields) for v in values])
        elif vr == "SQ":
            return  # resolved to RECURSE before this point
        else:
            new = dummy(vr)
            if new is None:
                _empty(elem)
            else:
                elem.value = new


def _name_type(tag: int) -> PhiType:
    if tag >> 16 == 0x0010:
        return PhiType.PATIENT
    if tag in (0x0040A123, 0x0072006A):  # Person Name, Selector PN Value: anyone
        return PhiType.NAME
    return PhiType.DOCTOR  # physicians, operators, observers, reviewers


def _removed_kind(tag: int) -> str:
    group = tag >> 16
    if group % 2:
        return "dicom_private_attribute"
    if 0x6000 <= group <= 0x60FF:
        return "dicom_overlay"
    if 0x5000 <= group <= 0x50FF:
        return "dicom_curve"
    if tag in (0xFFFAFFFA, 0x04000561, 0x4FFE0001, 0x04000402):
        return "dicom_signature"
    return "dicom_attribute"


class _Collect:
    """The parse visitor: reads every value (pydicom converts lazily) and collects descriptor texts."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, ds: Dataset, elem: DataElement, step: Step) -> None:
        if step.kind is Kind.CLEAN:
            self.texts.extend(_values(elem) or [""])


def _transfer_syntax(ds: Dataset) -> UID:
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return UID(str(meta.TransferSyntaxUID))
    implicit, little = getattr(ds, "original_encoding", (True, True))
    if implicit:
        return ImplicitVRLittleEndian
    return ExplicitVRLittleEndian if little else ExplicitVRBigEndian


def _write(ds: Dataset, transfer_syntax: UID) -> bytes:
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = transfer_syntax
    part10 = "SOPClassUID" in ds and "SOPInstanceUID" in ds
    if part10:
        meta.MediaStorageSOPClassUID = ds.SOPClassUID
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.file_meta = meta
    ds.preamble = b"\x00" * 128
    out = BytesIO()
    pydicom.dcmwrite(out, ds, enforce_file_format=part10)
    return out.getvalue()


@formats.register("dicom")
class DicomHandler:
    """DICOM Part 10 files and raw datasets (``application/dicom``); options in ``options``."""

    name = "dicom"
    media_type = MEDIA_TYPE

    def __init__(self, options: Mapping[str, object] | None = None) -> None:
        self.options = DicomOptions.from_mapping(options)
        self.table = load_table()
        self._planner = Planner(self.table, self.options)
        _quiet_pydicom()

    def sniff(self, data: bytes) -> bool:
        if data[128:132] == b"DICM" or data[:4] == b"DICM":
            return True
        return _raw_start(data)

    def parse(self, data: bytes) -> DicomPayload:
        part10 = data[128:132] == b"DICM"
        if not part10 and not _raw_start(data):
            raise FormatError("not DICOM: no DICM marker at offset 128, no dataset start (group 0002/0008)")
        try:
            ds = pydicom.dcmread(BytesIO(data), force=not part10)
        except Exception as exc:  # pydicom's messages may quote values
            raise FormatError(f"not a readable DICOM file ({exc.__class__.__name__})") from None
        if len(ds) == 0:
            raise FormatError("the DICOM file holds no data elements")
        collect = _Collect()
        walk(ds, self._planner, collect, prune=False)
        burned_in = _may_have_burned_in_text(ds)
        if burned_in and not self.options.allow_burned_in:
            raise BurnedInAnnotationError(
                "dicom: the image's BurnedInAnnotation (0028,0301) is YES or missing, so its pixels may show "
                "identifying text; check them and set the dicom option allow_burned_in to pass it on"
            )
        try:
            patient = patient_key(_text(ds, 0x00100020), _text(ds, 0x00100021))
        except Exception as exc:
            raise FormatError(f"cannot read PatientID (0010,0020) ({exc.__class__.__name__})") from None
        return DicomPayload(
            ds, collect.texts, patient, self.options, self.table, _transfer_syntax(ds), burned_in
        )


def _text(ds: Dataset, tag: int) -> str | None:
    if tag not in ds or ds[tag].value is None:
        return None
    return str(ds[tag].value)


def _may_have_burned_in_text(ds: Dataset) -> bool:
    if not any(tag in ds for tag in PIXEL_TAGS):
        return False
    value = ds.get("BurnedInAnnotation")
    return str(value or "").strip().upper() != "NO"


def _raw_start(data: bytes) -> bool:
    """A dataset without preamble: first tag in group 0002 or 0008, with an explicit VR, or implicit with
    an element a dataset starts with and an even length that fits (any binary starting with 08 00 is not
    DICOM)."""
    if len(data) < 8:
        return False
    if int.from_bytes(data[0:2], "little") in _START_GROUPS:
        if data[4:6] in _VRS:
            return True
        length = int.from_bytes(data[4:8], "little")
        return (int.from_bytes(data[2:4], "little") in _FIRST_ELEMENTS and length % 2 == 0
                and length <= min(1024, len(data) - 8))
    return int.from_bytes(data[0:2], "big") in _START_GROUPS and data[4:6] in _VRS
