"""Street, city, state and ZIP: only in address form, so a five-digit lab value is not a ZIP."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("note", "street"),
    [
        ("Lives at 123 Main St with wife.", "123 Main St"),
        ("Address: 45 Elm Street, Apt 4B", "45 Elm Street, Apt 4B"),
        ("Moved to 1 Blossom Rd. last year", "1 Blossom Rd."),
        ("Shelter at 77 N. Washington Ave", "77 N. Washington Ave"),
        ("Mail to PO Box 1234", "PO Box 1234"),
    ],
)
def test_street_address(found, note, street):
    assert ("STREET", street) in found(note)


def test_city_state_zip_line(found):
    note = "123 Main St, Boston, MA 02115"
    assert found(note) == [
        ("STREET", "123 Main St"),
        ("CITY", "Boston"),
        ("STATE", "MA"),
        ("ZIP", "02115"),
    ]


def test_zip_plus_four_and_multiword_city(found):
    note = "Lives in South Boston, MA 02127-1234."
    assert found(note) == [("CITY", "South Boston"), ("STATE", "MA"), ("ZIP", "02127-1234")]


def test_spelled_out_state(found):
    note = "Moved from Springfield, Illinois last year."
    assert found(note) == [("CITY", "Springfield"), ("STATE", "Illinois")]


def test_zip_with_label(found):
    note = "zip code 02134"
    assert found(note) == [("ZIP", "02134")]


@pytest.mark.parametrize(
    "note",
    [
        "Platelets 15000, WBC 12000.",
        "Specimen 02115 received.",
        "CXR, PA and lateral: clear.",
        "Neuro, PA recommends MRI.",
        "Moved to room 412, bed 3.",
        "Given 2 tabs daily at bedtime.",
        "Heparin 25000 units in 250 mL.",
    ],
)
def test_numbers_and_abbreviations_are_not_addresses(found, note):
    types = {t for t, _ in found(note)}
    assert not types & {"STREET", "CITY", "STATE", "ZIP"}
