"""From labelled notes to model inputs: windows of token ids, case classes and BIO label ids.

Each note is tokenized once with the base model's fast tokenizer (offsets into the original text);
notes longer than ``max_length`` tokens become overlapping windows (``stride`` tokens of overlap), as
at run time. A token takes the label of the span it overlaps: ``B-`` on the token holding the span's
first character, ``I-`` on the rest; special tokens get ``IGNORE`` so the loss skips them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Tokenizer

from models.casing import case_ids
from phideid.types import PhiType

IGNORE = -100


def bio_labels() -> list[str]:
    """``O`` then ``B-``/``I-`` for every PhiType, in the enum's order: the model's label set."""
    return ["O"] + [f"{prefix}-{t.value}" for t in PhiType for prefix in ("B", "I")]


@dataclass(frozen=True)
class LabelledText:
    """A note and its gold spans ``(start, end, PhiType value)``, end-exclusive."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class Window:
    input_ids: list[int]
    attention_mask: list[int]
    case_ids: list[int]
    label_ids: list[int]


def load_tokenizer(model_dir: str | Path, max_length: int, stride: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tokenizer.no_padding()  # batches are padded to their own longest window
    tokenizer.enable_truncation(max_length=max_length, stride=stride)
    return tokenizer


def encode(
    notes: Iterable[LabelledText], tokenizer: Tokenizer, labels: Sequence[str]
) -> list[Window]:
    """All windows of all notes, in note order."""
    index = {label: i for i, label in enumerate(labels)}
    windows: list[Window] = []
    for note in notes:
        first = tokenizer.encode(note.text)
        for enc in [first, *first.overflowing]:
            windows.append(
                Window(
                    input_ids=list(enc.ids),
                    attention_mask=list(enc.attention_mask),
                    case_ids=case_ids(note.text, enc.offsets),
                    label_ids=_align(enc.offsets, enc.special_tokens_mask, note.spans, index),
                )
            )
    return windows


def _align(
    offsets: Sequence[tuple[int, int]],
    special: Sequence[int],
    spans: Sequence[tuple[int, int, str]],
    index: dict[str, int],
) -> list[int]:
    ordered = sorted(spans)
    out: list[int] = []
    for (start, end), is_special in zip(offsets, special, strict=True):
        if is_special or end <= start:
            out.append(IGNORE)
            continue
        label = "O"
        for s_start, s_end, s_label in ordered:
            if s_start >= end:
                break
            if s_end > start:  # the token overlaps the span
                label = f"{'B' if start <= s_start < end else 'I'}-{s_label}"
                break
        out.append(index[label])
    return out
