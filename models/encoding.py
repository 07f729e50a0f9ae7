"""Notes to model inputs: fast-tokenizer encoding with offsets, case ids, and overlapping windows.

Shared by the run time (``models.runtime``) and the export's parity check, so both feed the model the
same way. A note is encoded once without special tokens; it is then cut into windows of at most
``max_length`` tokens (the special tokens included) that overlap by ``stride`` tokens; the last one
covers what is left (at least ``stride + 1`` tokens), so a note costs what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from models.casing import SPECIAL, case_ids
from phideid.errors import ConfigError


@dataclass(frozen=True, slots=True)
class EncodedText:
    """One note as tokens: ``ids``, character ``offsets`` ``[n, 2]`` and ``case`` classes, no specials."""

    ids: np.ndarray
    offsets: np.ndarray
    case: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Window:
    """Tokens ``start:end`` of note ``text_index``, to be wrapped in the tokenizer's special tokens."""

    text_index: int
    start: int
    end: int


class NoteTokenizer:
    """A ``tokenizer.json`` ready for notes: no truncation, no padding, special tokens added per window."""

    def __init__(self, path: str | Path) -> None:
        try:
            self.tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # tokenizers raises a bare Exception for unreadable files
            raise ConfigError(f"{path} is not a readable tokenizer.json ({type(exc).__name__})") from None
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        probe = self.tokenizer.encode("a", add_special_tokens=True)
        content = [i for i, special in enumerate(probe.special_tokens_mask) if not special]
        if not content:
            raise ConfigError(f"{path}: the tokenizer encodes text as special tokens only")
        self.prefix: list[int] = probe.ids[: content[0]]
        self.suffix: list[int] = probe.ids[content[-1] + 1:]
        self.pad_id: int = self.tokenizer.token_to_id("[PAD]") or 0
        padding = self.tokenizer.padding  # None after no_padding(); the id from the file wins when present
        if isinstance(padding, dict) and "pad_id" in padding:
            self.pad_id = int(padding["pad_id"])

    @property
    def n_special(self) -> int:
        return len(self.prefix) + len(self.suffix)

    def encode(self, texts: Sequence[str]) -> list[EncodedText]:
        """Encode every note at once (the Rust tokenizer runs the batch in parallel)."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        out = []
        for text, enc in zip(texts, encodings, strict=True):
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            out.append(EncodedText(
                ids=np.asarray(enc.ids, dtype=np.int64),
                offsets=offsets,
                case=np.asarray(case_ids(text, enc.offsets), dtype=np.int64),
            ))
        return out

    def save(self, path: str | Path) -> None:
        self.tokenizer.save(str(path))


def plan_windows(n_tokens: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` covering ``n_tokens`` with windows of ``size`` overlapping by ``stride``.

    The last window runs from where the step puts it to the end of the note, so it may be short: a note
    of 1.2 windows costs 1.2 windows of compute, not 2 (every token still has ``stride`` tokens of context
    on the side where a window ends, and takes its prediction from the window where it is most central).

    >>> plan_windows(10, 4, 1)
    [(0, 4), (3, 7), (6, 10)]
    >>> plan_windows(11, 4, 1)
    [(0, 4), (3, 7), (6, 10), (9, 11)]
    >>> plan_windows(3, 4, 1)
    [(0, 3)]
    """
    if size <= 0 or not 0 <= stride < size:
        raise ValueError(f"need size > 0 and 0 <= stride < size, got size={size} stride={stride}")
    windows: list[tuple[int, int]] = []
    start, step = 0, size - stride
    while True:
        end = min(start + size, n_tokens)
        if end > start:
            windows.append((start, end))
        if end >= n_tokens:
            return windows
        start += step


def window_inputs(notes: Sequence[EncodedText], windows: Sequence[Window], tokenizer: NoteTokenizer,
                  ) -> dict[str, np.ndarray]:
    """``input_ids``, ``attention_mask`` and ``case_ids`` for a batch of windows, padded to the longest."""
    prefix, suffix = tokenizer.prefix, tokenizer.suffix
    length = max(w.end - w.start for w in windows) + tokenizer.n_special
    ids = np.full((len(windows), length), tokenizer.pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), length), dtype=np.int64)
    case = np.full((len(windows), length), SPECIAL, dtype=np.int64)
    p = len(prefix)
    for row, w in enumerate(windows):
        note = notes[w.text_index]
        n = w.end - w.start
        ids[row, :p] = prefix
        ids[row, p:p + n] = note.ids[w.start:w.end]
        ids[row, p + n:p + n + len(suffix)] = suffix
        mask[row, :p + n + len(suffix)] = 1
        case[row, p:p + n] = note.case[w.start:w.end]
    return {"input_ids": ids, "attention_mask": mask, "case_ids": case}
