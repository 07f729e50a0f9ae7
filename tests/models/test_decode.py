"""Word decoding on hand-made probabilities: no model needed."""

from __future__ import annotations

import numpy as np

from models.decode import LabelScheme, decode_spans, word_starts
from phideid.types import PhiType

LABELS = ["O", "B-DOCTOR", "I-DOCTOR", "B-DATE", "I-DATE"]
SCHEME = LabelScheme.from_labels(LABELS)


def tokens(text: str) -> np.ndarray:
    """Offsets of a toy tokenizer: runs of letters/digits and single punctuation marks."""
    import re

    return np.array([m.span() for m in re.finditer(r"\w+|[^\w\s]", text)], dtype=np.int64)


def probs(rows: list[str]) -> np.ndarray:
    out = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    for i, label in enumerate(rows):
        out[i, LABELS.index(label)] = 0.9
        out[i, 0 if label != "O" else 1] += 0.1
    return out


def found(text, rows, threshold=0.5):
    return [(s.phi_type, text[s.start:s.end]) for s in decode_spans(text, tokens(text), probs(rows), SCHEME,
                                                                  threshold)]


def test_words_are_runs_of_tokens_without_whitespace():
    text = "Dr. Smith-Jones, 3/4"
    assert [text[o[0]] for o in tokens(text)[word_starts(text, tokens(text))]] == ["D", "S", "3"]


def test_punctuation_at_span_edges_stays_outside():
    text = "Dr. Smith, seen"
    # Dr . Smith , seen
    assert found(text, ["O", "O", "B-DOCTOR", "I-DOCTOR", "O"]) == [(PhiType.DOCTOR, "Smith")]


def test_balanced_parentheses_and_possessive():
    assert found("(Smith) ok", ["O", "B-DOCTOR", "O", "O"]) == [(PhiType.DOCTOR, "Smith")]
    assert found("Smith's plan", ["B-DOCTOR", "O", "O", "O"]) == [(PhiType.DOCTOR, "Smith")]


def test_b_i_joining_is_tolerant_of_i_without_b():
    text = "Ann Lee and Bo Wu"
    assert found(text, ["I-DOCTOR", "I-DOCTOR", "O", "B-DOCTOR", "B-DOCTOR"]) == [
        (PhiType.DOCTOR, "Ann Lee"), (PhiType.DOCTOR, "Bo"), (PhiType.DOCTOR, "Wu")]


def test_a_word_is_phi_if_any_piece_is():
    text = "on 3/4/21"
    assert found(text, ["O", "B-DATE", "O", "O", "O", "O"]) == [(PhiType.DATE, "3/4/21")]


def test_recall_biased_threshold():
    text = "Dr Smith"
    p = probs(["O", "O"])
    p[1] = [0.6, 0.3, 0.1, 0.0, 0.0]  # argmax O, but 40% PHI
    assert decode_spans(text, tokens(text), p, SCHEME, 0.5) == []
    [span] = decode_spans(text, tokens(text), p, SCHEME, 0.35)
    assert (text[span.start:span.end], span.phi_type, round(span.score, 2)) == ("Smith", PhiType.DOCTOR, 0.4)


def test_foreign_i2b2_labels_map_to_types():
    scheme = LabelScheme.from_labels(["O", "B-NAME", "I-LOCATION-OTHER", "B-ID"])
    assert scheme.types == (PhiType.NAME, PhiType.LOCATION, PhiType.IDNUM)
