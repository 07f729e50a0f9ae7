"""The ONNX Runtime detector on the tiny trained model: offsets, windows, batching, thresholds."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from phideid.detect import DetectorSettings, detectors
from phideid.errors import ConfigError
from phideid.types import PhiType
from tests.models.conftest import LABELS, SENTENCES, parse

TEXTS = [parse(s)[0] for s in SENTENCES]
FILLER = "Vitals stable overnight, afebrile, tolerating diet. "


def found(ner, text, **kw):
    return [(s.phi_type, text[s.start:s.end]) for s in ner.detect([text])[0]]


def phi_chars(spans) -> set[int]:
    return {i for s in spans for i in range(s.start, s.end)}


def test_finds_the_doctor_and_the_date_it_learned(ner):
    text = "Seen by Dr. Alvarez on 3/14/2021 for follow up."
    assert found(ner, text) == [(PhiType.DOCTOR, "Alvarez"), (PhiType.DATE, "3/14/2021")]
    assert found(ner, "Heparin drip started, aPTT in 6 hours.") == []


@pytest.mark.parametrize("text", [
    "Seen by Dr.   Alvarez   on 3/14/2021\r\nfor follow up.",
    "Discussed with Dr. Okafor,\r\n\r\n\tplan unchanged.",
    "Dr. Zoë Ångström-Núñez reviewed the film on 12/02/2019 — café visit ☕ ok.",
    "SEEN BY DR. BROWN ON 4/1/2018.\u00a0Dr. 東京 aware.",
])
def test_spans_fall_on_word_boundaries_of_the_original_text(ner, text):
    # a low threshold gives many spans, so every edge case is exercised
    spans = ner.__class__(ner.model_dir, threshold=0.02).detect([text])[0]
    assert spans
    for s in spans:
        covered = text[s.start:s.end]
        assert covered == covered.strip() and covered, covered
        assert s.start == 0 or not text[s.start - 1].isalnum()
        assert s.end == len(text) or not text[s.end].isalnum()
        assert s.source == "ner" and 0 <= s.score <= 1


def test_unicode_and_crlf_keep_offsets(ner):
    text = "Zoë café.\r\n\r\nSeen by Dr.  Alvarez on 3/14/2021."
    assert (PhiType.DOCTOR, "Alvarez") in found(ner, text)


def test_a_name_at_the_end_of_a_long_note_is_found_at_its_offsets(ner):
    tail = "Discussed with Dr. Okafor, plan unchanged."
    text = FILLER * 200 + tail  # about 2,000 tokens: dozens of windows of 64
    assert len(ner.tokenizer.encode([text])[0]) > 2000
    start = text.index("Okafor")
    spans = ner.detect([text])[0]
    assert [(s.start, s.end, s.phi_type) for s in spans] == [(start, start + 6, PhiType.DOCTOR)]


def test_windows_give_the_spans_of_the_pieces(ner):
    pieces = TEXTS * 3  # 60 sentences: many windows, names in every position of them
    text = " ".join(pieces)
    whole = {(s.start, s.end, s.phi_type) for s in ner.detect([text])[0]}
    parts, offset = set(), 0
    for piece, spans in zip(pieces, ner.detect(pieces), strict=True):
        parts |= {(s.start + offset, s.end + offset, s.phi_type) for s in spans}
        offset += len(piece) + 1
    assert len(parts) >= 40
    assert len(whole ^ parts) <= 0.05 * len(parts), sorted(whole ^ parts)


def test_batching_gives_the_same_spans_as_one_by_one(ner):
    texts = [TEXTS[0], FILLER * 30 + TEXTS[1], "", TEXTS[2], "  \n ", TEXTS[10] * 3]
    together = ner.detect(texts)
    alone = [ner.detect([t])[0] for t in texts]
    key = lambda spans: [(s.start, s.end, s.phi_type) for s in spans]  # noqa: E731
    assert [key(s) for s in together] == [key(s) for s in alone]
    for a, b in zip(together, alone, strict=True):
        # int8 activations are quantized per batch (dynamic range), so batch mates move scores a little
        assert all(abs(x.score - y.score) < 0.05 for x, y in zip(a, b, strict=True))


def test_a_lower_threshold_never_finds_less(ner):
    text = " ".join(TEXTS[:8]) + " Spoke with Dr. Lindqvist on 2/3/2024 about the plan."
    from models.runtime import OnnxNerDetector

    previous: set[int] = set()
    for threshold in (0.95, 0.7, 0.5, 0.35, 0.2, 0.05):
        chars = phi_chars(OnnxNerDetector(ner.model_dir, threshold=threshold).detect([text])[0])
        assert previous <= chars
        previous = chars


def test_empty_and_whitespace_texts_give_no_spans(ner):
    assert ner.detect([]) == []
    assert ner.detect(["", " ", "\r\n\t  \n"]) == [[], [], []]


def test_case_ids_reach_the_model(ner):
    from models.casing import NO_LETTERS, SPECIAL, TITLE, UPPER
    from models.encoding import Window, window_inputs

    assert "case_ids" in ner.input_names
    text = "DR. Okafor 12"
    notes = ner.tokenizer.encode([text])
    feed = window_inputs(notes, [Window(0, 0, len(notes[0]))], ner.tokenizer)
    case = feed["case_ids"][0].tolist()
    assert case[0] == SPECIAL and case[-1] == SPECIAL
    assert case[1:3] == [UPPER, NO_LETTERS] and case[3] == TITLE and case[-2] == NO_LETTERS


def test_casing_changes_what_the_model_sees(ner):
    import numpy as np

    notes = ner.tokenizer.encode(["Seen by Dr. Alvarez today.", "seen by dr. alvarez today."])
    a, b = ner.token_probabilities(notes)
    assert not np.allclose(a, b)


def test_a_model_without_casing_works(base_dir, tmp_path):
    """A plain HF token-classification checkpoint: no case_ids input, still a detector."""
    import torch
    import transformers

    from models.export import export_model
    from models.runtime import OnnxNerDetector
    from models.torch_model import CasedTokenClassifier
    from tests.models.conftest import tiny_config, train, training_batch

    torch.manual_seed(1)
    config = tiny_config(id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})
    hf = transformers.BertForTokenClassification(config)
    hf.save_pretrained(tmp_path / "hf")
    model = CasedTokenClassifier.load(tmp_path / "hf")
    assert not model.casing and model.labels == tuple(LABELS)
    from models.encoding import NoteTokenizer

    train(model, training_batch(NoteTokenizer(base_dir / "tokenizer.json"), casing=False), steps=35, lr=5e-3)
    out = export_model(model, base_dir, tmp_path / "out", max_length=64, stride=16)
    ner = OnnxNerDetector(out)
    assert ner.input_names == ["input_ids", "attention_mask"]
    text = "Seen by Dr. Alvarez on 3/14/2021 for follow up."
    assert (PhiType.DOCTOR, "Alvarez") in found(ner, text)


def test_registered_factory_builds_from_settings(tiny_model_dir):
    import models.detector  # noqa: F401  (registers detector.ner.v1)

    factory = detectors.get("detector.ner.v1")
    ner = factory(DetectorSettings(options={"model_dir": str(tiny_model_dir), "ner_threshold": 0.5}))
    assert ner.name == "ner" and ner.threshold == 0.5
    assert ner.detect(["Discussed with Dr. Okafor, plan unchanged."])[0]


def test_missing_model_dir_is_a_config_error(tmp_path, monkeypatch):
    import models.detector
    from models.runtime import OnnxNerDetector

    with pytest.raises(ConfigError, match="does not exist"):
        OnnxNerDetector(tmp_path / "nowhere")
    (tmp_path / "half").mkdir()
    with pytest.raises(ConfigError, match="model.onnx"):
        OnnxNerDetector(tmp_path / "half")
    monkeypatch.setattr(models.detector, "default_model_dir", lambda: tmp_path / "default")
    with pytest.raises(ConfigError, match="default"):
        detectors.get("detector.ner.v1")(DetectorSettings())
    with pytest.raises(ConfigError, match="wrong type"):
        detectors.get("detector.ner.v1")(DetectorSettings(options={"model_dir": 3}))


def test_default_model_dir_is_in_the_package():
    from models.runtime import default_model_dir

    assert default_model_dir() == Path(__file__).resolve().parents[2] / "models" / "default"


def test_the_runtime_never_imports_torch():
    code = "import models.runtime, models.detector, sys; assert 'torch' not in sys.modules, 'torch'"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_throughput_of_the_tiny_model(ner):
    """Printed, not asserted: notes/s on ~840-character notes."""
    note = " ".join(TEXTS)[:840]
    notes = [note] * 50
    ner.detect(notes[:4])
    start = time.perf_counter()
    ner.detect(notes)
    elapsed = time.perf_counter() - start
    print(f"\ntiny model: {len(notes) / elapsed:.0f} notes/s on {ner.providers[0]}")
