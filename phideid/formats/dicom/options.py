"""The DICOM handler's options (``format_options.dicom`` in the engine config), validated.

Defaults suit a HIPAA-minded hospital sharing images for research:

- ``retain_longitudinal_modified_dates: true``: dates are shifted by the patient's secret offset under
  a shifting policy (pseudonymize), or reduced to the year under Safe Harbor; never kept as they were.
- ``retain_patient_characteristics: true``: sex, age (90 and over grouped as 090Y), size, weight,
  smoking and pregnancy status are not HIPAA identifiers and matter to most analyses.
- ``clean_descriptors: true``: study/series descriptions and comments go through the detectors
  instead of being dropped whole.
- ``retain_device_identity: false``: device serial numbers are a HIPAA identifier (M).
- ``retain_institution_identity: false``: an institution narrows the patient's location.
- ``retain_uids: false``: UIDs are remapped with the keyed ``2.25`` mapping (links still hold).
- ``keep_private: []``: every private attribute is removed unless a rule keeps it.
- ``allow_burned_in: false``: an image that may carry burned-in text is refused (see ``errors``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from phideid.errors import ConfigError

#: handler option -> the Annex E option column it switches on
PROFILE_OPTIONS = {
    "retain_longitudinal_modified_dates": "rtnLongModifDates",
    "retain_patient_characteristics": "rtnPatChars",
    "clean_descriptors": "cleanDesc",
    "retain_device_identity": "rtnDevId",
    "retain_institution_identity": "rtnInstId",
    "retain_uids": "rtnUIDs",
}
DEFAULTS = {
    "retain_longitudinal_modified_dates": True,
    "retain_patient_characteristics": True,
    "clean_descriptors": True,
    "retain_device_identity": False,
    "retain_institution_identity": False,
    "retain_uids": False,
    "allow_burned_in": False,
}

_PRIVATE_TAG = re.compile(r"\(([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\)")


@dataclass(frozen=True, slots=True)
class PrivateRule:
    """Keep the private element at ``(group, xx<element>)`` of the block reserved by ``creator``.

    ``creator`` None matches any private creator; naming one is safer (blocks move between files).
    """

    group: int
    element: int  # the low byte: the element's offset within its block
    creator: str | None = None

    def matches(self, group: int, element: int, creator: str | None) -> bool:
        if group != self.group or element != self.element:
            return False
        return self.creator is None or (creator or "").strip() == self.creator


def parse_private_rule(rule: object) -> PrivateRule:
    """``"(0009,xx10)"`` or ``{"tag": "(0009,xx10)", "creator": "ACME 1.0"}``."""
    if isinstance(rule, str):
        tag, creator = rule, None
    elif isinstance(rule, Mapping) and set(rule) <= {"tag", "creator"} and "tag" in rule:
        tag, creator = rule["tag"], rule.get("creator")
        if creator is not None and (not isinstance(creator, str) or not creator.strip()):
            raise ConfigError("dicom keep_private: a rule's creator must be a non-empty string")
    else:
        raise ConfigError('dicom keep_private: a rule is "(gggg,xxee)" or {tag: "(gggg,xxee)", creator: ...}')
    m = _PRIVATE_TAG.fullmatch(str(tag).strip())
    if not m:
        raise ConfigError(f'dicom keep_private: {str(tag)[:20]!r} is not of the form "(gggg,xxee)"')
    group = int(m.group(1), 16)
    if group % 2 == 0 or group < 0x0009:
        raise ConfigError(f"dicom keep_private: group {m.group(1)} is not a private group")
    element = int(m.group(2), 16)
    if element < 0x10:
        raise ConfigError("dicom keep_private: the element byte must be 10..FF (00..0F are not data)")
    return PrivateRule(group, element, creator.strip() if creator else None)


@dataclass(frozen=True)
class DicomOptions:
    retain_longitudinal_modified_dates: bool = True
    retain_patient_characteristics: bool = True
    clean_descriptors: bool = True
    retain_device_identity: bool = False
    retain_institution_identity: bool = False
    retain_uids: bool = False
    allow_burned_in: bool = False
    keep_private: tuple[PrivateRule, ...] = field(default=())

    @classmethod
    def from_mapping(cls, options: Mapping[str, object] | None) -> DicomOptions:
        options = dict(options or {})
        unknown = sorted(set(options) - set(DEFAULTS) - {"keep_private"})
        if unknown:
            known = ", ".join(sorted([*DEFAULTS, "keep_private"]))
            raise ConfigError(f"format dicom: unknown options {', '.join(unknown)}; known: {known}")
        values: dict[str, object] = {}
        for name in DEFAULTS:
            if name in options:
                if not isinstance(options[name], bool):
                    raise ConfigError(f"format dicom: option {name} must be true or false")
                values[name] = options[name]
        rules = options.get("keep_private", [])
        if not isinstance(rules, list | tuple):
            raise ConfigError("format dicom: keep_private must be a list of rules")
        values["keep_private"] = tuple(parse_private_rule(r) for r in rules)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def profile_options(self) -> frozenset[str]:
        """The Annex E option columns in force."""
        return frozenset(col for name, col in PROFILE_OPTIONS.items() if getattr(self, name))
