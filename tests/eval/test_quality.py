"""The shipped pipeline on real-looking text: what users judge first, guarded against regressions.

The development benchmark (``eval/data/dev``: 336 hand-written notes at real PHI density, never trained on)
and the MTSamples annotations (real transcriptions; texts from the shared data) are scored exactly as
``phideid eval`` scores them, with the default detectors and the shipped model. The bars sit a little
under the figures the model card publishes, so a change that loses recall or floods notes with false PHI
fails here, not in a hospital.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.cli import DEFAULT_MODEL_DIR, build_detectors, detect, resolve_detector_names
from phideid.gold import GoldNote, from_spans, read_gold
from phideid.scoring import TokenMetrics, evaluate

ROOT = Path(__file__).resolve().parents[2]
MTSAMPLES = Path(os.environ.get("PHIDEID_SHARED_DATA", ROOT.parent / "shared" / "data")) / (
    "clinical-text/mtsamples-subset.jsonl"
)

# the shipped model (card: recall 0.990, precision 0.910 on dev; 1.34 false PHI per 1,000 on MTSamples)
RECALL_BAR, PRECISION_BAR, FALSE_PER_1000_BAR = 0.985, 0.88, 2.0

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").is_file(), reason="no shipped model")


def _score(notes: list[GoldNote]) -> TokenMetrics:
    names, _ = resolve_detector_names(None, None)
    found = detect(notes, build_detectors(names))
    predicted = [GoldNote(n.id, n.text, from_spans(s)) for n, s in zip(notes, found, strict=True)]
    return evaluate(notes, predicted).tokens


def test_development_benchmark_recall_and_precision():
    metrics = _score(read_gold(ROOT / "eval" / "data" / "dev"))
    assert metrics.recall >= RECALL_BAR, metrics.as_dict()
    assert metrics.precision >= PRECISION_BAR, metrics.as_dict()


@pytest.mark.skipif(not MTSAMPLES.is_file(), reason="the shared MTSamples subset is not beside the project")
def test_real_transcriptions_keep_their_clinical_text():
    notes = read_gold(ROOT / "eval" / "data" / "mtsamples.annotations.jsonl", texts=MTSAMPLES)
    metrics = _score(notes)
    assert metrics.false_per_1000 <= FALSE_PER_1000_BAR, metrics.as_dict()
