"""A note's spans do not depend on the other notes of its batch: the shipped model is dynamically
quantized (the activation scale is computed over a whole call), so its windows run one per call."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.runtime import OnnxNerDetector, default_model_dir
from phideid.gold import read_gold

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not (default_model_dir() / "model.onnx").is_file(), reason="no shipped model")


def _key(spans):
    return [(s.start, s.end, s.phi_type) for s in spans]


def test_the_same_note_gives_the_same_spans_alone_and_in_any_batch():
    texts = [n.text for n in read_gold(ROOT / "eval" / "data" / "dev" / "icu.notes")][:80]
    detector = OnnxNerDetector(default_model_dir())
    assert detector.batch_size == 1  # int8: one window per call
    together = detector.detect(texts)
    reversed_batch = detector.detect(texts[::-1])[::-1]
    alone = [detector.detect([t])[0] for t in texts]
    assert [_key(s) for s in together] == [_key(s) for s in alone] == [_key(s) for s in reversed_batch]


def test_a_batch_size_can_still_be_asked_for():
    assert OnnxNerDetector(default_model_dir(), batch_size=16).batch_size == 16
