"""``phideid train``: fine-tune the PHI NER model at real PHI density and export it to a model directory."""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
from dataclasses import fields
from pathlib import Path

from training.finetune import TrainConfig, train


def main(argv: list[str] | None = None) -> int:
    defaults = {f.name: f.default for f in fields(TrainConfig)}
    parser = argparse.ArgumentParser(prog="phideid train", description=__doc__)
    parser.add_argument("--out", required=True, type=Path, help="model directory to write")
    parser.add_argument("--base", type=Path, help="local HF encoder/token-classifier dir (default: MiniLM)")
    parser.add_argument("--notes", type=int, default=defaults["notes"], help="synthetic notes to generate")
    parser.add_argument("--corpus", choices=("realistic", "template"), default=defaults["corpus"],
                        help="training text: real PHI density from seeds and templates, or templates alone")
    parser.add_argument("--seed", type=int, default=defaults["seed"])
    parser.add_argument("--epochs", type=float, default=defaults["epochs"])
    parser.add_argument("--batch-size", type=int, default=defaults["batch_size"])
    parser.add_argument("--lr", type=float, default=defaults["lr"])
    parser.add_argument("--max-length", type=int, default=defaults["max_length"])
    parser.add_argument("--stride", type=int, default=defaults["stride"])
    parser.add_argument("--run-length", type=int, default=defaults["run_length"],
                        help="window length the exported model runs with (default %(default)s)")
    parser.add_argument("--threshold", type=float, default=defaults["threshold"])
    parser.add_argument("--layers", type=int, default=defaults["layers"],
                        help="keep the first N encoder layers, for speed (default %(default)s; 0: all)")
    parser.add_argument("--no-casing", dest="casing", action="store_false", help="no case feature")
    parser.add_argument("--no-quantize", dest="quantize", action="store_false", help="keep float32 weights")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--no-export", dest="export", action="store_false",
                        help="save the torch checkpoint in OUT/checkpoint only (train on a GPU, export here)")
    parser.add_argument("--from-checkpoint", type=Path, help="export this checkpoint instead of training")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    given = argv if argv is not None else sys.argv[1:]
    command = "phideid train " + " ".join(shlex.quote(a) for a in given)
    config = TrainConfig(
        out=args.out, base=args.base, notes=args.notes, corpus=args.corpus, seed=args.seed,
        epochs=args.epochs,
        batch_size=args.batch_size, lr=args.lr, max_length=args.max_length, stride=args.stride,
        run_length=args.run_length,
        threshold=args.threshold, casing=args.casing, layers=args.layers or None, quantize=args.quantize,
        device=args.device,
        threads=args.threads, export=args.export, checkpoint=args.from_checkpoint, command=command,
    )
    result = train(config)
    if not config.export:
        print(f"checkpoint saved in {result.out / 'checkpoint'}")
        return 0
    from training.card import write_card

    report = json.loads((result.out / "train_report.json").read_text())
    write_card(result.out, report["config"], report["result"], result.command)
    print(json.dumps(report["result"], indent=2))
    return 0
