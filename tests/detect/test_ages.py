"""Ages of 90 and over are PHI (the number only); younger ages, temperatures and scores are not."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "note",
    [
        "93 yo woman with CHF.",
        "Pt is a 93 y/o man.",
        "A 93-year-old with fall.",
        "93 year old male presents.",
        "Patient aged 93 lives alone.",
        "Age: 93",
        "93F with dyspnea.",
        "93 M presents with syncope.",
        "93yo with UTI.",
        "She is 93 years of age.",
        "Woman in her 93s?".replace("93s?", "late 90s"),
    ],
)
def test_age_over_89_is_found_as_the_number_only(detector, note):
    spans = detector.detect([note])[0]
    assert [(s.phi_type.value, note[s.start : s.end]) for s in spans] == [
        ("AGE", "90" if "90s" in note else "93")
    ]


def test_ages_of_100_and_over(detector):
    note = "102 yo female, 101-year-old brother."
    assert [note[s.start : s.end] for s in detector.detect([note])[0]] == ["102", "101"]


@pytest.mark.parametrize(
    "note",
    [
        "85 yo woman with CHF.",
        "A 45-year-old man.",
        "89F with fall.",
        "aged 72",
        "T 95 F overnight.",
        "Fever to 101 F.",
        "GCS 15, HR 88, SpO2 95%.",
        "Age: 45",
    ],
)
def test_younger_ages_and_look_alikes_are_not_phi(detector, note):
    assert [s for s in detector.detect([note])[0] if s.phi_type.value == "AGE"] == []
