"""Dates and date-times are found with their exact text; clinical numbers that look like dates are not."""

from __future__ import annotations

import pytest


def phi(detector, text, phi_type="DATE"):
    return [text[s.start : s.end] for s in detector.detect([text])[0] if s.phi_type.value == phi_type]


@pytest.mark.parametrize(
    ("note", "date"),
    [
        ("Seen on 7/22 in clinic.", "7/22"),
        ("Last visit 7/22/09 for f/u.", "7/22/09"),
        ("Admitted 07/22/2009.", "07/22/2009"),
        ("Biopsy 22-Jul-2009 showed DCIS.", "22-Jul-2009"),
        ("Biopsy 22 Jul 2009 showed DCIS.", "22 Jul 2009"),
        ("Follow up July 22nd with PCP.", "July 22nd"),
        ("Discharged July 22, 2009 home.", "July 22, 2009"),
        ("Symptoms since Jul 2009.", "Jul 2009"),
        ("Specimen collected 2009-07-22.", "2009-07-22"),
        ("Had MI in '09.", "'09"),
        ("Returned on the 22nd for labs.", "22nd"),
        ("Order placed 2009-07-22T14:30 by RN.", "2009-07-22T14:30"),
        ("Event at 7/22/2009 14:30 on the floor.", "7/22/2009 14:30"),
        ("Plan reviewed in December.", "December"),
        ("DOB 22/07/1931.", "22/07/1931"),
    ],
)
def test_date_is_found_with_exact_offsets(detector, note, date):
    spans = [s for s in detector.detect([note])[0] if s.phi_type.value == "DATE"]
    assert [note[s.start : s.end] for s in spans] == [date]
    assert spans[0].source == "pattern.date"


@pytest.mark.parametrize(
    "note",
    [
        "Vitals at 14:30 stable.",
        "Take 1/2 tab PO daily.",
        "Norco 5/325 mg q6h prn.",
        "BP 120/80, HR 88.",
        "BP 90/60 after fluids.",
        "GCS 15, alert.",
        "Symptoms began 2 weeks ago.",
        "Pain 7/10 at rest.",
        "Strength 5/5 in all extremities.",
        "2/6 systolic murmur at LUSB.",
        "Take 3/4 tab at night.",
        "Moved to room 412, bed 3.",
        "Transferred on the 3rd floor.",
        "Ht 5'10\" and wt 80 kg.",
        "Given 13/13/09 pattern? no.",
    ],
)
def test_clinical_numbers_are_not_dates(detector, note):
    assert phi(detector, note) == []
