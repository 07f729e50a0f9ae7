"""Which PHI types a field holds, by four kinds of evidence (the report names which one said so):

``rule``     the engine's structured rule for the format says what the field means (``PID-5``: XPN
             PATIENT; ``Patient.telecom.value``: PHONE; ``(0010,0030)``: a date);
``content``  the engine's detectors (pattern recognizers, and the NER model unless ``--no-model``) find
             PHI in the field's values;
``name``     a CSV/JSONL column's name says it (``dob``, ``mrn``, ``ssn``, ``zip``, ``phone``...);
``repeats``  the value repeats, as a whole word, a value of an identifying field of the same record (a
             note naming the patient of PID-5): what the HL7 v2 and FHIR handlers sweep for.

Only types that fall under a HIPAA Safe Harbor identifier make a field hold PHI (``PhiType.hipaa``): a
state, a country or a profession does not; an age only when it is over 89.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phideid.catalog.fields import Record
from phideid.detect.base import Detector
from phideid.detect.merge import merge_spans
from phideid.types import NAME_TYPES, PhiType

RULE, CONTENT, NAME, REPEATS = "rule", "content", "name", "repeats"

#: column-name hints (CSV/JSONL): a regular expression over the normalised last key, and the type
COLUMN_HINTS: tuple[tuple[re.Pattern[str], PhiType], ...] = tuple(
    (re.compile(pattern), phi) for pattern, phi in (
        (r"(^|_)(dob|birth_?date|date_of_birth|birthday|dod|death_?date)($|_)", PhiType.DATE),
        (r"(^|_)(ssn|social_security(_number)?)($|_)", PhiType.SSN),
        (r"(^|_)(mrn|medical_record(_number)?|record_number|chart_number)($|_)", PhiType.MEDICALRECORD),
        (r"(^|_)(zip|zip_?code|postal_?code|postcode)($|_)", PhiType.ZIP),
        (r"(^|_)(fax)($|_)", PhiType.FAX),
        (r"(^|_)(phone|telephone|tel|mobile|cell|pager)($|_)", PhiType.PHONE),
        (r"(^|_)(e_?mail)($|_)", PhiType.EMAIL),
        (r"(^|_)(url|website|homepage)($|_)", PhiType.URL),
        (r"(^|_)(ip|ip_?address)($|_)", PhiType.IPADDR),
        (r"(^|_)(address|street|addr|address_line)(_?\d)?($|_)", PhiType.STREET),
        (r"(^|_)(city|town)($|_)", PhiType.CITY),
        (r"(^|_)(account|acct)(_?(no|num|number|id))?($|_)", PhiType.ACCOUNT),
        (r"(^|_)(insurance|member|policy|health_?plan|subscriber)_?(id|no|num|number)($|_)",
         PhiType.HEALTHPLAN),
        (r"(^|_)(licen[cs]e|dl|drivers?_licen[cs]e)(_?(no|num|number))?($|_)", PhiType.LICENSE),
        (r"(^|_)(vin|license_plate|plate)($|_)", PhiType.VEHICLE),
        (r"(^|_)(device_id|serial|serial_?number|udi)($|_)", PhiType.DEVICE),
        (r"(^|_)(username|user_?name|login)($|_)", PhiType.USERNAME),
        (r"(^|_)(patient_?id|pid|subject_?id|person_?id|member_id)($|_)", PhiType.IDNUM),
        (r"(^|_)(name|first_?name|last_?name|given_?name|family_?name|surname|full_?name|patient_?name|"
         r"middle_?name|maiden_?name)($|_)", PhiType.NAME),
        (r"(^|_)(date|.*_date|.*_dt|admitted|discharged|admit|discharge)($|_)", PhiType.DATE),
        (r"(^|_)(age)($|_)", PhiType.AGE),
    )
)  # fmt: skip

_SKIP_REPEATS = frozenset({PhiType.STATE, PhiType.COUNTRY, PhiType.DATE, PhiType.AGE, PhiType.PROFESSION})
_WORD = re.compile(r"[^\W_]+")  # a name word, digits included (Synthea writes "Okuneva707")
#: name words that are titles, not names (a name's text "Mrs. Ann Lee" must not make "Mrs." a repeat)
_TITLES = frozenset({"mrs", "miss", "prof", "rev", "sir", "dame", "the", "and", "von", "van", "der"})
MIN_VALUE_LENGTH = 4  # identifiers shorter than this are not searched for (too many chance hits)


def is_phi(phi: PhiType) -> bool:
    return phi.hipaa is not None


def hint(path: str) -> PhiType | None:
    """The type a CSV/JSONL column's name suggests, or None."""
    last = path.rsplit(".", 1)[-1]
    key = re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z])([A-Z])", r"\1_\2", last).lower()).strip("_")
    for pattern, phi in COLUMN_HINTS:
        if pattern.search(key):
            return phi
    return None


def over_89(value: str) -> bool:
    """An age value over 89 (``93``, ``093Y``, ``93 years``): the only ages that are PHI."""
    m = re.match(r"\s*0*(\d{1,3})(\s*(y|yr|yrs|years?|Y))?\s*$", value)
    return m is not None and int(m.group(1)) > 89


class Repeats:
    """The identifying values of one record, searched for as whole words in its other values."""

    def __init__(self, known: dict[str, PhiType]) -> None:
        self.known = known
        body = "|".join(re.escape(v) for v in sorted(known, key=len, reverse=True))
        self.pattern = (
            re.compile(rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE) if known else None
        )

    @classmethod
    def of(cls, record: Record, identifying: dict[int, PhiType]) -> Repeats:
        """``identifying``: leaf index -> the type that leaf holds by rule or column name."""
        known: dict[str, PhiType] = {}
        for index, phi in identifying.items():
            if phi in _SKIP_REPEATS or not is_phi(phi):
                continue
            value = record[index].value.strip()
            if phi in NAME_TYPES:
                for word in _WORD.findall(value):
                    if sum(c.isalpha() for c in word) >= 3 and word.lower() not in _TITLES:
                        known.setdefault(word.lower(), phi)
            elif len(value) >= MIN_VALUE_LENGTH and sum(c.isalnum() for c in value) >= 3:
                known.setdefault(value.lower(), phi)
        return cls(known)

    def find(self, value: str) -> set[PhiType]:
        if self.pattern is None:
            return set()
        return {self.known[m.group(0).lower()] for m in self.pattern.finditer(value)}


class ContentDetector:
    """The engine's detectors run over many values at once; each value's PHI types after merging."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors = tuple(detectors)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(getattr(d, "name", type(d).__name__) for d in self.detectors)

    def types(self, texts: Sequence[str], free_text: Sequence[bool] | None = None) -> list[set[PhiType]]:
        """Each text's PHI types. The NER model reads only the texts marked ``free_text`` (it is trained
        on notes: on short codes and structured values it mostly guesses); patterns read every text."""
        if not texts or not self.detectors:
            return [set() for _ in texts]
        free = list(free_text) if free_text is not None else [True] * len(texts)
        found: list[list] = [[] for _ in texts]
        for detector in self.detectors:
            index = [i for i in range(len(texts)) if free[i] or getattr(detector, "name", "") != "ner"]
            if not index:
                continue
            for i, spans in zip(index, detector.detect([texts[i] for i in index]), strict=True):
                found[i].extend(spans)
        out = []
        for text, spans in zip(texts, found, strict=True):
            types = set()
            for span in merge_spans(text, spans):
                types.add(span.phi_type)
            out.append(types)
        return out
