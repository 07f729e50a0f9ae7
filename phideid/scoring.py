"""Scoring predicted PHI spans against gold spans: pure functions, no I/O.

Tokens
    A token is a maximal run of letters and digits, ``[^\\W_]+`` under Python's Unicode ``re`` (so
    "O'Neil" is two tokens, "7/22/2009" three, "93F" one, "Zoë" one, "snake_case" two: the underscore
    is punctuation here). Whitespace and punctuation are never tokens and are never scored.

Token-level binary PHI metrics (the issue's definition)
    A token is PHI when any character of it lies inside a span; gold and prediction are compared per
    token, ignoring types. TP = PHI in both, FN = gold PHI the prediction missed, FP = predicted PHI that
    is not gold. Recall, precision and F1 are micro-averaged over every token of every note.

Entity-level metrics per type (seqeval)
    The same tokens get IOB2 tags: a token takes the label of the span covering most of its characters
    (ties: the earlier span); ``B-`` starts each span, ``I-`` continues it. Scored by seqeval in
    **strict** mode with the IOB2 scheme: an entity counts only when its type and its first and last
    token both match. seqeval is imported lazily: it is a development dependency, not a run-time one.

Labels
    A ``label_map`` (``{"DOCTOR": "NAME", "PATIENT": "NAME"}``, or ``i2b2_label_map()``) renames labels
    of gold and predictions alike before scoring; labels it does not name pass unchanged, and a label
    mapped to ``"O"`` (or ``""``) is dropped from both sides, as if never annotated.

Missed PHI
    FN tokens counted per (mapped) gold label; the missed surface forms are collected only when the
    caller passes ``with_surface=True``, because gold text may be real PHI.

False PHI
    FP tokens counted per (predicted label, surface shape) of the word that holds them: ``shape`` maps
    upper-case letters to ``X``, lower-case to ``x``, digits to ``d`` and shortens runs to three
    (``Lasix`` -> ``Xxxx``, ``95/42`` -> ``dd/dd``, ``0300-0500`` -> ``ddd-ddd``), which says what kind of
    clinical text is taken for PHI without quoting it. Surface forms only with ``with_surface=True``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from phideid.errors import InputError
from phideid.gold import GoldNote, GoldSpan
from phideid.types import PhiType

#: a token: a maximal run of Unicode letters and digits (``\w`` minus the underscore)
TOKEN_PATTERN = re.compile(r"[^\W_]+")

#: a label mapped to one of these is dropped from scoring
DROP_LABELS = frozenset({"O", ""})

LabelMap = Mapping[str, str] | Callable[[str], str]


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character offsets (start, end-exclusive) of the tokens of ``text``.

    >>> tokenize("Dr. O'Neil, 7/22")
    [(0, 2), (4, 5), (6, 10), (12, 13), (14, 16)]
    """
    return [m.span() for m in TOKEN_PATTERN.finditer(text)]


def i2b2_label_map() -> Callable[[str], str]:
    """Map i2b2 2014 labels (categories or subcategories) to ``PhiType`` values; ``PhiType`` values stay.

    Predicted labels are already ``PhiType`` values and map to themselves, so one function serves both
    sides. An unknown label is an ``InputError`` naming it (labels are category names, not PHI).
    """

    def to_phi_type(label: str) -> str:
        key = label.strip().upper()
        if key in PhiType.__members__:
            return PhiType(key).value
        try:
            return PhiType.from_i2b2(key).value
        except ValueError:
            raise InputError(f"label {label!r} is neither a PhiType value nor an i2b2 2014 label") from None

    return to_phi_type


def map_spans(spans: Iterable[GoldSpan], label_map: LabelMap | None) -> tuple[GoldSpan, ...]:
    """Rename span labels through ``label_map``; spans mapped to ``"O"``/``""`` are dropped."""
    if label_map is None:
        return tuple(spans)
    rename = label_map if callable(label_map) else (lambda label: label_map.get(label, label))
    out = []
    for span in spans:
        label = rename(span.label)
        if label not in DROP_LABELS:
            out.append(span if label == span.label else GoldSpan(span.start, span.end, label))
    return tuple(out)


def token_labels(text: str, spans: Sequence[GoldSpan], tokens: Sequence[tuple[int, int]] | None = None
                 ) -> list[tuple[str, int] | None]:
    """Per token: ``(label, span index)`` of the span covering most of its characters, or None.

    >>> token_labels("Dr. Wong saw him", [GoldSpan(4, 7, "DOCTOR")])
    [None, ('DOCTOR', 0), None, None]
    """
    if tokens is None:
        tokens = tokenize(text)
    ordered = sorted(enumerate(spans), key=lambda item: (item[1].start, item[1].end))
    out: list[tuple[str, int] | None] = []
    first = 0  # spans ending before the current token can never cover a later one
    for t_start, t_end in tokens:
        while first < len(ordered) and ordered[first][1].end <= t_start:
            first += 1
        best: tuple[str, int] | None = None
        best_overlap = 0
        for index, span in ordered[first:]:
            if span.start >= t_end:
                break
            overlap = min(span.end, t_end) - max(span.start, t_start)
            if overlap > best_overlap:
                best, best_overlap = (span.label, index), overlap
        out.append(best)
    return out


def bio_tags(labels: Sequence[tuple[str, int] | None]) -> list[str]:
    """IOB2 tags from ``token_labels``: ``B-`` where a span starts, ``I-`` inside it, ``O`` outside."""
    tags = []
    previous: tuple[str, int] | None = None
    for item in labels:
        if item is None:
            tags.append("O")
        else:
            tags.append(("I-" if item == previous else "B-") + item[0])
        previous = item
    return tags


@dataclass(frozen=True)
class TokenMetrics:
    """Binary PHI counts over tokens, micro-averaged over notes."""

    tp: int
    fp: int
    fn: int
    tokens: int

    @property
    def tn(self) -> int:
        return self.tokens - self.tp - self.fp - self.fn

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_per_1000(self) -> float:
        """False PHI tokens per 1,000 tokens: what a reader of the output sees replaced for nothing."""
        return 1000 * self.fp / self.tokens if self.tokens else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn, "tokens": self.tokens,
                "recall": self.recall, "precision": self.precision, "f1": self.f1,
                "false_per_1000": self.false_per_1000}


@dataclass(frozen=True)
class MissedPhi:
    """Gold PHI tokens the prediction missed, per gold label (no text unless asked for)."""

    gold_tokens: Mapping[str, int]
    missed_tokens: Mapping[str, int]
    #: (label, surface form) -> count; empty unless ``with_surface=True``
    surfaces: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def recall(self, label: str) -> float:
        gold = self.gold_tokens.get(label, 0)
        return 1.0 - self.missed_tokens.get(label, 0) / gold if gold else 1.0


@dataclass(frozen=True)
class FalsePhi:
    """Predicted PHI tokens that are not gold PHI, by predicted label and the shape of their word."""

    shapes: Mapping[tuple[str, str], int]
    #: (predicted label, word) -> count; empty unless ``with_surface=True``
    surfaces: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def top(self, n: int = 15) -> list[tuple[tuple[str, str], int]]:
        return sorted(self.shapes.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass(frozen=True)
class Evaluation:
    """Everything ``evaluate`` measures: token metrics, seqeval tags and the missed PHI."""

    tokens: TokenMetrics
    missed: MissedPhi
    gold_tags: list[list[str]]
    pred_tags: list[list[str]]
    false: FalsePhi = field(default_factory=lambda: FalsePhi({}))

    def entity_report(self, digits: int = 4) -> str:
        """seqeval's per-type classification report (strict IOB2)."""
        return entity_report(self.gold_tags, self.pred_tags, digits=digits)

    def entity_scores(self) -> dict[str, dict[str, float]]:
        """Per type and micro/macro averages: precision, recall, f1-score, support (strict IOB2)."""
        return entity_scores(self.gold_tags, self.pred_tags)


def evaluate(gold: Sequence[GoldNote], predicted: Sequence[GoldNote], label_map: LabelMap | None = None,
             *, with_surface: bool = False) -> Evaluation:
    """Score ``predicted`` against ``gold``, matched by note id (each gold note needs a prediction).

    Raises
    ------
    InputError
        A gold note has no prediction, or the two texts of one id differ.
    """
    by_id = {note.id: note for note in predicted}
    tp = fp = fn = total = 0
    gold_count: Counter[str] = Counter()
    missed_count: Counter[str] = Counter()
    surfaces: Counter[tuple[str, str]] = Counter()
    false_shapes: Counter[tuple[str, str]] = Counter()
    false_surfaces: Counter[tuple[str, str]] = Counter()
    gold_tags: list[list[str]] = []
    pred_tags: list[list[str]] = []
    for note in gold:
        pred = by_id.get(note.id)
        if pred is None:
            raise InputError(f"note {note.id!r} has no prediction")
        if pred.text != note.text:
            raise InputError(f"note {note.id!r}: the predicted note's text differs from the gold text")
        tokens = tokenize(note.text)
        g = token_labels(note.text, map_spans(note.spans, label_map), tokens)
        p = token_labels(note.text, map_spans(pred.spans, label_map), tokens)
        for (start, end), g_item, p_item in zip(tokens, g, p, strict=True):
            total += 1
            if g_item is not None:
                gold_count[g_item[0]] += 1
                if p_item is not None:
                    tp += 1
                else:
                    fn += 1
                    missed_count[g_item[0]] += 1
                    if with_surface:
                        surfaces[(g_item[0], note.text[start:end])] += 1
            elif p_item is not None:
                fp += 1
                word = _word_at(note.text, start, end)
                false_shapes[(p_item[0], shape(word))] += 1
                if with_surface:
                    false_surfaces[(p_item[0], word)] += 1
        gold_tags.append(bio_tags(g))
        pred_tags.append(bio_tags(p))
    return Evaluation(
        TokenMetrics(tp, fp, fn, total),
        MissedPhi(dict(gold_count), dict(missed_count), dict(surfaces)),
        gold_tags,
        pred_tags,
        FalsePhi(dict(false_shapes), dict(false_surfaces)),
    )


_RUN = re.compile(r"(X|x|d)\1{3,}")
_EDGE = ".,;:!?()[]{}\"'"


def shape(word: str) -> str:
    """``Lasix`` -> ``Xxxx``, ``95/42`` -> ``dd/dd``: case and digit layout, runs cut to three."""
    mapped = "".join("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c for c in word)
    return _RUN.sub(lambda m: m.group(1) * 3, mapped)


def _word_at(text: str, start: int, end: int) -> str:
    """The whitespace-delimited word holding ``text[start:end]``, without sentence punctuation."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right].strip(_EDGE) or text[start:end]


def token_metrics(gold: Sequence[GoldNote], predicted: Sequence[GoldNote]) -> TokenMetrics:
    """Token-level binary PHI metrics alone (see the module docstring)."""
    return evaluate(gold, predicted).tokens


def _seqeval():
    try:
        from seqeval import metrics
        from seqeval.scheme import IOB2
    except ImportError:
        raise InputError("entity metrics need seqeval: pip install 'phideid[train]' (or seqeval)") from None
    return metrics, IOB2


def entity_report(gold_tags: list[list[str]], pred_tags: list[list[str]], digits: int = 4) -> str:
    """seqeval's ``classification_report`` in strict IOB2 mode; zero where a type has no prediction."""
    metrics, iob2 = _seqeval()
    if not any(tag != "O" for tags in gold_tags + pred_tags for tag in tags):
        return "(no entities in gold or predictions)\n"
    return metrics.classification_report(gold_tags, pred_tags, digits=digits, mode="strict", scheme=iob2,
                                         zero_division=0)


def entity_scores(gold_tags: list[list[str]], pred_tags: list[list[str]]) -> dict[str, dict[str, float]]:
    """seqeval's per-type figures as a dict (strict IOB2), for JSON output and tests."""
    metrics, iob2 = _seqeval()
    if not any(tag != "O" for tags in gold_tags + pred_tags for tag in tags):
        return {}
    report = metrics.classification_report(gold_tags, pred_tags, mode="strict", scheme=iob2,
                                           zero_division=0, output_dict=True)
    # seqeval hands back numpy scalars: plain numbers, so the figures can be written as JSON
    return {name: {key: (int(v) if key == "support" else float(v)) for key, v in row.items()}
            for name, row in report.items()}


__all__ = [
    "DROP_LABELS", "TOKEN_PATTERN", "Evaluation", "MissedPhi", "TokenMetrics", "bio_tags", "entity_report",
    "entity_scores", "evaluate", "i2b2_label_map", "map_spans", "token_labels", "token_metrics", "tokenize",
]
