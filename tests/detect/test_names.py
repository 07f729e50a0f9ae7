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


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # all-caps and all-lowercase notes
        ("DR. WONG SAW PT ON ROUNDS.", [("DOCTOR", "WONG")]),
        ("DR. JANE WONG WILL CALL.", [("DOCTOR", "JANE WONG")]),
        ("pt seen by dr. o'neil today", [("DOCTOR", "o'neil")]),
        ("MRS. O'NEIL AT BEDSIDE.", [("NAME", "O'NEIL")]),
        ("JANE WONG, RN GAVE MEDS.", [("DOCTOR", "JANE WONG")]),
        # particles and "Last, First"
        ("Dr. Mary-Kate Van der Berg, NP reviewed.", [("DOCTOR", "Mary-Kate Van der Berg")]),
        ("PCP: Smith, John MD.", [("DOCTOR", "Smith, John")]),
        # a form's columns are not one name
        ("Attending: Dr. Wong   PCP: Sarah Patel", [("DOCTOR", "Wong"), ("DOCTOR", "Sarah Patel")]),
    ],
)
def test_names_in_any_case_and_form(found, note, expected):
    assert sorted(set(found(note))) == sorted(expected)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("PATIENT NAME: JENKINS, HAROLD A", [("PATIENT", "JENKINS, HAROLD A")]),
        ("Patient: Harold Jenkins", [("PATIENT", "Harold Jenkins")]),
        ("Resident: Tom O'Brien", [("DOCTOR", "Tom O'Brien")]),
        ("Seen by Alvarez today.", [("DOCTOR", "Alvarez")]),
        ("Pt's daughter Mary Lou Smith at bedside.", [("RELATIVE", "Mary Lou Smith")]),
        ("HCP: wife (Ann Jenkins).", [("RELATIVE", "Ann Jenkins")]),
        ("Daughter, Lisa, called.", [("RELATIVE", "Lisa")]),
        ("WIFE: TEARFUL, ANN", [("RELATIVE", "TEARFUL, ANN")]),
        ("wife Kim, Ann called", [("RELATIVE", "Kim, Ann")]),
        ("seen by Dr. B and discharged", [("DOCTOR", "B")]),
    ],
)
def test_names_after_role_labels(found, note, expected):
    assert found(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Patient: Alert and oriented x3.",
        "Pt: Comfortable.",
        "Son at bedside.",
        "SON PRESENT. DAUGHTER AWARE.",
        "WIFE TEARFUL, RELIEVED.",
        "DR. I SPOKE WITH FAMILY",
        "Reviewed by the team.",
        "Mother has DM2.",
        "DR. VISIT SCHEDULED.",
        "dr. visit next week",
    ],
)
def test_role_words_alone_are_no_names(found, note):
    assert [t for t, _ in found(note) if t in {"PATIENT", "DOCTOR", "RELATIVE", "NAME"}] == []


def test_names_a_label_points_at_go_through_the_clinical_veto():
    from phideid.detect.patterns import PatternDetector

    note = "BELONGINGS W/ PT: GLASSES, DENTURES, PHONE. REPORT GIVEN TO RECEIVING RN."
    assert PatternDetector(entities=["PATIENT", "DOCTOR"]).detect([note]) == [[]]
    unjudged = PatternDetector(entities=["PATIENT", "DOCTOR"], name_veto=False).detect([note])[0]
    assert [note[s.start:s.end] for s in unjudged] == ["GLASSES, DENTURES", "RECEIVING"]
