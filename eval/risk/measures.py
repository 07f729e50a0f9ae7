"""Equivalence classes, k-anonymity, l-diversity and the three attacker models of ARX, as exact fractions.

A record's *key* is the tuple of its quasi-identifier values; records with the same key form an
equivalence class of size f. With n records and c classes:

- k-anonymity: the smallest class size, min f.
- distinct l-diversity: the smallest number of distinct sensitive values in a class; entropy l-diversity:
  the smallest exp(H) over classes, H = -sum p ln p over the class's sensitive values (a missing value
  counts as a value).
- prosecutor risk of a record (the attacker knows the person is in the data): 1/f of its class; highest
  = 1/min f; average = c/n; records at risk: those with 1/f above the threshold.
- journalist risk (the attacker knows the person is in a population table): 1/F, F the size of the
  population class with the record's key (raised to f where the population holds fewer, since the
  population must contain the sample); highest, average, records at risk as above. Without a population
  the sample is taken as the population (F = f), as ARX does.
- marketer risk (the expected share of records re-identified when every record is matched):
  (1/n) sum over classes of f/F; c/n without a population.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

#: risk bands of the distribution plot: (label, lowest risk in the band), highest band first
RISK_BANDS: tuple[tuple[str, Fraction], ...] = (
    ("100% (unique)", Fraction(1)),
    ("50% to <100%", Fraction(1, 2)),
    ("20% to <50%", Fraction(1, 5)),
    ("10% to <20%", Fraction(1, 10)),
    ("5% to <10%", Fraction(1, 20)),
    ("1% to <5%", Fraction(1, 100)),
    ("<1%", Fraction(0)),
)


@dataclass(frozen=True, slots=True)
class ClassSizes:
    """How many classes have ``size`` records, and how many records they hold."""

    size: int
    classes: int
    records: int


@dataclass(frozen=True, slots=True)
class AttackerRisk:
    """One attacker model's per-record risk summarized."""

    highest: Fraction
    average: Fraction
    records_at_risk: int
    share_at_risk: Fraction


@dataclass(frozen=True, slots=True)
class RiskBand:
    label: str
    records: int
    share: Fraction


@dataclass(frozen=True, slots=True)
class RiskProfile:
    """The risk figures of one table (as released, or after a generalization)."""

    records: int
    classes: int
    k: int
    class_sizes: tuple[ClassSizes, ...]
    l_distinct: int | None
    l_entropy: float | None
    prosecutor: AttackerRisk
    journalist: AttackerRisk
    marketer: Fraction
    #: population size, or None when the sample is taken as the population
    population_records: int | None
    #: classes whose population class held fewer records than the sample class (raised to the sample's)
    population_raised: int
    prosecutor_bands: tuple[RiskBand, ...]


def equivalence_classes(keys: Sequence[Hashable]) -> Counter:
    """Class key -> class size."""
    return Counter(keys)


def _attacker(sizes: Counter, denominators: dict[Hashable, int], n: int, threshold: Fraction) -> AttackerRisk:
    at_risk = sum(f for key, f in sizes.items() if Fraction(1, denominators[key]) > threshold)
    return AttackerRisk(
        highest=Fraction(1, min(denominators[key] for key in sizes)),
        average=sum((Fraction(f, denominators[key]) for key, f in sizes.items()), Fraction(0)) / n,
        records_at_risk=at_risk,
        share_at_risk=Fraction(at_risk, n),
    )


def _bands(sizes: Counter, n: int) -> tuple[RiskBand, ...]:
    counts = [0] * len(RISK_BANDS)
    for f in sizes.values():
        risk = Fraction(1, f)
        counts[next(i for i, (_, low) in enumerate(RISK_BANDS) if risk >= low)] += f
    return tuple(RiskBand(label, c, Fraction(c, n)) for (label, _), c in zip(RISK_BANDS, counts, strict=True))


def _l_diversity(keys: Sequence[Hashable], sensitive: Sequence[object]) -> tuple[int, float]:
    per_class: dict[Hashable, Counter] = {}
    for key, value in zip(keys, sensitive, strict=True):
        per_class.setdefault(key, Counter())[value] += 1
    distinct = min(len(c) for c in per_class.values())
    entropy_l = min(
        math.exp(-sum((v / total) * math.log(v / total) for v in c.values()))
        for c in per_class.values()
        for total in (sum(c.values()),)
    )
    return distinct, entropy_l


def risk_profile(
    keys: Sequence[Hashable],
    threshold: Fraction,
    *,
    sensitive: Sequence[object] | None = None,
    population_keys: Sequence[Hashable] | None = None,
) -> RiskProfile:
    """The risk figures of records with these quasi-identifier ``keys`` (see the module docstring).

    Parameters
    ----------
    keys : sequence
        One hashable key per record (the tuple of its quasi-identifier values); at least one record.
    threshold : Fraction
        A record is at risk when its risk is above this.
    sensitive : sequence, optional
        The sensitive value of each record (None for missing), for l-diversity.
    population_keys : sequence, optional
        The keys of a population table, generalized like ``keys``; without it the sample is the population.

    Examples
    --------
    >>> p = risk_profile([("a",), ("a",), ("b",)], Fraction(1, 2))
    >>> p.k, p.classes, p.prosecutor.highest, p.prosecutor.average, p.prosecutor.records_at_risk
    (1, 2, Fraction(1, 1), Fraction(2, 3), 1)
    """
    n = len(keys)
    if n == 0:
        raise ValueError("a risk profile needs at least one record")
    sizes = equivalence_classes(keys)
    histogram = Counter(sizes.values())
    class_sizes = tuple(ClassSizes(size, count, size * count) for size, count in sorted(histogram.items()))
    prosecutor = _attacker(sizes, dict(sizes), n, threshold)
    raised = 0
    if population_keys is None:
        journalist, population = prosecutor, None
    else:
        counts = Counter(population_keys)
        denominators = {}
        for key, f in sizes.items():
            denominators[key] = max(counts.get(key, 0), f)
            raised += counts.get(key, 0) < f
        journalist, population = _attacker(sizes, denominators, n, threshold), len(population_keys)
    l_distinct = l_entropy = None
    if sensitive is not None:
        l_distinct, l_entropy = _l_diversity(keys, sensitive)
    return RiskProfile(
        records=n,
        classes=len(sizes),
        k=min(sizes.values()),
        class_sizes=class_sizes,
        l_distinct=l_distinct,
        l_entropy=l_entropy,
        prosecutor=prosecutor,
        journalist=journalist,
        marketer=journalist.average,
        population_records=population,
        population_raised=raised,
        prosecutor_bands=_bands(sizes, n),
    )
