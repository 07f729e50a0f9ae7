"""``python -m training.synth --notes N --seed S --out FILE.jsonl [--kinds ...]``: write synthetic notes
and print counts per note kind and per label."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from training.synth import KINDS, generate, write_jsonl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.synth", description=__doc__)
    parser.add_argument("--notes", type=int, required=True, help="how many notes")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same notes)")
    parser.add_argument("--out", required=True, help="output JSONL file (gold format)")
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), help="note kinds to mix (default: all)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    notes = generate(args.notes, args.seed, kinds=args.kinds)
    write_jsonl(notes, args.out)
    elapsed = time.perf_counter() - started

    kinds = Counter(n.kind for n in notes)
    labels = Counter(s.label for n in notes for s in n.spans)
    out = sys.stdout
    out.write(f"wrote {len(notes)} notes to {args.out} in {elapsed:.1f}s\n\nnotes per kind:\n")
    for kind, count in kinds.most_common():
        out.write(f"  {kind:<14} {count:>7}\n")
    out.write(f"\nspans per label ({sum(labels.values())} in all):\n")
    for label, count in labels.most_common():
        out.write(f"  {label:<14} {count:>7}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
