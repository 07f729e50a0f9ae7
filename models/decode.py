"""Token probabilities to PHI spans: words, the recall-biased threshold, B/I joining, character offsets.

Pure functions of (text, token offsets, token probabilities, labels): no model, no I/O.

- A **word** is a run of tokens with no whitespace between them ("Smith," and "3/4/2020" are one word
  each). Its PHI score is the highest ``1 - P(O)`` of its pieces, its type the PHI type with the largest
  summed probability (B and I together) over its pieces.
- A word is PHI when its score reaches the threshold (recall-biased: ``1 - P(O)``, not the argmax).
- Consecutive PHI words of the same type join into one span unless the later one starts a new entity
  (its first piece more likely ``B-`` than ``I-``); an ``I-`` without a ``B-`` simply starts a span.
- Span edges are trimmed of punctuation that belongs to the sentence ("Smith," -> "Smith", "(Boston)"
  -> "Boston", "Smith's" -> "Smith") and spans without a letter or digit are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.model_info import parse_label
from phideid.types import PhiType, Span

_LEAD = "\"'([{<«“‘,;:.-*#"
_TRAIL = "\"'.,;:!?)]}>»”’-*"
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSE = {v: k for k, v in _PAIRS.items()}


@dataclass(frozen=True)
class LabelScheme:
    """The model's BIO labels as matrices: label -> PHI type, and which labels are ``B-``."""

    types: tuple[PhiType, ...]
    to_type: np.ndarray  # [labels - 1, types] one-hot: non-O label -> its type
    begin: np.ndarray  # [labels - 1, types] one-hot of the B- labels only

    @classmethod
    def from_labels(cls, labels: Sequence[str]) -> LabelScheme:
        parsed = [parse_label(label) for label in labels[1:]]
        types = tuple(dict.fromkeys(t for _, t in parsed))
        index = {t: i for i, t in enumerate(types)}
        to_type = np.zeros((len(parsed), len(types)), dtype=np.float32)
        begin = np.zeros_like(to_type)
        for row, (prefix, phi_type) in enumerate(parsed):
            to_type[row, index[phi_type]] = 1.0
            if prefix == "B":
                begin[row, index[phi_type]] = 1.0
        return cls(types=types, to_type=to_type, begin=begin)


def word_starts(text: str, offsets: np.ndarray) -> np.ndarray:
    """Indices of the tokens that start a word (a run of tokens without whitespace between them)."""
    n = len(offsets)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ends, starts = offsets[:-1, 1], offsets[1:, 0]
    new = np.ones(n, dtype=bool)
    gap = starts > ends
    new[1:] = gap
    for i in np.flatnonzero(gap):
        # a gap without whitespace (a character the tokenizer dropped) does not end the word
        if not any(c.isspace() for c in text[ends[i]:starts[i]]):
            new[i + 1] = False
    return np.flatnonzero(new)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end - start > 2 and _PAIRS.get(text[start]) == text[end - 1]:  # "(Boston)" -> "Boston"
        start, end = start + 1, end - 1
    while end > start:
        if text[end - 2:end] in ("'s", "’s", "'S", "’S") and end - 2 > start:
            end -= 2
            continue
        c = text[end - 1]
        if c in _TRAIL and not (c in _CLOSE and _CLOSE[c] in text[start:end - 1]):
            end -= 1
            continue
        break
    while start < end:
        c = text[start]
        if c in _LEAD and not (c in _PAIRS and _PAIRS[c] in text[start + 1:end]):
            start += 1
            continue
        break
    return start, end


def decode_spans(text: str, offsets: np.ndarray, probs: np.ndarray, scheme: LabelScheme, threshold: float,
                 source: str = "ner") -> list[Span]:
    """PHI spans of ``text`` from per-token label probabilities ``probs`` ``[tokens, labels]``."""
    if len(offsets) == 0:
        return []
    firsts = word_starts(text, offsets)
    phi = 1.0 - probs[:, 0]
    word_score = np.maximum.reduceat(phi, firsts)
    is_phi = word_score >= threshold
    if not is_phi.any():
        return []
    nonzero = probs[:, 1:]
    word_type = np.add.reduceat(nonzero @ scheme.to_type, firsts, axis=0).argmax(axis=1)
    first_rows = nonzero[firsts]
    b_prob = (first_rows @ scheme.begin)[np.arange(len(firsts)), word_type]
    i_prob = (first_rows @ (scheme.to_type - scheme.begin))[np.arange(len(firsts)), word_type]
    lasts = np.append(firsts[1:], len(offsets)) - 1

    spans: list[Span] = []
    current: list[int] | None = None  # [start, end, type, score*1e6]
    best = 0.0
    for w in np.flatnonzero(is_phi):
        start, end = int(offsets[firsts[w], 0]), int(offsets[lasts[w], 1])
        t = int(word_type[w])
        joins = (current is not None and current[2] == t and current[3] == w - 1
                 and not b_prob[w] > i_prob[w])
        if joins:
            current[1], current[3] = end, w
            best = max(best, float(word_score[w]))
            continue
        if current is not None:
            _emit(text, current, best, scheme, source, spans)
        current, best = [start, end, t, int(w)], float(word_score[w])
    if current is not None:
        _emit(text, current, best, scheme, source, spans)
    return spans


def _emit(text: str, current: list[int], score: float, scheme: LabelScheme, source: str,
          out: list[Span]) -> None:
    start, end = _trim(text, current[0], current[1])
    if end > start and any(c.isalnum() for c in text[start:end]):
        out.append(Span(start, end, scheme.types[current[2]], min(1.0, max(0.0, score)), source))
