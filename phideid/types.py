"""PHI types and spans: the vocabulary every other part of phideid speaks.

``PhiType`` refines the 18 HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)(i)) where clinical text
needs it: patient, clinician and relative names, hospitals and organisations, professions, ages over 89.
Each type maps to exactly one HIPAA identifier (or to none, for the i2b2 categories HIPAA does not
require removing, such as STATE and PROFESSION) and to one i2b2 2014 category, since most published
de-identification results are reported in i2b2 terms.

A ``Span`` points into one text by character offsets, end-exclusive. It never holds the PHI itself, so
spans can be returned, logged and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HipaaIdentifier(StrEnum):
    """The 18 identifiers of HIPAA Safe Harbor, 164.514(b)(2)(i)(A)-(R)."""

    NAMES = "A.names"
    GEOGRAPHIC = "B.geographic_subdivisions"
    DATES = "C.dates_and_ages_over_89"
    PHONE = "D.telephone_numbers"
    FAX = "E.fax_numbers"
    EMAIL = "F.email_addresses"
    SSN = "G.social_security_numbers"
    MRN = "H.medical_record_numbers"
    HEALTH_PLAN = "I.health_plan_beneficiary_numbers"
    ACCOUNT = "J.account_numbers"
    LICENSE = "K.certificate_license_numbers"
    VEHICLE = "L.vehicle_identifiers"
    DEVICE = "M.device_identifiers"
    URL = "N.urls"
    IP = "O.ip_addresses"
    BIOMETRIC = "P.biometric_identifiers"
    PHOTO = "Q.full_face_photographs"
    OTHER_ID = "R.other_unique_identifiers"


class PhiType(StrEnum):
    """What kind of PHI a span holds. Values are stable: they appear in policies, reports and models."""

    # names
    PATIENT = "PATIENT"
    DOCTOR = "DOCTOR"  # any clinician: physician, nurse, therapist
    RELATIVE = "RELATIVE"  # family member or other contact of the patient
    NAME = "NAME"  # a person whose role is not known
    USERNAME = "USERNAME"
    # occupations (i2b2 PHI, not a HIPAA identifier)
    PROFESSION = "PROFESSION"
    # locations
    HOSPITAL = "HOSPITAL"
    ORGANIZATION = "ORGANIZATION"
    STREET = "STREET"
    CITY = "CITY"
    STATE = "STATE"
    COUNTRY = "COUNTRY"
    ZIP = "ZIP"
    LOCATION = "LOCATION"  # any other place: ward, room named after a place, region
    # time
    DATE = "DATE"  # dates and date-times, any precision below the year
    AGE = "AGE"  # ages over 89 only: younger ages are not PHI
    # contact
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    URL = "URL"
    IPADDR = "IPADDR"
    # identifiers
    SSN = "SSN"
    MEDICALRECORD = "MEDICALRECORD"
    HEALTHPLAN = "HEALTHPLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    BIOID = "BIOID"
    IDNUM = "IDNUM"  # any other unique identifying number or code

    @property
    def hipaa(self) -> HipaaIdentifier | None:
        """The Safe Harbor identifier this type falls under, or None where HIPAA does not require removal."""
        return _HIPAA[self]

    @property
    def i2b2(self) -> tuple[str, str]:
        """The i2b2 2014 (category, subcategory) of this type."""
        return _TO_I2B2[self]

    @classmethod
    def from_i2b2(cls, label: str) -> PhiType:
        """Map an i2b2 2014 subcategory or category (``DOCTOR``, ``MEDICALRECORD``, ``NAME``...) to a type.

        A bare category maps to its most general type (``NAME`` -> ``NAME``, ``ID`` -> ``IDNUM``).
        """
        key = label.strip().upper()
        if key in _FROM_I2B2:
            return _FROM_I2B2[key]
        raise ValueError(f"unknown i2b2 label {label!r}; expected one of {sorted(_FROM_I2B2)}")


_H = HipaaIdentifier
_HIPAA: dict[PhiType, HipaaIdentifier | None] = {
    PhiType.PATIENT: _H.NAMES,
    PhiType.DOCTOR: _H.NAMES,
    PhiType.RELATIVE: _H.NAMES,
    PhiType.NAME: _H.NAMES,
    PhiType.USERNAME: _H.OTHER_ID,
    PhiType.PROFESSION: None,
    PhiType.HOSPITAL: _H.GEOGRAPHIC,
    PhiType.ORGANIZATION: _H.GEOGRAPHIC,
    PhiType.STREET: _H.GEOGRAPHIC,
    PhiType.CITY: _H.GEOGRAPHIC,
    PhiType.STATE: None,
    PhiType.COUNTRY: None,
    PhiType.ZIP: _H.GEOGRAPHIC,
    PhiType.LOCATION: _H.GEOGRAPHIC,
    PhiType.DATE: _H.DATES,
    PhiType.AGE: _H.DATES,
    PhiType.PHONE: _H.PHONE,
    PhiType.FAX: _H.FAX,
    PhiType.EMAIL: _H.EMAIL,
    PhiType.URL: _H.URL,
    PhiType.IPADDR: _H.IP,
    PhiType.SSN: _H.SSN,
    PhiType.MEDICALRECORD: _H.MRN,
    PhiType.HEALTHPLAN: _H.HEALTH_PLAN,
    PhiType.ACCOUNT: _H.ACCOUNT,
    PhiType.LICENSE: _H.LICENSE,
    PhiType.VEHICLE: _H.VEHICLE,
    PhiType.DEVICE: _H.DEVICE,
    PhiType.BIOID: _H.BIOMETRIC,
    PhiType.IDNUM: _H.OTHER_ID,
}

_TO_I2B2: dict[PhiType, tuple[str, str]] = {
    PhiType.PATIENT: ("NAME", "PATIENT"),
    PhiType.DOCTOR: ("NAME", "DOCTOR"),
    PhiType.RELATIVE: ("NAME", "PATIENT"),  # i2b2 files relatives' names under PATIENT
    PhiType.NAME: ("NAME", "PATIENT"),
    PhiType.USERNAME: ("NAME", "USERNAME"),
    PhiType.PROFESSION: ("PROFESSION", "PROFESSION"),
    PhiType.HOSPITAL: ("LOCATION", "HOSPITAL"),
    PhiType.ORGANIZATION: ("LOCATION", "ORGANIZATION"),
    PhiType.STREET: ("LOCATION", "STREET"),
    PhiType.CITY: ("LOCATION", "CITY"),
    PhiType.STATE: ("LOCATION", "STATE"),
    PhiType.COUNTRY: ("LOCATION", "COUNTRY"),
    PhiType.ZIP: ("LOCATION", "ZIP"),
    PhiType.LOCATION: ("LOCATION", "LOCATION-OTHER"),
    PhiType.DATE: ("DATE", "DATE"),
    PhiType.AGE: ("AGE", "AGE"),
    PhiType.PHONE: ("CONTACT", "PHONE"),
    PhiType.FAX: ("CONTACT", "FAX"),
    PhiType.EMAIL: ("CONTACT", "EMAIL"),
    PhiType.URL: ("CONTACT", "URL"),
    PhiType.IPADDR: ("CONTACT", "IPADDR"),
    PhiType.SSN: ("ID", "SSN"),
    PhiType.MEDICALRECORD: ("ID", "MEDICALRECORD"),
    PhiType.HEALTHPLAN: ("ID", "HEALTHPLAN"),
    PhiType.ACCOUNT: ("ID", "ACCOUNT"),
    PhiType.LICENSE: ("ID", "LICENSE"),
    PhiType.VEHICLE: ("ID", "VEHICLE"),
    PhiType.DEVICE: ("ID", "DEVICE"),
    PhiType.BIOID: ("ID", "BIOID"),
    PhiType.IDNUM: ("ID", "IDNUM"),
}

_FROM_I2B2: dict[str, PhiType] = {
    # subcategories
    "PATIENT": PhiType.PATIENT,
    "DOCTOR": PhiType.DOCTOR,
    "USERNAME": PhiType.USERNAME,
    "PROFESSION": PhiType.PROFESSION,
    "HOSPITAL": PhiType.HOSPITAL,
    "ORGANIZATION": PhiType.ORGANIZATION,
    "STREET": PhiType.STREET,
    "CITY": PhiType.CITY,
    "STATE": PhiType.STATE,
    "COUNTRY": PhiType.COUNTRY,
    "ZIP": PhiType.ZIP,
    "LOCATION-OTHER": PhiType.LOCATION,
    "DATE": PhiType.DATE,
    "AGE": PhiType.AGE,
    "PHONE": PhiType.PHONE,
    "FAX": PhiType.FAX,
    "EMAIL": PhiType.EMAIL,
    "URL": PhiType.URL,
    "IPADDR": PhiType.IPADDR,
    "SSN": PhiType.SSN,
    "MEDICALRECORD": PhiType.MEDICALRECORD,
    "HEALTHPLAN": PhiType.HEALTHPLAN,
    "ACCOUNT": PhiType.ACCOUNT,
    "LICENSE": PhiType.LICENSE,
    "VEHICLE": PhiType.VEHICLE,
    "DEVICE": PhiType.DEVICE,
    "BIOID": PhiType.BIOID,
    "IDNUM": PhiType.IDNUM,
    # bare categories
    "NAME": PhiType.NAME,
    "LOCATION": PhiType.LOCATION,
    "CONTACT": PhiType.PHONE,
    "ID": PhiType.IDNUM,
}

#: types that name a person: they share one surrogate table so "Dr. Smith" and "Smith" agree
NAME_TYPES = frozenset({PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME})


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one text that holds PHI: ``text[start:end]`` (end-exclusive).

    ``score`` is the detector's confidence in [0, 1]; ``source`` names the detector or rule that found it
    (``pattern.date``, ``ner``, ``field.PID-5``...). A span never carries the PHI itself.
    """

    start: int
    end: int
    phi_type: PhiType
    score: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span offsets must satisfy 0 <= start < end, got {self.start}..{self.end}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"span score must be in [0, 1], got {self.score}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "type": self.phi_type.value,
            "score": round(self.score, 4),
            "source": self.source,
        }
