"""The full-domain generalization lattice: which combinations of ladder levels reach k, and at what loss.

A *node* is one level per quasi-identifier. Applying it generalizes every record's values to those levels;
records whose class is still smaller than k are suppressed (removed). A node *reaches k* when at most
``max_suppression`` of the records are suppressed. Every node of the lattice is evaluated (the lattice is
the product of the ladder heights, capped at ``MAX_NODES``); reaching k is monotone (a node above one that
reaches k reaches it too), which the choice of alternatives uses.

Information loss is ARX's non-uniform entropy, normalized per quasi-identifier and averaged:

    loss_j = sum over kept records i of log2(|{r : g_j(r) = g_j(i)}| / |{r : x_j(r) = x_j(i)}|)
           + sum over suppressed records i of log2(n / |{r : x_j(r) = x_j(i)}|)
    loss   = mean over j of loss_j / (sum over all records i of log2(n / |{r : x_j(r) = x_j(i)}|))

with x_j the value as released, g_j the generalized one and counts over all n records: 0 is no change, 1
is every value of every quasi-identifier replaced by ``*`` (a suppressed record counts as fully
generalized). A constant column has loss 0.

The best node has the least loss (ties: fewer suppressed, lower levels). Alternatives are the next nodes
by loss that are not simply a generalization (componentwise higher levels) of a node already chosen.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from eval.risk.hierarchies import Ladder, apply
from phideid.errors import InputError

#: the most lattice nodes evaluated; more quasi-identifiers or taller ladders are refused
MAX_NODES = 20_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """One node of the lattice that reaches k, and what it costs."""

    levels: tuple[int, ...]
    suppressed: int
    loss: float
    loss_per_qi: tuple[float, ...]
    #: mean over quasi-identifiers of level / (height - 1)
    intensity: float
    #: share of the kept records' quasi-identifier values that the generalization changed, overall and per QI
    generalized: Fraction
    generalized_per_qi: tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    nodes: int
    nodes_reaching_k: int
    #: the best node first, then up to ``alternatives`` others; empty when no node reaches k
    candidates: tuple[Candidate, ...]


class Lattice:
    """The records' quasi-identifier columns at every level of their ladders.

    Parameters
    ----------
    columns : sequence of sequences
        ``columns[j][i]``: quasi-identifier j of record i as released (None where missing).
    ladders : sequence of Ladder
        One per column.
    """

    def __init__(self, columns: Sequence[Sequence[str | None]], ladders: Sequence[Ladder]) -> None:
        if len(columns) != len(ladders) or not columns:
            raise ValueError("one ladder per quasi-identifier column, at least one")
        self.ladders = tuple(ladders)
        self.n = len(columns[0])
        self.heights = tuple(len(ladder.levels) for ladder in ladders)
        self.nodes = math.prod(self.heights)
        if self.nodes > MAX_NODES:
            raise InputError(
                f"the generalization lattice has {self.nodes} nodes (more than {MAX_NODES}); "
                "name fewer quasi-identifiers"
            )
        self._codes: list[list[np.ndarray]] = []
        self._cost: list[list[np.ndarray]] = []
        self._changed: list[list[np.ndarray]] = []
        self._top_cost: list[np.ndarray] = []
        for column, ladder in zip(columns, ladders, strict=True):
            original_counts = Counter(column)
            top = np.array([math.log2(self.n / original_counts[v]) for v in column], dtype=float)
            self._top_cost.append(top)
            codes_j, cost_j, changed_j = [], [], []
            for level in range(len(ladder.levels)):
                cache: dict[str | None, str | None] = {}
                values = [
                    cache[v] if v in cache else cache.setdefault(v, apply(ladder, v, level)) for v in column
                ]
                index: dict[str | None, int] = {}
                codes = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)
                gen_counts = np.bincount(codes)
                orig = np.array([original_counts[v] for v in column], dtype=float)
                codes_j.append(codes)
                cost_j.append(np.log2(gen_counts[codes] / orig))
                changed_j.append(np.array([g != v for g, v in zip(values, column, strict=True)], dtype=bool))
            self._codes.append(codes_j)
            self._cost.append(cost_j)
            self._changed.append(changed_j)

    def class_ids(self, levels: Sequence[int]) -> np.ndarray:
        """Each record's equivalence class (dense ids) under the node ``levels``."""
        key = self._codes[0][levels[0]]
        for j in range(1, len(levels)):
            codes = self._codes[j][levels[j]]
            combined = key * (int(codes.max()) + 1) + codes
            _, key = np.unique(combined, return_inverse=True)
            key = key.reshape(-1)
        return key

    def suppressed_mask(self, levels: Sequence[int], k: int) -> np.ndarray:
        """True for the records whose class under ``levels`` is smaller than ``k``."""
        ids = self.class_ids(levels)
        return np.bincount(ids)[ids] < k

    def evaluate(self, levels: Sequence[int], suppressed: np.ndarray) -> Candidate:
        kept = ~suppressed
        kept_count = int(kept.sum())
        losses, changed = [], []
        for j, level in enumerate(levels):
            total = float(self._top_cost[j].sum())
            spent = float(self._cost[j][level][kept].sum() + self._top_cost[j][suppressed].sum())
            losses.append(spent / total if total > 0 else 0.0)
            changed.append(Fraction(int(self._changed[j][level][kept].sum()), kept_count or 1))
        cells = kept_count * len(levels)
        changed_cells = sum(int(self._changed[j][lv][kept].sum()) for j, lv in enumerate(levels))
        return Candidate(
            levels=tuple(levels),
            suppressed=int(suppressed.sum()),
            loss=sum(losses) / len(losses),
            loss_per_qi=tuple(losses),
            intensity=sum(lv / (h - 1) for lv, h in zip(levels, self.heights, strict=True)) / len(levels),
            generalized=Fraction(changed_cells, cells or 1),
            generalized_per_qi=tuple(changed),
        )

    def generalize(self, levels: Sequence[int], column: Sequence[str | None], j: int) -> list[str | None]:
        """``column`` (values of quasi-identifier j, e.g. of a population table) at ``levels[j]``."""
        return [apply(self.ladders[j], v, levels[j]) for v in column]


def search(lattice: Lattice, k: int, max_suppression: Fraction, *, alternatives: int = 2) -> SearchResult:
    """Evaluate every node; return the best that reaches ``k`` and up to ``alternatives`` others."""
    limit = max_suppression * lattice.n
    reaching: list[Candidate] = []
    for levels in itertools.product(*(range(h) for h in lattice.heights)):
        mask = lattice.suppressed_mask(levels, k)
        suppressed = int(mask.sum())
        if suppressed <= limit and suppressed < lattice.n:
            reaching.append(lattice.evaluate(levels, mask))
    reaching.sort(key=lambda c: (c.loss, c.suppressed, sum(c.levels), c.levels))
    chosen: list[Candidate] = []
    for candidate in reaching:
        if len(chosen) > alternatives:
            break
        if any(all(a >= b for a, b in zip(candidate.levels, c.levels, strict=True)) for c in chosen):
            continue
        chosen.append(candidate)
    return SearchResult(lattice.nodes, len(reaching), tuple(chosen))
