"""A note dense with known structured PHI, and the check that none of it survived.

Its values are chosen so that no surrogate can reproduce one by chance: names outside the surrogate
name lists, and numeric dates more than a year apart (a patient's date shift is at most 364 days, so a
shifted date never lands on another canary date).
"""

from __future__ import annotations

import re

CANARY_NOTE = """\
Patient: Mrs. Eleanor Whitfield, 93 yo F, MRN: 4829130, DOB 04/12/1931.
Admitted 3/14/2022 and discharged 03/19/2024 by Dr. Okonkwo; PCP Ignatius Quarrington, MD.
Home: 41 Beacon Street, Boston, MA 02108. Phone (617) 555-0142 ext. 22; fax 617-555-0199.
Email eleanor.whitfield@example.org; portal https://portal.examplehospital.org/u/ewhitfield
SSN 321-54-9876. Acct #: 7734120058. Member ID: XJH448812903. Pump serial number SN4471902.
Last login from 10.20.30.40. Vehicle VIN 1HGCM82633A004352.
A&P: CHF, Parkinson disease; BUN 42, Cr 1.8, K 5.1, INR 1.2. Foley placed. Gram stain negative.
Follow-up with Dr. Okonkwo on March 28th, 2026.
"""

#: every identifier of the note; the age is checked in its clinical form
CANARY_STRINGS = [
    "Eleanor", "Whitfield", "Okonkwo", "Ignatius", "Quarrington", "4829130", "04/12/1931", "3/14/2022",
    "03/19/2024", "41 Beacon Street", "Beacon", "02108", "(617) 555-0142", "617-555-0199",
    "eleanor.whitfield@example.org", "portal.examplehospital.org", "321-54-9876", "7734120058",
    "XJH448812903", "SN4471902", "10.20.30.40", "1HGCM82633A004352", "93 yo", "March 28th",
]

#: clinical content that must survive every policy
CLINICAL_STRINGS = ["CHF", "Parkinson disease", "BUN 42", "Cr 1.8", "K 5.1", "INR 1.2", "Foley", "Gram stain"]

_NUMBERISH = re.compile(r"\d[\d\s().\-/]*\d")


def _digit_groups(text: str) -> list[str]:
    return [re.sub(r"\D", "", m.group()) for m in _NUMBERISH.finditer(text)]


def leaked(output: str, strings=CANARY_STRINGS) -> list[str]:
    """The canary strings still present: case-insensitive, and digits compared without separators."""
    found = []
    lowered = output.lower()
    groups = _digit_groups(output)
    for s in strings:
        if s.lower() in lowered:
            found.append(s)
            continue
        digits = re.sub(r"\D", "", s)
        if len(digits) >= 5 and any(digits in g for g in groups):
            found.append(s)
    return found
