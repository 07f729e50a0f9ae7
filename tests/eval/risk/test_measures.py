"""The figures a privacy officer checks by hand: classes, k, l, prosecutor, journalist and marketer risk."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from eval.risk.measures import ClassSizes, risk_profile
from eval.risk.table import load_table

QIS = ["age", "zip", "sex"]


def _profile(sample, population=None, threshold=Fraction(3, 10), rows=None):
    table = load_table(sample, [*QIS, "diagnosis"])
    keys, sensitive = table.project(QIS), [row.get("diagnosis") for row in table.rows]
    if rows is not None:
        keys, sensitive = keys[:rows], sensitive[:rows]
    pop = load_table(population, QIS).project(QIS) if population else None
    return risk_profile(keys, threshold, sensitive=sensitive, population_keys=pop)


def test_hand_computed_sample_as_population(hand_sample):
    p = _profile(hand_sample)
    # classes A=3, B=2, C=4, D=1 records: 4 classes over 10 records, the smallest holds 1
    assert (p.records, p.classes, p.k) == (10, 4, 1)
    assert p.class_sizes == (
        ClassSizes(1, 1, 1),
        ClassSizes(2, 1, 2),
        ClassSizes(3, 1, 3),
        ClassSizes(4, 1, 4),
    )
    # distinct diagnoses: A 2, B 2, C 3, D 1 -> 1; D alone has entropy 0 -> exp(0) = 1
    assert p.l_distinct == 1
    assert p.l_entropy == pytest.approx(1.0)
    # prosecutor: 1/f per record; highest 1/1; average = classes/records = 4/10
    assert p.prosecutor.highest == 1
    assert p.prosecutor.average == Fraction(2, 5)
    # above 0.3: A (1/3, 3 records), B (1/2, 2), D (1, 1); not C (1/4): 6 of 10
    assert (p.prosecutor.records_at_risk, p.prosecutor.share_at_risk) == (6, Fraction(3, 5))
    # without a population the sample is the population: journalist = prosecutor, marketer = 4/10
    assert p.journalist == p.prosecutor
    assert p.marketer == Fraction(2, 5)
    assert p.population_records is None


def test_hand_computed_journalist_and_marketer_with_population(hand_sample, hand_population):
    p = _profile(hand_sample, hand_population)
    # population classes: A 6, B 2, C 8, D 5 (E 3 is not in the sample); per record 1/F
    assert p.population_records == 24
    assert p.journalist.highest == Fraction(1, 2)  # B
    # (3/6 + 2/2 + 4/8 + 1/5) / 10 = 2.2 / 10
    assert p.journalist.average == Fraction(11, 50)
    assert p.marketer == Fraction(11, 50)
    # above 0.3: only B (1/2): 2 of 10
    assert (p.journalist.records_at_risk, p.journalist.share_at_risk) == (2, Fraction(1, 5))
    assert p.population_raised == 0
    # prosecutor figures do not depend on the population
    assert p.prosecutor.average == Fraction(2, 5)


def test_entropy_l_diversity_without_the_singleton(hand_sample):
    p = _profile(hand_sample, rows=9)  # records 1-9: classes A, B, C
    # distinct: A 2 (flu, asthma), B 2 (copd, flu), C 3 -> 2
    assert p.l_distinct == 2
    # A: H = -(2/3 ln 2/3 + 1/3 ln 1/3) -> exp(H) = 3 / 2^(2/3) = 1.88988; B: 2; C: exp(1.5 ln 2) = 2.828
    assert p.l_entropy == pytest.approx(3 / 2 ** (2 / 3))
    assert p.k == 2 and p.prosecutor.average == Fraction(3, 9)


def test_population_smaller_than_sample_class_is_raised_and_counted():
    p = risk_profile([("a",), ("a",), ("b",)], Fraction(1, 5), population_keys=[("a",), ("b",), ("b",)])
    # class a: 2 in the sample, 1 in the population -> F raised to 2
    assert p.population_raised == 1
    assert p.journalist.highest == Fraction(1, 2)
    assert p.marketer == (Fraction(2, 2) + Fraction(1, 2)) / 3


def test_risk_bands_add_up(hand_sample):
    p = _profile(hand_sample)
    bands = {b.label: b.records for b in p.prosecutor_bands}
    # D unique; B 50%; A 33%; C 25%
    assert bands["100% (unique)"] == 1 and bands["50% to <100%"] == 2 and bands["20% to <50%"] == 7
    assert sum(bands.values()) == 10
    assert math.isclose(sum(float(b.share) for b in p.prosecutor_bands), 1.0)
