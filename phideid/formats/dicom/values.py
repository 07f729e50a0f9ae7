"""Replacement values by VR: dummies (``D``), names, identifiers, dates, ages and UIDs.

Everything the policy decides goes through ``FieldContext`` (so the report counts it and, under a
reidentifiable policy, the vault remembers it); this module only fits results to the VR's syntax. A
result that does not fit is never written: the caller falls back to the basic profile action.
"""

from __future__ import annotations

import re
from datetime import date

from phideid.formats.base import FieldContext
from phideid.policy import Action
from phideid.types import PhiType

#: maximum length of one value per VR (PS3.5 Table 6.2-1); PN is per component group
MAX_LEN = {
    "AE": 16, "AS": 4, "CS": 16, "DA": 8, "DS": 16, "DT": 26, "IS": 12, "LO": 64, "LT": 10240, "PN": 64,
    "SH": 16, "ST": 1024, "TM": 14, "UI": 64,
}
#: dummy values (``D``) for VRs whose value is not replaced by meaning; not derived from the input
DUMMY_TEXT = "ANONYMIZED"
DUMMY = {
    "DA": "19000101", "DT": "19000101000000", "TM": "000000", "AS": "000Y", "IS": "0", "DS": "0",
}
BINARY_NUMBER_VRS = frozenset({"US", "SS", "UL", "SL", "FL", "FD", "SV", "UV"})
STANDARD_UID_ROOT = "1.2.840.10008."
#: values of a multi-valued string are separated by a backslash; a PN's parts by ``^`` and ``=``
_PN_UNSAFE = re.compile(r"[\\^=\r\n\t]")
_ID_KEYWORD = re.compile(r"(?:ID|IDs|Number|Numbers)$")


def fit(text: str, vr: str) -> str:
    """``text`` as one valid value of ``vr``: no value separator, no control characters, not too long."""
    text = text.replace("\\", "/")
    if vr not in ("LT", "ST", "UT"):
        text = re.sub(r"[\r\n\t\f]", " ", text)
    limit = MAX_LEN.get(vr)
    return text[:limit] if limit else text


def dummy(vr: str) -> object:
    """A value of ``vr`` that says nothing (for ``D`` where no meaning-based replacement applies)."""
    if vr in DUMMY:
        return DUMMY[vr]
    if vr in BINARY_NUMBER_VRS:
        return 0
    if vr in ("AE", "CS", "LO", "SH", "ST", "LT", "UT", "UC"):
        return DUMMY_TEXT
    return None  # OB, OW, UN, UR, AT...: zero length


def person_name(value: str, phi_type: PhiType, fields: FieldContext) -> str:
    """A name surrogate in PN form: family^given^middle replaced one by one, prefix and suffix dropped.

    Only the alphabetic group is kept: ideographic and phonetic groups would spell the same name.
    """
    alphabetic = str(value).split("=", 1)[0]
    parts = alphabetic.split("^")[:3]
    new = [_PN_UNSAFE.sub(" ", fields.replace(p, phi_type)).strip() if p.strip() else "" for p in parts]
    return "^".join(new).rstrip("^")[: MAX_LEN["PN"]]


def identifier(value: str, vr: str, phi_type: PhiType, fields: FieldContext) -> str:
    """A keyed identifier token of the value's shape (as the policy makes it), fitted to the VR."""
    return fit(fields.replace(value, phi_type), vr)


def is_identifier_keyword(keyword: str) -> bool:
    return bool(_ID_KEYWORD.search(keyword))


def uid(value: str, fields: FieldContext) -> str:
    """The keyed ``2.25`` UID for ``value``; UIDs the standard registers (classes, syntaxes) are kept."""
    value = value.strip().rstrip("\x00")
    if not value or value.startswith(STANDARD_UID_ROOT):
        return value
    return fields.uid(value)


def _valid_date(text: str) -> bool:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return True


def _date8(value: str, fields: FieldContext) -> str | None:
    """An 8-digit date replaced as the policy says: shifted stays 8 digits; a year becomes its Jan 1."""
    new = fields.replace(value, PhiType.DATE).strip()
    if re.fullmatch(r"\d{8}", new) and _valid_date(new):
        return new
    if re.fullmatch(r"\d{4}", new):
        return new + "0101"  # Safe Harbor keeps the year; DA must stay a full date
    return None  # a tag such as [DATE] or a grouped old year: the caller applies the basic action


def date_value(value: str, vr: str, fields: FieldContext) -> str | None:
    """A DA, DT or TM value under the modified dates option, or None where the caller must fall back.

    DA: shifted by the patient's offset (pseudonymize) or the year's Jan 1 (Safe Harbor: a date reduced
    to its year). DT: the date part alike; the time and UTC offset kept when shifted, dropped when
    generalized (a DT may be just a year). TM: kept when dates are shifted or kept (a time of day says
    nothing without its date), else None.
    """
    value = value.strip()
    if not value:
        return value
    action = fields.action(PhiType.DATE)
    if vr == "TM":
        return value if action in (Action.SURROGATE, Action.KEEP) else None
    if vr == "DA":
        return _date8(value, fields) if re.fullmatch(r"\d{8}", value) else None
    m = re.fullmatch(r"(\d{8})(\d{2,6}(?:\.\d{1,6})?)?([+-]\d{4})?", value)
    if not m:
        return None
    day = _date8(m.group(1), fields)
    if day is None:
        return None
    if action is Action.SURROGATE or action is Action.KEEP:
        return day + (m.group(2) or "") + (m.group(3) or "")
    return day[:4]


def age_value(value: str, fields: FieldContext) -> str:
    """An AS kept under Retain Patient Characteristics: ages of 90 years and over grouped as ``090Y``."""
    m = re.fullmatch(r"(\d{3})([DWMY])", value.strip())
    if not m:
        return ""  # not an age string: nothing is passed on that could not be checked
    years = int(m.group(1)) if m.group(2) == "Y" else 0
    if years < 90 or fields.action(PhiType.AGE) is Action.KEEP:
        return value.strip()
    new = fields.replace(str(years), PhiType.AGE)
    return f"{int(new):03d}Y" if new.isdigit() and int(new) < 90 else "090Y"
