"""The training corpus at real PHI density: most notes and tokens PHI-free, every label exact, seeds
re-drawn with fresh PHI of the same type and shape, clinical lists never labelled, deterministic."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from training.synth import LabelledSpan, Note, check_note
from training.synth.lexicon import abbreviations, drug_names
from training.synth.mix import clinical_list, realistic, segments, thin
from training.synth.pools import pools_for
from training.synth.seeds import load_seeds, redraw, seed_lines, variant

TOKEN = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def corpus() -> list[Note]:
    return realistic(1200, seed=5)


def _phi_token_share(notes: list[Note]) -> float:
    tokens = sum(len(TOKEN.findall(n.text)) for n in notes)
    phi = sum(len(TOKEN.findall(n.text[s.start:s.end])) for n in notes for s in n.spans)
    return phi / tokens


def test_density_is_that_of_real_notes_not_of_templates(corpus):
    # real ICU notes: 0.65% PHI tokens, 70% of notes without PHI; the templates alone: 16%, none without
    without = sum(1 for n in corpus if not n.spans) / len(corpus)
    assert 0.45 <= without <= 0.8, without
    assert 0.005 <= _phi_token_share(corpus) <= 0.04, _phi_token_share(corpus)
    mentions = sum(len(n.spans) for n in corpus) / len(corpus)
    assert 0.5 <= mentions <= 2.5, mentions


def test_every_source_is_in_the_mix_and_every_label_is_exact(corpus):
    sources = Counter(n.kind.split(":")[0] for n in corpus)
    assert set(sources) == {"template", "variant", "collage", "list"}, sources
    for note in corpus:
        check_note(note)  # sorted, in bounds, trimmed, known labels


def test_the_same_seed_gives_the_same_corpus():
    assert realistic(60, seed=9) == realistic(60, seed=9)
    assert realistic(60, seed=9) != realistic(60, seed=10)


def test_clinical_lists_hold_lexicon_words_and_no_labels():
    rng = random.Random(3)
    texts = [clinical_list(rng) for _ in range(300)]
    drugs, abbrs = set(drug_names()), {a.lower() for a in abbreviations()}
    words = Counter(w.lower() for t in texts for w in TOKEN.findall(t))
    assert sum(c for w, c in words.items() if w in drugs) >= 300
    assert sum(c for w, c in words.items() if w in abbrs) >= 300
    assert len(drug_names()) > 10000 and len(abbreviations()) > 2000


def test_thinning_drops_phi_lines_and_keeps_offsets_exact():
    text = ("Neuro: A&Ox3, MAE.\nWife Edna called; updated.\nDr. Okafor aware. K 3.2 repleted.\n"
            "Plan: SBT in am")
    spans = (LabelledSpan(24, 28, "RELATIVE"), LabelledSpan(50, 56, "DOCTOR"))
    note = Note("n", "icu", text, spans)
    assert [text[s.start:s.end] for s in spans] == ["Edna", "Okafor"]
    none = thin(note, random.Random(0), keep=0.0)
    assert none.spans == () and "Edna" not in none.text and "Okafor" not in none.text
    assert "K 3.2 repleted." in none.text and "Plan: SBT in am" in none.text and "Neuro: A&Ox3" in none.text
    # "Dr. " does not end a sentence: the title goes with its name
    assert "Dr." not in none.text
    kept = thin(note, random.Random(0), keep=1.0)
    assert kept.text == text and kept.spans == spans


def test_segments_do_not_cut_after_titles_or_initials():
    text = "Seen by Dr. J. Smith today. Wife aware; plan unchanged.\nNext line"
    cuts = [text[a:b] for a, b in segments(text)]
    assert cuts == ["Seen by Dr. J. Smith today. ", "Wife aware; ", "plan unchanged.\n", "Next line"]


@pytest.mark.parametrize(("original", "label", "check"), [
    ("Okafor", "DOCTOR", lambda v: not v.isupper() and not v.islower()),
    ("EDNA", "RELATIVE", lambda v: v.isupper()),
    ("edna", "RELATIVE", lambda v: v.islower()),
    ("Raymond Tully", "RELATIVE", lambda v: len(v.split()) >= 2),
    ("J. Smith", "DOCTOR", lambda v: re.match(r"[A-Z]\. \S", v)),
    ("3/14", "DATE", lambda v: re.fullmatch(r"\d{1,2}/\d{1,2}", v)),
    ("03/14/2019", "DATE", lambda v: re.fullmatch(r"\d{2}/\d{1,2}/\d{4}", v)),
    ("March 14th", "DATE", lambda v: re.fullmatch(r"[A-Z][a-z]+ \d{1,2}th", v)),
    ("617-555-0182", "PHONE", lambda v: re.fullmatch(r"\d{3}-\d{3}-\d{4}", v)),
    ("93", "AGE", lambda v: 90 <= int(v) <= 104),
])
def test_redraw_keeps_type_shape_and_case_and_varies_the_value(original, label, check):
    pools = pools_for(1)
    values = {redraw(original, label, random.Random(i), pools) for i in range(20)}
    assert all(check(v) for v in values), values
    assert len(values) > 5, values


def test_seed_variants_keep_clinical_text_and_relabel_fresh_phi():
    seeds = load_seeds()
    assert len(seeds) >= 200, "the hand-written seeds are in training/seeds/*.notes"
    with_phi = next(s for s in seeds if any(label for _, label in s.pieces))
    pools = pools_for(2)
    text, spans = variant(with_phi, random.Random(1), pools)
    labels = [label for _, label in with_phi.pieces if label]
    assert [label for _, _, label in spans] == labels
    originals = {t for t, label in with_phi.pieces if label}
    assert sum(text[s:e] in originals for s, e, _ in spans) < len(spans)
    assert all("\n" not in part for line in seed_lines(with_phi) for part, _ in line)
