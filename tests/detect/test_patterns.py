"""PatternDetector: the batch contract, choosing recognizers, the threshold, errors, and speed."""

from __future__ import annotations

import time

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from phideid.detect.base import Detector
from phideid.detect.patterns import PatternDetector, default_recognizers
from phideid.errors import ConfigError, DetectionError
from phideid.types import PhiType, Span

CLINICAL_LOOK_ALIKES = (
    "K 4.1",
    "BUN 22",
    "INR 1.2",
    "PT 12.5",
    "Foley catheter",
    "Gram stain",
    "Parkinson disease",
    "BP 120/80",
    "5/325 mg",
    "GCS 15",
    "2 weeks ago",
    "room 412",
    "bed 3",
    "HR 88",
    "85 yo",
    "45-year-old",
    "aged 72",
)


def test_is_a_detector(detector):
    assert isinstance(detector, Detector)
    assert detector.name == "pattern"


def test_batch_returns_one_list_per_text_with_offsets_into_that_text(detector):
    notes = ["", "Seen by Dr. Wong on 7/22/2009.", "No PHI here.", "MRN: 00123456"]
    out = detector.detect(notes)
    assert len(out) == 4
    assert out[0] == [] and out[2] == []
    assert [(s.phi_type, notes[1][s.start : s.end]) for s in out[1]] == [
        (PhiType.DOCTOR, "Wong"),
        (PhiType.DATE, "7/22/2009"),
    ]
    assert out[3] == [Span(5, 13, PhiType.MEDICALRECORD, out[3][0].score, "pattern.mrn")]
    assert all(0.5 <= s.score <= 1.0 for spans in out for s in spans)
    assert detector.detect([]) == []


@pytest.mark.parametrize("text", CLINICAL_LOOK_ALIKES)
def test_clinical_text_survives(detector, text):
    assert detector.detect([text]) == [[]]


def test_a_full_note_keeps_clinical_text_and_finds_phi(detector):
    note = (
        "93 yo F seen 7/22/2009 by Dr. Wong. MRN: 00123456. K 4.1, BUN 22, INR 1.2, PT 12.5, BP 120/80, "
        "HR 88, GCS 15. Foley catheter placed; Gram stain pending. Hx Parkinson disease. Percocet 5/325 mg "
        "1/2 tab. Symptoms 2 weeks ago. Room 412, bed 3. "
        "Daughter: (617) 555-1234, 12 Oak St, Boston, MA 02115."
    )
    found = {(s.phi_type.value, note[s.start : s.end]) for s in detector.detect([note])[0]}
    assert found == {
        ("AGE", "93"),
        ("DATE", "7/22/2009"),
        ("DOCTOR", "Wong"),
        ("MEDICALRECORD", "00123456"),
        ("PHONE", "(617) 555-1234"),
        ("STREET", "12 Oak St"),
        ("CITY", "Boston"),
        ("STATE", "MA"),
        ("ZIP", "02115"),
    }


def test_every_shipped_recognizer_has_a_unique_name_and_phi_type_entities():
    recognizers = default_recognizers()
    names = [r.name for r in recognizers]
    assert len(names) == len(set(names))
    for r in recognizers:
        for entity in r.supported_entities:
            PhiType(entity)


def test_subset_by_entity_runs_only_those_recognizers():
    only_dates = PatternDetector(entities=[PhiType.DATE, "AGE"])
    assert set(only_dates.recognizer_names) == {"date", "age"}
    note = "93 yo seen 7/22/2009, MRN: 00123456, call 617-555-1234"
    assert {s.phi_type for s in only_dates.detect([note])[0]} == {PhiType.DATE, PhiType.AGE}


def test_subset_of_a_multi_entity_recognizer_returns_only_the_wanted_type():
    zips = PatternDetector(entities=["ZIP"])
    note = "Boston, MA 02115"
    assert [(s.phi_type.value, note[s.start : s.end]) for s in zips.detect([note])[0]] == [("ZIP", "02115")]


def test_extra_recognizer_is_added_and_reported_by_name():
    site_mrn = PatternRecognizer(
        supported_entity="MEDICALRECORD", name="site_mrn", patterns=[Pattern("site", r"\bE\d{7}\b", 0.9)]
    )
    detector = PatternDetector(extra_recognizers=[site_mrn])
    spans = detector.detect(["Transferred with E1234567."])[0]
    assert [(s.phi_type, s.source) for s in spans] == [(PhiType.MEDICALRECORD, "pattern.site_mrn")]


def test_configuration_errors():
    with pytest.raises(ConfigError, match="not a PhiType"):
        PatternDetector(entities=["CREDIT_CARD"])
    with pytest.raises(ConfigError, match="no pattern recognizer finds"):
        PatternDetector(entities=[PhiType.HOSPITAL])
    clash = PatternRecognizer(supported_entity="DATE", name="date", patterns=[Pattern("x", r"x", 0.5)])
    with pytest.raises(ConfigError, match="used twice"):
        PatternDetector(extra_recognizers=[clash])
    with pytest.raises(ConfigError):
        PatternDetector(score_threshold=1.5)


def test_threshold_decides_whether_an_unlabelled_number_is_kept():
    note = "Ref 7654321 noted"
    assert PatternDetector(entities=["MEDICALRECORD"]).detect([note]) == [[]]
    low = PatternDetector(entities=["MEDICALRECORD"], score_threshold=0.1).detect([note])[0]
    assert [note[s.start : s.end] for s in low] == ["7654321"]


def test_non_string_input_is_a_detection_error_without_the_text(detector):
    with pytest.raises(DetectionError) as err:
        detector.detect(["MRN: 00123456", b"bytes"])
    assert "00123456" not in str(err.value) and "#1" in str(err.value)


def test_speed_on_200_short_notes(detector):
    notes = [
        f"{90 + i % 10} yo F seen {i % 12 + 1}/{i % 28 + 1}/2009 by Dr. Wong. MRN: {1000000 + i}. "
        f"K 4.1, BUN 22, INR 1.2, BP 120/80, HR 88. Percocet 5/325 mg. Call (617) 555-{1000 + i}."
        for i in range(200)
    ]
    detector.detect(notes[:5])  # warm-up
    start = time.perf_counter()
    out = detector.detect(notes)
    elapsed = time.perf_counter() - start
    per_note_ms = elapsed / 200 * 1000
    print(f"\nPatternDetector.detect on 200 short notes: {elapsed:.3f} s ({per_note_ms:.2f} ms/note)")
    assert all(len(spans) == 5 for spans in out)
