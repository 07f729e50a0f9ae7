"""``phideid eval GOLD``: run the detectors over gold notes and score them (no vault, no surrogates).

The pipeline is detection only: the chosen detectors (registered names, ``detector.pattern.v1`` and,
when ``models.detector`` is importable, ``detector.ner.v1``) run in batches over the gold texts, their
spans are merged per text with ``merge_spans`` exactly as the engine merges them, and, unless
``--policy-free``, spans of types the policy *keeps* (Safe Harbor keeps STATE, COUNTRY, PROFESSION) are
dropped, since they stay in the output. What is printed: the token-level binary PHI table, seqeval's
per-type entity report (strict IOB2) and the missed PHI tokens per gold type; the missed surface forms
only with ``--show-missed`` (gold text may be real PHI).

::

    phideid eval eval/data/synthetic_gold.jsonl --detectors pattern --predictions /tmp/pred.jsonl
    phideid eval /data/i2b2-brat/ --label-map i2b2 --model models/default
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from models.runtime import default_model_dir
from phideid import compose
from phideid.config import EngineConfig
from phideid.detect import detectors
from phideid.detect.base import Detector
from phideid.detect.merge import merge_spans
from phideid.errors import ConfigError, InputError, PhideidError
from phideid.gold import GoldNote, from_spans, read_gold, write_predictions
from phideid.policy import DEFAULT_POLICY, Action, load_policy
from phideid.scoring import Evaluation, LabelMap, evaluate, i2b2_label_map
from phideid.types import PhiType, Span

PATTERN = "detector.pattern.v1"
NER = "detector.ner.v1"
#: short names accepted by ``--detectors``
ALIASES = {"pattern": PATTERN, "ner": NER}
#: the shipped default model (``models/__init__.py`` describes the directory contract)
DEFAULT_MODEL_DIR = default_model_dir()


def ner_available() -> bool:
    """Whether ``detector.ner.v1`` is registered (importing ``models.detector`` registers it)."""
    if NER in detectors:
        return True
    try:
        import models.detector  # noqa: F401  (registers detector.ner.v1)
    except ImportError:
        return False
    return NER in detectors


def default_detector_names(model: str | Path | None) -> tuple[list[str], str | None]:
    """Pattern, plus NER when its code and a model are there; and a note on what is missing, if anything."""
    if not ner_available():
        return [PATTERN], "NER detector not available (models.detector is missing): pattern only"
    if model is None and not (DEFAULT_MODEL_DIR / "model.onnx").is_file():
        return [PATTERN], f"no model given and no default model at {DEFAULT_MODEL_DIR}: pattern only"
    return [PATTERN, NER], None


def resolve_detector_names(spec: str | None, model: str | Path | None) -> tuple[list[str], str | None]:
    """``--detectors pattern,ner`` (short or registered names) to registered names, checked."""
    if spec is None:
        return default_detector_names(model)
    names = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name = ALIASES.get(part, part)
        if name == NER and not ner_available():
            raise ConfigError("the NER detector is not available (models.detector is missing); "
                              "use --detectors pattern")
        detectors.get(name)  # an unknown name is a ConfigError listing the registered ones
        names.append(name)
    if not names:
        raise ConfigError("--detectors names no detector")
    return names, None


def build_detectors(
    names: Sequence[str], model: str | Path | None = None, threshold: float | None = None
) -> list[Detector]:
    """Build each named detector as the engine does; ``model`` and ``threshold`` reach the NER factory."""
    options: dict[str, object] = {} if threshold is None else {"ner_threshold": threshold}
    config = EngineConfig(
        detectors=list(names), model_dir=Path(model) if model is not None else None, detector_options=options
    )
    return compose.build_detectors(config)


def detect(notes: Sequence[GoldNote], built: Sequence[Detector], batch_size: int = 64) -> list[list[Span]]:
    """Every detector over the texts in batches, merged per text as the engine merges them."""
    out: list[list[Span]] = []
    for i in range(0, len(notes), batch_size):
        texts = [n.text for n in notes[i : i + batch_size]]
        found: list[list[Span]] = [[] for _ in texts]
        for detector in built:
            for acc, spans in zip(found, detector.detect(texts), strict=True):
                acc.extend(spans)
        out.extend(merge_spans(text, spans) for text, spans in zip(texts, found, strict=True))
    return out


def kept_types(policy_name: str) -> frozenset[PhiType]:
    """The types ``policy_name`` keeps as they are: their detections remove nothing."""
    policy = load_policy(policy_name)
    return frozenset(t for t, rule in policy.rules.items() if rule.action is Action.KEEP)


def load_label_map(spec: str | None) -> LabelMap | None:
    """``i2b2``, or a JSON file ``{"FROM": "TO", ...}`` (``"O"`` drops a label)."""
    if spec is None:
        return None
    if spec.lower() == "i2b2":
        return i2b2_label_map()
    path = Path(spec)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read label map {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"label map {path} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"label map {path} must be a JSON object of label -> label strings")
    return data


def format_report(evaluation: Evaluation, *, show_missed: bool = False) -> str:
    """The printed tables: token-level binary PHI, seqeval per type, missed tokens per gold type."""
    t = evaluation.tokens
    lines = [
        "Token-level PHI (binary; tokens are runs of letters and digits; a token is PHI if any of its",
        "characters is in a span; micro-averaged over all notes)",
        f"  recall     {t.recall:.4f}",
        f"  precision  {t.precision:.4f}",
        f"  F1         {t.f1:.4f}",
        f"  false PHI tokens per 1,000 tokens  {t.false_per_1000:.2f}",
        f"  TP {t.tp}  FP {t.fp}  FN {t.fn}  TN {t.tn}  tokens {t.tokens}",
        "",
        "Entities per type (seqeval, strict IOB2 over the same tokens)",
        evaluation.entity_report().rstrip("\n"),
        "",
        "Missed PHI tokens by gold type",
        f"  {'type':16} {'gold':>7} {'missed':>7} {'recall':>8}",
    ]
    missed = evaluation.missed
    for label in sorted(missed.gold_tokens):
        lines.append(f"  {label:16} {missed.gold_tokens[label]:7d} {missed.missed_tokens.get(label, 0):7d} "
                     f"{missed.recall(label):8.4f}")
    lines += ["",
              "Most frequent false PHI tokens, by predicted type and word shape (X upper, x lower, d digit)",
              f"  {'type':16} {'shape':20} {'tokens':>7}"]
    for (label, word_shape), count in evaluation.false.top(15):
        lines.append(f"  {label:16} {word_shape:20} {count:7d}")
    if show_missed:
        lines += ["", "Missed surface forms (gold text: may be PHI; shown because --show-missed was given)"]
        for (label, surface), count in sorted(missed.surfaces.items(), key=lambda kv: (kv[0][0], -kv[1])):
            lines.append(f"  {label:16} {count:4d}  {surface}")
        lines += ["", "False PHI surface forms, most frequent first"]
        false = sorted(evaluation.false.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))
        for (label, surface), count in false[:60]:
            lines.append(f"  {label:16} {count:4d}  {surface}")
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phideid eval",
                                     description="Score PHI detection against gold spans.")
    parser.add_argument("gold", help="gold JSONL ({id, text, spans}), a .notes file, a folder of .notes "
                        "files, or a folder of BRAT .txt/.ann pairs")
    parser.add_argument("--texts", help="JSONL of {id, text}: the texts of a standoff gold whose records "
                        "give sha256 instead of text (eval/data/mtsamples.annotations.jsonl)")
    parser.add_argument("--model", help="NER model directory (default: the shipped models/default)")
    parser.add_argument("--detectors", help="comma-separated: pattern,ner or registered names "
                        "(default: pattern, plus ner when its code and a model are available)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--policy", default=DEFAULT_POLICY,
                       help=f"drop detections of types this policy keeps (default {DEFAULT_POLICY})")
    which.add_argument("--policy-free", action="store_true",
                       help="score every detection, whatever a policy keeps")
    parser.add_argument("--label-map", help="'i2b2', or a JSON file mapping labels ({\"DOCTOR\": \"NAME\"}); "
                        "applied to gold and predictions; a label mapped to \"O\" is not scored")
    parser.add_argument("--predictions", help="write the predicted spans here as JSONL (same ids)")
    parser.add_argument("--batch", type=int, default=64, help="texts per detector call (default 64)")
    parser.add_argument("--threshold", type=float, help="NER cut: a word is PHI when 1 - P(O) >= this "
                        "(default: the model's own)")
    parser.add_argument("--json", dest="json_out", help="also write the figures (no text) as JSON here")
    parser.add_argument("--show-missed", action="store_true",
                        help="print the missed and the false surface forms (gold text: may be real PHI)")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.batch < 1:
        raise ConfigError("--batch must be at least 1")
    gold = read_gold(args.gold, texts=args.texts)
    if not gold:
        raise InputError(f"gold {args.gold} holds no notes")
    label_map = load_label_map(args.label_map)
    names, note = resolve_detector_names(args.detectors, args.model)
    built = build_detectors(names, args.model, args.threshold)
    found = detect(gold, built, args.batch)
    keep = frozenset() if args.policy_free else kept_types(args.policy)
    predicted = [
        GoldNote(n.id, n.text, from_spans(s for s in spans if s.phi_type not in keep))
        for n, spans in zip(gold, found, strict=True)
    ]
    if args.predictions:
        write_predictions(args.predictions, predicted)
    evaluation = evaluate(gold, predicted, label_map, with_surface=args.show_missed)

    print(f"gold: {args.gold} ({len(gold)} notes, {sum(len(n.spans) for n in gold)} spans)")
    print(f"detectors: {', '.join(names)}" + (f"  [{note}]" if note else ""))
    if args.policy_free:
        print("policy: none (--policy-free: every detection scored)")
    else:
        print(f"policy: {args.policy} (detections of kept types dropped: "
              f"{', '.join(sorted(t.value for t in keep)) or 'none'})")
    if args.label_map:
        print(f"label map: {args.label_map}")
    print()
    sys.stdout.write(format_report(evaluation, show_missed=args.show_missed))
    if args.predictions:
        print(f"\npredictions written to {args.predictions}")
    if args.json_out:
        figures = {
            "gold": str(args.gold), "notes": len(gold), "detectors": names,
            "policy": None if args.policy_free else args.policy, "label_map": args.label_map,
            "tokens": evaluation.tokens.as_dict(), "entities": evaluation.entity_scores(),
            "missed_tokens": dict(evaluation.missed.missed_tokens),
            "false_tokens_by_shape": [
                {"type": label, "shape": word_shape, "tokens": count}
                for (label, word_shape), count in evaluation.false.top(50)
            ],
            "gold_tokens": dict(evaluation.missed.gold_tokens),
        }
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``phideid eval``; errors are one line on stderr and exit code 2."""
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        return run(args)
    except PhideidError as exc:
        print(f"phideid eval: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
