"""The synthetic training corpus: labels always match their text, generation is deterministic, and the
mix holds every note kind, every style, PHI in its forms and clinical look-alikes left unlabelled."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from phideid.types import PhiType
from training.synth import (
    KINDS,
    STYLES,
    Note,
    check_note,
    generate,
    plan,
    read_jsonl,
    to_dataset,
    write_jsonl,
)

ROOT = Path(__file__).resolve().parents[2]
LABELS = {t.value for t in PhiType}


@pytest.fixture(scope="module")
def sample() -> list[Note]:
    return generate(1500, seed=11)


def _assert_exact(note: Note) -> None:
    prev_end = 0
    for s in note.spans:
        assert 0 <= prev_end <= s.start < s.end <= len(note.text), (note.id, s)
        piece = note.text[s.start : s.end]
        assert piece.strip() == piece and piece, (note.id, s)
        assert s.label in LABELS, (note.id, s)
        prev_end = s.end
    check_note(note)


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 42, 1234])
def test_labels_always_match_their_text(seed):
    for note in generate(300, seed):
        _assert_exact(note)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_alone_is_exact(kind):
    notes = generate(150, seed=5, kinds=[kind])
    assert {n.kind for n in notes} == {kind}
    for note in notes:
        _assert_exact(note)
    # a note without PHI is allowed (and useful for precision), but most notes of every kind hold some
    assert sum(bool(n.spans) for n in notes) >= 0.8 * len(notes)


def test_every_style_is_exact_and_visible(sample):
    styled = plan(len(sample), seed=11)
    by_style: dict[str, list[Note]] = {s: [] for s in STYLES}
    for note, (kind, styles) in zip(sample, styled, strict=True):
        assert note.kind == kind
        for s in styles:
            by_style[s].append(note)
    for style, notes in by_style.items():
        assert len(notes) >= 20, style
        for note in notes:
            _assert_exact(note)
    assert all(n.text == n.text.upper() for n in by_style["caps"])
    assert all(n.text == n.text.lower() for n in by_style["lower"])
    # wrapped notes have short lines; typo'd notes differ from the same note without typos in spelling only
    long_lines = [max(len(line) for line in n.text.split("\n")) for n in by_style["wrapped"]]
    assert statistics.median(long_lines) <= 100


def test_every_kind_and_style_occurs_in_a_default_sample(sample):
    kinds = Counter(n.kind for n in sample)
    assert set(kinds) == set(KINDS)
    assert kinds.most_common(1)[0][0] == "icu_nursing"
    assert 0.28 <= kinds["icu_nursing"] / len(sample) <= 0.42
    styles = Counter(s for _, names in plan(len(sample), seed=11) for s in names)
    assert set(styles) == set(STYLES)


def test_same_seed_same_notes_and_different_seed_different_notes():
    a = generate(50, seed=3)
    b = generate(50, seed=3)
    c = generate(50, seed=4)
    assert a == b
    assert [n.text for n in a] != [n.text for n in c]
    assert generate(10, seed=3, kinds=["handoff"]) == generate(10, seed=3, kinds=["handoff"])


def test_a_fresh_process_gives_the_same_first_note():
    code = "from training.synth import generate; n = generate(3, 99)[2]; print(repr((n.text, n.spans)))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    note = generate(3, 99)[2]
    assert out.stdout.strip() == repr((note.text, note.spans))


def test_hard_negatives_occur_unlabelled(sample):
    for word in ("Foley", "BUN", "furosemide", "Gram stain", "Swan-Ganz", "GCS", "heparin", "Babinski"):
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        hits = 0
        for note in sample:
            for m in pattern.finditer(note.text):
                hits += 1
                inside = [s for s in note.spans if s.start < m.end() and m.start() < s.end]
                assert not inside, (word, note.id, inside)
        assert hits >= 5, word


def test_ages_below_90_unlabelled_and_90_or_more_labelled(sample):
    age_forms = re.compile(r"\b(\d{1,3})(?= ?(?:yo|y/o|year old|-year-old|yrs)\b)")
    checked_young = checked_old = 0
    for note in sample:
        ages = {note.text[s.start : s.end] for s in note.spans if s.label == "AGE"}
        assert all(a.isdigit() and int(a) >= 90 for a in ages), (note.id, ages)
        labelled = {(s.start, s.end) for s in note.spans if s.label == "AGE"}
        for m in age_forms.finditer(note.text):
            if int(m.group(1)) >= 90:
                assert (m.start(1), m.end(1)) in labelled, (note.id, m.group())
                checked_old += 1
            else:
                assert not any(s.start < m.end(1) and m.start(1) < s.end for s in note.spans), (
                    note.id,
                    m.group(),
                )
                checked_young += 1
    assert checked_young > 50 and checked_old > 5


def test_phi_surface_forms_occur(sample):
    texts = Counter()
    for note in sample:
        for s in note.spans:
            texts[(s.label, note.text[s.start : s.end])] += 1
    labels = Counter(label for label, _ in texts.elements())
    for label in (
        "PATIENT",
        "DOCTOR",
        "RELATIVE",
        "HOSPITAL",
        "DATE",
        "AGE",
        "PHONE",
        "MEDICALRECORD",
        "CITY",
        "STATE",
        "STREET",
        "ZIP",
        "COUNTRY",
        "LOCATION",
        "ORGANIZATION",
        "PROFESSION",
        "EMAIL",
        "URL",
        "IDNUM",
        "USERNAME",
        "FAX",
        "ACCOUNT",
    ):
        assert labels[label] >= 10, label
    dates = [t for (label, t) in texts if label == "DATE"]
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)
    assert any(re.fullmatch(r"'\d\d", d) for d in dates)
    # a weekday alone is no date (eval/data/ANNOTATION.md): it appears, unlabelled
    assert not any(d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday") for d in dates)
    assert any(d in ("Christmas", "Thanksgiving") for d in dates)
    names = [t for (label, t) in texts if label in ("PATIENT", "DOCTOR", "RELATIVE")]
    assert any(n.isupper() and len(n) > 3 for n in names)
    assert any(n.islower() and len(n) > 3 for n in names)
    assert any("-" in n for n in names)
    assert any("," in n for n in names)


def test_jsonl_round_trip(tmp_path):
    notes = generate(40, seed=8)
    path = tmp_path / "gold.jsonl"
    assert write_jsonl(notes, path) == 40
    assert read_jsonl(path) == notes
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith('{"id": ')


def test_to_dataset_has_the_columns():
    pytest.importorskip("datasets")
    ds = to_dataset(generate(12, seed=2))
    assert {"id", "kind", "text", "spans"} <= set(ds.column_names)
    assert len(ds) == 12
    assert set(ds[0]["spans"][0]) == {"start", "end", "label"}


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown note kinds"):
        generate(1, 0, kinds=["tweet"])


def test_module_entry_point_prints_counts(tmp_path):
    out = tmp_path / "s.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "training.synth", "--notes", "30", "--seed", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "icu_nursing" in done.stdout and "DOCTOR" in done.stdout
    assert len(read_jsonl(out)) == 30


def test_report_distribution_and_speed(capsys):
    """Not a check: prints the label and length distribution of 2,000 notes and the time for 10,000."""
    notes = generate(2000, seed=123)
    labels = Counter(s.label for n in notes for s in n.spans)
    lengths = sorted(len(n.text) for n in notes)
    started = time.perf_counter()
    generate(10_000, seed=321)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print("\nlabel distribution of 2,000 notes:", dict(labels.most_common()))
        q = statistics.quantiles(lengths, n=10)
        print(
            f"note length: min {lengths[0]}, p10 {q[0]:.0f}, median {statistics.median(lengths):.0f}, "
            f"p90 {q[-1]:.0f}, max {lengths[-1]}"
        )
        by_kind: dict[str, list[int]] = {}
        for n in notes:
            by_kind.setdefault(n.kind, []).append(len(n.text))
        print("median length by kind:", {k: int(statistics.median(v)) for k, v in sorted(by_kind.items())})
        print(f"10,000 notes generated in {elapsed:.1f}s")
