"""Names next to a title or credential: the span is the name only, typed DOCTOR or NAME."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Seen by Dr. Wong today.", [("DOCTOR", "Wong")]),
        ("Discussed with Dr Wong.", [("DOCTOR", "Wong")]),
        ("Dr. Jane Wong will follow.", [("DOCTOR", "Jane Wong")]),
        ("Spoke with Mrs. O'Neil at bedside.", [("NAME", "O'Neil")]),
        ("Ms Smith-Jones is the HCP.", [("NAME", "Smith-Jones")]),
        ("Mr. McDonald called.", [("NAME", "McDonald")]),
        ("Signed: Wong, MD", [("DOCTOR", "Wong")]),
        ("Dictated by J. Wong MD.", [("DOCTOR", "J. Wong")]),
        ("Meds given by Jane Wong, RN.", [("DOCTOR", "Jane Wong")]),
        ("Plan per Attending Jane Wong, MD.", [("DOCTOR", "Jane Wong")]),
        ("Seen by Anne Lee, PA-C.", [("DOCTOR", "Anne Lee")]),
        ("Seen by Anne Lee, PA.", [("DOCTOR", "Anne Lee")]),
        ("Call Dr. Murphy re: results.", [("DOCTOR", "Murphy")]),  # a title makes an eponym a person
    ],
)
def test_titled_name(found, note, expected):
    assert found(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Needs Dr. visit next week.",
        "Call the Dr. He will advise.",
        "Parkinson disease, on carbidopa.",
        "Foley catheter in place.",
        "Gram stain negative.",
        "Positive Murphy sign.",
        "Swan-Ganz catheter removed.",
        "Hodgkin lymphoma in remission.",
        "CXR, PA and lateral views.",
        "Pain, DO NOT give NSAIDs.",
        "Coags: INR 1.2, PT 12.5",
        "MS flare, MR moderate.",
    ],
)
def test_no_name_without_a_person(found, note):
    assert [t for t, _ in found(note) if t in {"DOCTOR", "NAME"}] == []
