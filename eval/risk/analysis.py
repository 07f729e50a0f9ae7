"""One risk analysis: the table as released, its ladders, the lattice search and the suggested releases.

``analyse`` is a pure function of the tables and the settings; the CLI reads and writes around it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from eval.risk.hierarchies import Ladder, apply, choose_ladder
from eval.risk.measures import RiskProfile, risk_profile
from eval.risk.search import Candidate, Lattice, search
from eval.risk.table import Table


@dataclass(frozen=True, slots=True)
class Settings:
    """What to measure and what to aim for.

    Attributes
    ----------
    quasi_identifiers : tuple of str
        The columns an attacker may know.
    sensitive : str or None
        The column whose diversity within classes is measured (l-diversity).
    threshold : Fraction
        A record is at risk when its re-identification risk is above this.
    k : int
        The k the suggested generalizations reach.
    max_suppression : Fraction
        The largest share of records a suggestion may remove.
    ladder_kinds : tuple of (column, kind)
        Ladder kinds named by the user; other columns get ``choose_ladder``'s.
    """

    quasi_identifiers: tuple[str, ...]
    sensitive: str | None
    threshold: Fraction
    k: int
    max_suppression: Fraction
    ladder_kinds: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A node that reaches k: its levels, its cost and the risk of the release it gives."""

    candidate: Candidate
    level_names: tuple[str, ...]
    profile: RiskProfile


@dataclass(frozen=True, slots=True)
class Analysis:
    settings: Settings
    input_format: str
    files: int
    ladders: tuple[Ladder, ...]
    original: RiskProfile
    population_records: int | None
    lattice_nodes: int
    nodes_reaching_k: int
    suggestions: tuple[Suggestion, ...]


def _columns(table: Table, names: Sequence[str]) -> list[list[str | None]]:
    return [[row.get(name) for row in table.rows] for name in names]


def _keys(columns: Sequence[Sequence[str | None]]) -> list[tuple[str | None, ...]]:
    return list(zip(*columns, strict=True))


def analyse(table: Table, settings: Settings, population: Table | None = None) -> Analysis:
    """Measure ``table`` as released and search the generalizations that reach ``settings.k``."""
    qis = settings.quasi_identifiers
    columns = _columns(table, qis)
    kinds = dict(settings.ladder_kinds)
    ladders = tuple(
        choose_ladder(name, [v for v in column if v is not None], kinds.get(name))
        for name, column in zip(qis, columns, strict=True)
    )
    sensitive = [row.get(settings.sensitive) for row in table.rows] if settings.sensitive else None
    population_columns = _columns(population, qis) if population is not None else None
    original = risk_profile(
        _keys(columns),
        settings.threshold,
        sensitive=sensitive,
        population_keys=_keys(population_columns) if population_columns else None,
    )
    lattice = Lattice(columns, ladders)
    result = search(lattice, settings.k, settings.max_suppression)
    suggestions = []
    for candidate in result.candidates:
        mask = lattice.suppressed_mask(candidate.levels, settings.k)
        generalized = [lattice.generalize(candidate.levels, column, j) for j, column in enumerate(columns)]
        kept = [i for i in range(len(table)) if not mask[i]]
        keys = [k for i, k in enumerate(_keys(generalized)) if not mask[i]]
        population_keys = None
        if population_columns is not None:
            population_keys = _keys(
                [
                    lattice.generalize(candidate.levels, column, j)
                    for j, column in enumerate(population_columns)
                ]
            )
        profile = risk_profile(
            keys,
            settings.threshold,
            sensitive=[sensitive[i] for i in kept] if sensitive is not None else None,
            population_keys=population_keys,
        )
        names = tuple(ladder.levels[level] for ladder, level in zip(ladders, candidate.levels, strict=True))
        suggestions.append(Suggestion(candidate, names, profile))
    return Analysis(
        settings=settings,
        input_format=table.format,
        files=table.files,
        ladders=ladders,
        original=original,
        population_records=len(population) if population is not None else None,
        lattice_nodes=result.nodes,
        nodes_reaching_k=result.nodes_reaching_k,
        suggestions=tuple(suggestions),
    )


def generalized_rows(table: Table, analysis: Analysis, suggestion: Suggestion) -> list[dict[str, str]]:
    """The records of ``table`` under ``suggestion``: quasi-identifiers generalized, records in classes
    still smaller than k left out, other columns as they were."""
    qis = analysis.settings.quasi_identifiers
    levels = suggestion.candidate.levels
    generalized = [
        tuple(
            apply(ladder, row.get(name), level)
            for name, ladder, level in zip(qis, analysis.ladders, levels, strict=True)
        )
        for row in table.rows
    ]
    sizes = Counter(generalized)
    rows = []
    for row, key in zip(table.rows, generalized, strict=True):
        if sizes[key] < analysis.settings.k:
            continue
        out = dict(row)
        for name, value in zip(qis, key, strict=True):
            if value is None:
                out.pop(name, None)
            else:
                out[name] = value
        rows.append(out)
    return rows
