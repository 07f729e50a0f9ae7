"""Local training and evaluation on one site: the model skeleton, DP-SGD with Opacus, held-back scores.

The model is ``models.torch_model.CasedTokenClassifier`` on the base encoder (optionally cut to its
first ``layers``). Position and token-type embeddings are always frozen (Opacus' per-sample gradients
cannot handle their broadcast ids, and they hardly move in fine-tuning); with ``freeze="embeddings"``
the word embeddings freeze too, which halves what travels each round and the dimension DP noise is
spread over; ``freeze="encoder"`` trains only the case embedding and the classification head (a linear
probe of the pretrained encoder: 0.2% of the parameters of a 2-layer MiniLM). Only the trainable parameters
(``trainable_state``) ever leave a site.

Under DP-SGD, one training example is one privacy unit (a note, or all the notes of a patient): each step
Poisson-samples units and takes one random window of each, so a unit adds at most one clipped gradient to
a step, which is what the accountant assumes. Without DP, every window of every note is used, shuffled,
as in ``training.finetune``.
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.torch_model import CasedTokenClassifier
from phideid.scoring import TokenMetrics
from training.data import IGNORE, Window, bio_labels, encode, load_tokenizer
from training.federated.settings import FederatedSettings
from training.federated.sites import SiteNote
from training.finetune import _batches, _keep_layers, _tensors

ALWAYS_FROZEN = ("position_embeddings", "token_type_embeddings")


def build_model(settings: FederatedSettings) -> CasedTokenClassifier:
    """The untrained skeleton every party builds alike (the head's start comes from the coordinator)."""
    torch.manual_seed(settings.seed)
    model = CasedTokenClassifier.from_encoder(settings.base_dir, bio_labels()).float()
    if settings.layers:
        _keep_layers(model, settings.layers)
    for name, param in model.named_parameters():
        frozen = any(part in name for part in ALWAYS_FROZEN)
        if settings.freeze == "embeddings" and "word_embeddings" in name:
            frozen = True
        if settings.freeze == "encoder" and not name.startswith(("classifier", "case_embedding")):
            frozen = True
        param.requires_grad_(not frozen)
    return model


def trainable_state(model: nn.Module) -> OrderedDict[str, torch.Tensor]:
    """The parameters that train (and travel), by name, detached on the CPU."""
    return OrderedDict((n, p.detach().cpu().clone()) for n, p in model.named_parameters() if p.requires_grad)


def load_trainable(model: nn.Module, arrays: Mapping[str, np.ndarray | torch.Tensor]) -> None:
    """Set the trainable parameters from ``arrays``; names and shapes must match exactly."""
    params = {n: p for n, p in model.named_parameters() if p.requires_grad}
    if set(params) != set(arrays):
        raise ValueError("the received arrays do not match the model's trainable parameters")
    with torch.no_grad():
        for name, param in params.items():
            value = torch.as_tensor(np.asarray(arrays[name]), dtype=param.dtype)
            if value.shape != param.shape:
                raise ValueError(f"array {name}: shape {tuple(value.shape)}, expected {tuple(param.shape)}")
            param.copy_(value)


def windows_by_unit(units: Sequence[Sequence[SiteNote]], settings: FederatedSettings) -> list[list[Window]]:
    tokenizer = load_tokenizer(settings.base_dir, settings.max_length, settings.stride)
    labels = bio_labels()
    return [encode([n.text for n in unit], tokenizer, labels) for unit in units]


@dataclass
class LocalResult:
    steps: int
    loss: float  # mean training loss over the round's steps


class _UnitWindows(torch.utils.data.Dataset):
    """Item ``i``: one random window of privacy unit ``i``, padded to ``max_length``."""

    def __init__(self, units: Sequence[Sequence[Window]], max_length: int, seed: int) -> None:
        self.units = [list(u) for u in units if u]
        self.max_length = max_length
        self.rng = random.Random(seed)

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index: int):
        window = self.rng.choice(self.units[index])
        pad = self.max_length - len(window.input_ids)

        def row(values, fill):
            return torch.tensor(list(values) + [fill] * pad, dtype=torch.long)

        return (row(window.input_ids, 0), row(window.attention_mask, 0), row(window.case_ids, 0),
                row(window.label_ids, IGNORE))


def _per_unit_loss(model, ids, mask, case, gold) -> torch.Tensor:
    """Mean token loss per example, averaged over the batch (so Opacus' "mean" reduction is exact)."""
    logits = model(input_ids=ids, attention_mask=mask, case_ids=case)
    tokens = nn.functional.cross_entropy(logits.transpose(1, 2), gold, ignore_index=IGNORE, reduction="none")
    valid = (gold != IGNORE).sum(1).clamp(min=1)
    return (tokens.sum(1) / valid).mean()


def _optimizer(model: nn.Module, settings: FederatedSettings) -> torch.optim.Optimizer:
    return torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.lr,
                             weight_decay=0.0)


def _proximal_step(model: nn.Module, anchor: Mapping[str, torch.Tensor], lr: float, mu: float) -> None:
    """FedProx's proximal term as a data-independent pull towards the global model (no privacy cost)."""
    if mu <= 0:
        return
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.requires_grad:
                param.sub_(lr * mu * (param - anchor[name]))


def train_plain(model: CasedTokenClassifier, units: Sequence[Sequence[Window]], settings: FederatedSettings,
                seed: int, proximal_mu: float = 0.0) -> LocalResult:
    """Non-private local training over every window (``local_epochs`` passes)."""
    windows = [w for unit in units for w in unit]
    anchor = trainable_state(model)
    optimizer = _optimizer(model, settings)
    steps = max(1, math.ceil(len(windows) / settings.batch_size * settings.local_epochs))
    order = random.Random(seed)
    model.train()
    done, total = 0, 0.0
    while done < steps:
        for batch in _batches(windows, settings.batch_size, order):
            if done >= steps:
                break
            inputs = _tensors(batch, "cpu", True)
            loss = _per_unit_loss(model, inputs["input_ids"], inputs["attention_mask"], inputs["case_ids"],
                                  inputs["labels"])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            _proximal_step(model, anchor, settings.lr, proximal_mu)
            total += loss.item()
            done += 1
    model.eval()
    return LocalResult(steps=done, loss=total / done)


def train_private(model: CasedTokenClassifier, units: Sequence[Sequence[Window]], settings: FederatedSettings,
                  *, noise: float, rate: float, steps: int, seed: int,
                  proximal_mu: float = 0.0) -> LocalResult:
    """``steps`` DP-SGD steps (Opacus, Poisson sampling at ``rate``, per-unit clipping, Gaussian noise).

    The caller accounts for the steps (``privacy.extend``): every step of Opacus' optimizer releases one
    noisy gradient, whether or not its Poisson batch came out empty.
    """
    from opacus import GradSampleModule
    from opacus.data_loader import DPDataLoader
    from opacus.optimizers import DPOptimizer

    torch.manual_seed(seed)
    dataset = _UnitWindows(units, settings.max_length, seed)
    loader = DPDataLoader(dataset, sample_rate=rate, generator=torch.Generator().manual_seed(seed))
    anchor = trainable_state(model)
    sampled = GradSampleModule(model)
    optimizer = DPOptimizer(_optimizer(model, settings), noise_multiplier=noise,
                            max_grad_norm=settings.max_grad_norm,
                            expected_batch_size=max(1, round(rate * len(dataset))), loss_reduction="mean")
    sampled.train()
    done, total, counted = 0, 0.0, 0
    while done < steps:
        for ids, mask, case, gold in loader:
            if done >= steps:
                break
            optimizer.zero_grad(set_to_none=True)
            if len(ids):
                loss = _per_unit_loss(sampled, ids, mask, case, gold)
                loss.backward()
                total += loss.item()
                counted += 1
            else:  # an empty Poisson batch still releases pure noise, as the accountant assumes
                for p in model.parameters():
                    if p.requires_grad:
                        p.grad_sample = torch.zeros((0, *p.shape))
            optimizer.step()
            _proximal_step(model, anchor, settings.lr, proximal_mu)
            done += 1
    sampled.eval()
    sampled._close()
    model.eval()
    return LocalResult(steps=done, loss=total / max(1, counted))


@dataclass
class Scores:
    """Loss and wordpiece-level PHI counts on held-back windows (sums, so sites can be added up)."""

    windows: int = 0
    loss_sum: float = 0.0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Scores) -> Scores:
        return Scores(self.windows + other.windows, self.loss_sum + other.loss_sum, self.tp + other.tp,
                      self.fp + other.fp, self.fn + other.fn)

    @property
    def loss(self) -> float:
        return self.loss_sum / self.windows if self.windows else math.nan

    @property
    def tokens(self) -> TokenMetrics:
        """Recall, precision and F1 of the counts, as ``phideid eval`` computes them."""
        return TokenMetrics(self.tp, self.fp, self.fn, tokens=self.tp + self.fp + self.fn)

    def metrics(self) -> dict[str, float]:
        return {"eval-windows": float(self.windows), "eval-loss-sum": self.loss_sum,
                "eval-tp": float(self.tp), "eval-fp": float(self.fp), "eval-fn": float(self.fn)}

    @classmethod
    def from_metrics(cls, metrics: Mapping[str, float]) -> Scores:
        get = metrics.get
        return cls(int(get("eval-windows", 0)), float(get("eval-loss-sum", 0.0)), int(get("eval-tp", 0)),
                   int(get("eval-fp", 0)), int(get("eval-fn", 0)))


def score(model: CasedTokenClassifier, windows: Sequence[Window]) -> Scores:
    """Loss (mean token loss per window, summed) and PHI token counts (argmax, non-O vs O)."""
    out = Scores()
    model.eval()
    with torch.no_grad():
        for i in range(0, len(windows), 32):
            inputs = _tensors(list(windows[i : i + 32]), "cpu", True)
            gold = inputs.pop("labels")
            logits = model(**inputs)
            tokens = nn.functional.cross_entropy(logits.transpose(1, 2), gold, ignore_index=IGNORE,
                                                 reduction="none")
            valid = gold != IGNORE
            per_window = tokens.sum(1) / valid.sum(1).clamp(min=1)
            pred = logits.argmax(-1)
            g_phi, p_phi = valid & (gold != 0), valid & (pred != 0)
            out = out.add(Scores(len(gold), float(per_window.sum()), int((g_phi & p_phi).sum()),
                                 int((p_phi & ~g_phi).sum()), int((g_phi & ~p_phi).sum())))
    return out
