"""``phideid eval-threshold GOLD...``: recall, precision and false PHI per 1,000 tokens at each NER cut.

The model runs once per gold set with a low cut (``--floor``); for each threshold of the sweep the NER
spans scoring below it are dropped, the pattern spans are kept, and the union is merged and scored as
``phideid eval`` scores it. A span's score is its best word's (``models.decode``), so a span whose words
straddle a cut is kept or dropped whole: close to, not exactly, what a run at that cut gives. Gold sets
are scored separately and their curves drawn on one plot (``--plot``, matplotlib: the ``report`` extra).

::

    phideid eval-threshold eval/data/dev \\
        eval/data/mtsamples.annotations.jsonl --texts ../shared/data/clinical-text/mtsamples-subset.jsonl \\
        --plot docs/model/threshold.png --json docs/model/threshold.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.cli import NER, PATTERN, build_detectors, resolve_detector_names
from phideid.detect.merge import merge_spans
from phideid.errors import ConfigError, PhideidError
from phideid.gold import GoldNote, from_spans, read_gold
from phideid.scoring import TokenMetrics, evaluate
from phideid.types import Span

DEFAULT_SWEEP = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def sweep(notes: Sequence[GoldNote], ner: Sequence[list[Span]], other: Sequence[list[Span]],
          thresholds: Sequence[float]) -> list[tuple[float, TokenMetrics]]:
    """Token metrics at each threshold, from NER spans found at a lower cut and the other spans."""
    out = []
    for t in thresholds:
        predicted = [
            GoldNote(n.id, n.text, from_spans(merge_spans(n.text, [*o, *(s for s in m if s.score >= t)])))
            for n, m, o in zip(notes, ner, other, strict=True)
        ]
        out.append((t, evaluate(notes, predicted).tokens))
    return out


def _run_detectors(notes: Sequence[GoldNote], built, batch: int) -> list[list[Span]]:
    found: list[list[Span]] = []
    for i in range(0, len(notes), batch):
        texts = [n.text for n in notes[i:i + batch]]
        acc: list[list[Span]] = [[] for _ in texts]
        for detector in built:
            for spans, new in zip(acc, detector.detect(texts), strict=True):
                spans.extend(new)
        found.extend(acc)
    return found


def plot(curves: dict[str, list[tuple[float, TokenMetrics]]], chosen: float | None, path: Path) -> None:
    try:
        import matplotlib
    except ImportError:
        raise ConfigError("--plot draws with matplotlib: pip install 'phideid[report]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.8))
    for name, points in curves.items():
        ax.plot([m.recall for _, m in points], [m.precision for _, m in points], marker="o", label=name)
        for t, m in points:
            if chosen is not None and abs(t - chosen) < 1e-9:
                ax.annotate(f"{t:g}", (m.recall, m.precision), textcoords="offset points", xytext=(4, 4))
    ax.set_xlabel("token recall")
    ax.set_ylabel("token precision")
    ax.set_title("PHI detection by NER threshold (patterns always on)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phideid eval-threshold", description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", help="gold sets (as for phideid eval)")
    parser.add_argument("--texts", help="JSONL {id, text} for standoff gold sets (as for phideid eval)")
    parser.add_argument("--model", help="NER model directory (default: the shipped models/default)")
    parser.add_argument("--thresholds", help="comma-separated cuts (default: 0.05 to 0.95)")
    parser.add_argument("--floor", type=float, default=0.02, help="the cut the model runs at (default 0.02)")
    parser.add_argument("--mark", type=float, help="the threshold to mark on the plot")
    parser.add_argument("--plot", type=Path, help="write the precision-recall curves here (PNG)")
    parser.add_argument("--json", dest="json_out", type=Path, help="write the figures here")
    parser.add_argument("--batch", type=int, default=64)
    return parser


def run(args: argparse.Namespace) -> int:
    thresholds = DEFAULT_SWEEP if not args.thresholds else tuple(float(t) for t in args.thresholds.split(","))
    names, _ = resolve_detector_names("pattern,ner", args.model)
    ner = build_detectors([NER], args.model, args.floor)
    others = build_detectors([n for n in names if n != PATTERN and n != NER] + [PATTERN], args.model)
    curves: dict[str, list[tuple[float, TokenMetrics]]] = {}
    for gold_path in args.gold:
        notes = read_gold(gold_path, texts=args.texts if gold_path.endswith(".jsonl") else None)
        curves[Path(gold_path).name] = sweep(
            notes, _run_detectors(notes, ner, args.batch), _run_detectors(notes, others, args.batch),
            thresholds,
        )
    for name, points in curves.items():
        print(f"{name}\n  {'threshold':>9} {'recall':>8} {'precision':>9} {'false/1k':>9}")
        for t, m in points:
            print(f"  {t:9.2f} {m.recall:8.4f} {m.precision:9.4f} {m.false_per_1000:9.2f}")
    if args.json_out:
        data = {name: [{"threshold": t, **m.as_dict()} for t, m in points] for name, points in curves.items()}
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if args.plot:
        plot(curves, args.mark, args.plot)
        print(f"plot written to {args.plot}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        return run(args)
    except PhideidError as exc:
        print(f"phideid eval-threshold: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
