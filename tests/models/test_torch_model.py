from __future__ import annotations

import torch

from models.torch_model import CasedTokenClassifier
from tests.models.conftest import LABELS, tiny_config


def test_case_embedding_starts_at_zero_so_casing_changes_nothing_before_training():
    torch.manual_seed(0)
    model = CasedTokenClassifier.from_config(tiny_config(), LABELS, casing=True).eval()
    ids = torch.tensor([[101, 7592, 2088, 102]])
    mask = torch.ones_like(ids)
    case = torch.tensor([[0, 2, 3, 0]])
    assert torch.allclose(model(ids, mask, case), model(ids, mask, None), atol=1e-6)


def test_save_and_load_round_trip(tiny_model, tmp_path):
    tiny_model.save(tmp_path, meta={"threshold": 0.3})
    again = CasedTokenClassifier.load(tmp_path)
    assert again.labels == tiny_model.labels and again.casing
    assert CasedTokenClassifier.meta(tmp_path) == {"threshold": 0.3}
    ids = torch.tensor([[101, 7592, 2088, 102]])
    mask, case = torch.ones_like(ids), torch.tensor([[0, 2, 1, 0]])
    assert torch.allclose(again(ids, mask, case), tiny_model(ids, mask, case), atol=1e-6)
