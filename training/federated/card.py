"""The model card of a federated run: how it was trained, on whose data (by count), and its privacy."""

from __future__ import annotations

import json

from training.data import bio_labels
from training.federated.settings import FederatedSettings


def card_text(settings: FederatedSettings, report: dict, result: dict) -> str:
    types = sorted({label[2:] for label in bio_labels() if label != "O"})
    layers = f", keeping its first {settings.layers} layers" if settings.layers else ""
    dp = report["dp_sgd"]
    if dp["enabled"]:
        privacy = (f"DP-SGD on every site (Opacus, RDP accountant): epsilon {dp['epsilon_spent']:.3f} "
                   f"(budget {dp['epsilon_budget']}) at delta {dp['delta']}, per {dp['privacy_unit']}, "
                   f"clipping norm {dp['max_grad_norm']}, Poisson sampling.")
    else:
        privacy = "No differential privacy: the updates are not noised (notes still never left the sites)."
    return f"""# phideid PHI NER model (federated)

Token classification (BIO over phideid's PHI types) fine-tuned from {settings.base or "all-MiniLM-L6-v2"}
{layers} with a casing feature, by federated learning (Flower, {settings.strategy}) across
{report['sites']} sites for {report['rounds_completed']} rounds; exported to ONNX and quantized to int8.

## Labels
`O` and `B-`/`I-` for: {", ".join(types)}.

## Privacy
{privacy}
Server-side DP: {json.dumps(report['server_dp'])}.
Secure aggregation: {report['secure_aggregation'] or 'off'}.
Only model parameters and metrics left the sites; see `privacy_report.json` beside the model's folder.

## Metrics (the sites' held-back notes, wordpiece level, argmax)
{json.dumps(result.get('final_heldout', {}))}

## Reproduce
```bash
{settings.command or '(run through flwr run with the run config in privacy_report.json)'}
```
"""
