"""A site's notes: read from its folder (gold JSONL, pre-labelled plain notes with corrections), capped per
patient, split into training and held-back notes the same way in every round; the synthetic split is
non-IID."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from phideid.errors import ConfigError, InputError
from training.data import LabelledText
from training.federated.sites import (
    SITE_KINDS,
    SiteNote,
    cap_per_patient,
    privacy_units,
    read_site,
    split_site,
    synthetic_sites,
)


def _note(i: int, patient: str) -> SiteNote:
    return SiteNote(f"n{i:03d}", LabelledText(f"note {i}", ()), patient)


def test_split_keeps_a_patients_notes_together_and_is_the_same_every_time():
    notes = [_note(i, f"p{i % 20}") for i in range(100)]
    first, again = split_site(notes, 0.2, seed=3), split_site(list(reversed(notes)), 0.2, seed=3)
    assert {n.id for n in first.holdout} == {n.id for n in again.holdout}
    assert not {n.id for n in first.holdout} & {n.id for n in first.train}
    assert len(first.holdout) + len(first.train) == 100
    held_patients = {n.patient for n in first.holdout}
    assert not held_patients & {n.patient for n in first.train}
    assert 5 <= len(first.holdout) <= 40


def test_a_tiny_site_still_holds_one_note_back():
    data = split_site([_note(0, "a"), _note(1, "b")], 0.2, seed=1)
    assert len(data.holdout) == 1 and len(data.train) == 1
    with pytest.raises(ConfigError):
        split_site([_note(0, "a")], 0.2, seed=1)


def test_cap_per_patient_and_privacy_units():
    notes = [_note(i, "p1" if i < 5 else f"q{i}") for i in range(8)]
    capped = cap_per_patient(notes, 2)
    assert Counter(n.patient for n in capped)["p1"] == 2 and len(capped) == 5
    assert cap_per_patient(notes, 0) == notes
    assert len(privacy_units(notes, "note")) == 8
    units = privacy_units(notes, "patient")
    assert sorted(len(u) for u in units) == [1, 1, 1, 5]


def test_read_site_gold_plus_prelabelled_notes_with_a_correction(tmp_path):
    gold = {"id": "g1", "patient": "MRN1", "text": "Seen by Dr. Wong on 7/22.",
            "spans": [{"start": 12, "end": 16, "label": "DOCTOR"}, {"start": 20, "end": 24, "label": "DATE"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    (tmp_path / "t1.txt").write_text("Patient John Smith called.")
    (tmp_path / "t2.txt").write_text("Follow up with Dr. Alvarez.")
    (tmp_path / "corrections.jsonl").write_text(
        json.dumps({"id": "t1", "spans": [{"start": 8, "end": 18, "label": "PATIENT"}]}) + "\n")
    with pytest.raises(ConfigError, match="pre-label"):
        read_site(tmp_path)

    from models.runtime import default_model_dir

    notes = {n.id: n for n in read_site(tmp_path, prelabel=default_model_dir())}
    assert set(notes) == {"g1", "t1", "t2"}
    assert notes["g1"].patient == "MRN1" and notes["g1"].text.spans == ((12, 16, "DOCTOR"), (20, 24, "DATE"))
    assert notes["t1"].text.spans == ((8, 18, "PATIENT"),)  # the correction wins
    assert notes["t2"].text.text == "Follow up with Dr. Alvarez."


def test_bad_labels_are_named_without_text(tmp_path):
    bad = {"id": "g1", "text": "Secret Name here", "spans": [{"start": 0, "end": 6, "label": "NOPE"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(bad) + "\n")
    with pytest.raises(InputError) as info:
        read_site(tmp_path)
    assert "Secret" not in str(info.value)


def test_synthetic_sites_favour_their_own_note_kinds():
    sites = synthetic_sites(3, 20, seed=2)
    assert [len(s) for s in sites] == [20, 20, 20]
    for i, records in enumerate(sites):
        share = sum(r["kind"] in SITE_KINDS[i] for r in records) / len(records)
        assert share >= 0.8
    ids = [r["id"] for s in sites for r in s]
    assert len(set(ids)) == len(ids)
