"""What the output says about its de-identification: (0012,0062), (0012,0063), (0012,0064), (0028,0303).

The method code sequence lists CID 7050 codes (scheme DCM): the Basic Application Confidentiality
Profile (113100) and one code per option in force.
"""

from __future__ import annotations

from collections.abc import Set

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from phideid.formats.dicom.profile import OPTIONS

BASIC_PROFILE = ("113100", "Basic Application Confidentiality Profile")


def method_codes(options: Set[str]) -> list[tuple[str, str]]:
    """(code value, code meaning) for the profile and each option column in ``options``, in table order."""
    return [BASIC_PROFILE] + [(code, name) for col, (name, code) in OPTIONS.items() if col in options]


def method_description(options: Set[str], policy: str, edition: str) -> list[str]:
    """Values of DeidentificationMethod (LO, up to 64 characters each)."""
    values = [f"PS3.15 {edition} Annex E Basic Profile", f"phideid policy {policy}"[:64]]
    values += [name.removesuffix(" Option")[:64] for col, (name, _) in OPTIONS.items() if col in options]
    return values


def stamp(ds: Dataset, options: Set[str], policy: str, edition: str, temporal: str) -> None:
    """Write the de-identification attributes into the top-level dataset.

    ``temporal`` is LongitudinalTemporalInformationModified: MODIFIED, UNMODIFIED or REMOVED.
    """
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = method_description(options, policy, edition)
    items = []
    for code, meaning in method_codes(options):
        item = Dataset()
        item.CodeValue = code
        item.CodingSchemeDesignator = "DCM"
        item.CodeMeaning = meaning
        items.append(item)
    ds.DeidentificationMethodCodeSequence = Sequence(items)
    ds.LongitudinalTemporalInformationModified = temporal
