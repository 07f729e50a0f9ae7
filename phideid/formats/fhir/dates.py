"""FHIR date, dateTime and instant values: recognised by their regular expressions, written back valid.

The policy's DATE transform does the work (a shift that keeps precision and time zone, or the year under
Safe Harbor). What it returns must still be a valid value of the element's type: a year is a valid date
and dateTime but not an instant, so an instant generalized to its year is written as the first instant of
that year (``2009-01-01T00:00:00Z``, which says no more than the year). A value the transform could not
keep valid (a tag such as ``[DATE]``, or the "90 or older" label) means the element is removed.
"""

from __future__ import annotations

import re

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[1-2][0-9]|3[0-1])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"

#: the regular expressions of FHIR R4's primitive types (a date is also a valid dateTime)
DATE = re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY})?)?")
DATE_TIME = re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY}(T{_TIME}{_ZONE})?)?)?")
INSTANT = re.compile(rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}")
#: a string taken for a date where no rule says so: a full day at least, so that codes such as "2009"
#: or "1990-12" in a code system are never shifted
FULL_DATE = re.compile(rf"{_YEAR}-{_MONTH}-{_DAY}(T{_TIME}{_ZONE})?")


def looks_like_date(value: str) -> bool:
    return FULL_DATE.fullmatch(value) is not None


def valid_output(new: str, *, instant: bool) -> str | None:
    """``new`` as a valid value of the element's type, or None when it cannot be one."""
    if instant:
        if INSTANT.fullmatch(new):
            return new
        if re.fullmatch(_YEAR, new):
            return f"{new}-01-01T00:00:00Z"
        return None
    return new if DATE_TIME.fullmatch(new) else None
