"""Synthetic clinical notes with exact character-span PHI labels: the only data the PHI model learns from.

Each note is built from pieces whose labels are known by construction (``build``): templates per note
kind (``kinds``), PHI surface forms and hard negatives (``phi``), name and place pools from seeded Faker
instances and our own lists (``pools``, ``vocab``). Surface styles (case, typos, missing punctuation,
hard line wrapping, extra spaces) are applied to the pieces, so labels stay exact.

Deterministic: note ``i`` of ``generate(n, seed, kinds=...)`` depends only on ``(seed, i, kinds)``, drawn
from ``random.Random`` seeded with a string (hashed with SHA-512 by the standard library, not ``hash()``),
so the same call gives identical notes in any process.

>>> notes = generate(3, seed=1)
>>> all(n.text[s.start:s.end].strip() for n in notes for s in n.spans)
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from phideid.types import PhiType
from training.synth.build import STYLES, Style, assemble, draw_style
from training.synth.kinds import KIND_WEIGHTS, KINDS
from training.synth.phi import make_context
from training.synth.pools import pools_for

if TYPE_CHECKING:
    import datasets

__all__ = [
    "KINDS",
    "STYLES",
    "LabelledSpan",
    "Note",
    "generate",
    "plan",
    "read_jsonl",
    "to_dataset",
    "write_jsonl",
]

_LABELS = frozenset(t.value for t in PhiType)


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """``text[start:end]`` (end-exclusive) is PHI of type ``label`` (a ``PhiType`` value)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    kind: str
    text: str
    spans: tuple[LabelledSpan, ...]


def _kind_list(kinds: Sequence[str] | None) -> tuple[list[str], list[float]]:
    if kinds is None:
        names = list(KIND_WEIGHTS)
    else:
        names = list(dict.fromkeys(kinds))
        unknown = [k for k in names if k not in KINDS]
        if unknown or not names:
            raise ValueError(f"unknown note kinds {unknown}; expected some of {sorted(KINDS)}")
    return names, [KIND_WEIGHTS[k] for k in names]


def _note_rng(seed: int, index: int, kinds: list[str]) -> random.Random:
    return random.Random(f"phideid-synth|{seed}|{index}|{','.join(kinds)}")


def _draw(seed: int, index: int, kinds: list[str], weights: list[float]) -> tuple[random.Random, str, Style]:
    rng = _note_rng(seed, index, kinds)
    kind = rng.choices(kinds, weights=weights)[0]
    return rng, kind, draw_style(rng, kind)


def plan(n: int, seed: int, *, kinds: Sequence[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """The (kind, style names) of each note ``generate`` would make with the same arguments (cheap)."""
    names, weights = _kind_list(kinds)
    out = []
    for i in range(n):
        _, kind, style = _draw(seed, i, names, weights)
        out.append((kind, style.names))
    return out


def generate(n: int, seed: int, *, kinds: Sequence[str] | None = None) -> list[Note]:
    """Generate ``n`` labelled notes, mixing ``kinds`` (default: all, ICU nursing notes the largest share)."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    names, weights = _kind_list(kinds)
    pools = pools_for(seed)
    notes = []
    for i in range(n):
        rng, kind, style = _draw(seed, i, names, weights)
        ctx = make_context(rng, pools, kind)
        sections = KINDS[kind](ctx)
        text, spans = assemble(sections, style, rng)
        notes.append(
            Note(
                id=f"synth-{seed}-{i:06d}",
                kind=kind,
                text=text,
                spans=tuple(LabelledSpan(s, e, label) for s, e, label in spans),
            )
        )
    return notes


def check_note(note: Note) -> None:
    """Raise ``ValueError`` if a note's spans are not sorted, disjoint, in bounds, trimmed and typed."""
    prev_end = 0
    for s in note.spans:
        if not (prev_end <= s.start < s.end <= len(note.text)):
            raise ValueError(f"{note.id}: span {s.start}..{s.end} out of order or out of bounds")
        piece = note.text[s.start : s.end]
        if piece != piece.strip():
            raise ValueError(f"{note.id}: span {s.start}..{s.end} has surrounding whitespace")
        if s.label not in _LABELS:
            raise ValueError(f"{note.id}: unknown label {s.label!r}")
        prev_end = s.end


def write_jsonl(notes: Iterable[Note], path: str | Path) -> int:
    """Write notes in the gold format (one ``{"id", "text", "spans"}`` object a line); return the count."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for note in notes:
            record = {
                "id": note.id,
                "kind": note.kind,
                "text": note.text,
                "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in note.spans],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> list[Note]:
    """Read notes in the gold format (``kind`` is optional and defaults to ``""``)."""
    notes = []
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            notes.append(
                Note(
                    id=str(record["id"]),
                    kind=str(record.get("kind", "")),
                    text=record["text"],
                    spans=tuple(
                        LabelledSpan(int(s["start"]), int(s["end"]), str(s["label"])) for s in record["spans"]
                    ),
                )
            )
    return notes


def to_dataset(notes: Sequence[Note]) -> datasets.Dataset:
    """A ``datasets.Dataset`` with columns id, kind, text, spans (a list of {start, end, label})."""
    import datasets

    return datasets.Dataset.from_dict(
        {
            "id": [n.id for n in notes],
            "kind": [n.kind for n in notes],
            "text": [n.text for n in notes],
            "spans": [[{"start": s.start, "end": s.end, "label": s.label} for s in n.spans] for n in notes],
        }
    )
