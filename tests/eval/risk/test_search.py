"""Generalizing a synthetic demographic table to k=5: the written release really is 5-anonymous."""

from __future__ import annotations

import csv
import json
from collections import Counter
from fractions import Fraction

from eval.risk.analysis import Settings, analyse
from eval.risk.hierarchies import make_ladder
from eval.risk.search import Lattice, search
from eval.risk.table import load_table
from phideid.cli import main as phideid

QIS = ("age", "zip", "birth_date", "sex")


def test_generalized_release_reaches_k5_within_the_suppression_limit(demographic_csv, tmp_path):
    out, report = tmp_path / "k5.csv", tmp_path / "risk.json"
    code = phideid([
        "risk", str(demographic_csv), "--quasi-identifiers", ",".join(QIS), "--sensitive", "diagnosis",
        "--k", "5", "--max-suppression", "0.05", "--generalized", str(out), "--json", str(report),
    ])  # fmt: skip
    assert code == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # recomputed independently from the written file
    classes = Counter(tuple(row[q] for q in QIS) for row in rows)
    assert min(classes.values()) >= 5
    suppressed = 1200 - len(rows)
    assert 0 <= suppressed <= 0.05 * 1200
    assert all(row["age"] == "90+" or not row["age"].isdigit() or int(row["age"]) < 90 for row in rows)
    assert {row["diagnosis"] for row in rows} <= {"flu", "copd", "asthma"}  # other columns untouched
    doc = json.loads(report.read_text())
    best = doc["suggestions"][0]
    assert best["records_suppressed"] == suppressed
    assert best["risk"]["k"] == min(classes.values())
    assert best["risk"]["records"] == len(rows)
    assert doc["original"]["k"] == 1 and best["risk"]["prosecutor"]["highest"] <= 0.2


def test_best_node_has_least_loss_and_alternatives_are_not_its_generalizations(demographic_csv):
    table = load_table(demographic_csv, [*QIS, "diagnosis"])
    analysis = analyse(table, Settings(QIS, "diagnosis", Fraction(1, 5), 5, Fraction(1, 20)))
    assert analysis.lattice_nodes == 5 * 5 * 6 * 2
    losses = [s.candidate.loss for s in analysis.suggestions]
    assert losses == sorted(losses) and len(losses) >= 2
    best = analysis.suggestions[0].candidate.levels
    for alt in analysis.suggestions[1:]:
        assert not all(a >= b for a, b in zip(alt.candidate.levels, best, strict=True))
    assert all(s.profile.k >= 5 for s in analysis.suggestions)


def test_reaching_k_is_monotone_and_loss_is_zero_to_one(demographic_csv):
    table = load_table(demographic_csv, list(QIS))
    columns = [[row.get(q) for row in table.rows] for q in ("age", "zip")]
    lattice = Lattice(columns, [make_ladder("age", []), make_ladder("zip", [])])
    top = tuple(h - 1 for h in lattice.heights)
    everything = lattice.evaluate(top, lattice.suppressed_mask(top, 5))
    assert everything.loss == 1.0 and everything.generalized == 1
    bottom = lattice.evaluate((0, 0), lattice.suppressed_mask((0, 0), 1))
    # only the ages of 90+ (about one record in eight) are grouped at the bottom
    assert bottom.loss_per_qi[1] == 0 and 0 < bottom.loss_per_qi[0] < 0.1
    result = search(lattice, 5, Fraction(0))
    assert result.candidates
    for cand in result.candidates:
        for j in range(2):
            up = list(cand.levels)
            if up[j] + 1 < lattice.heights[j]:
                up[j] += 1
                assert int(lattice.suppressed_mask(up, 5).sum()) == 0


def test_no_node_reaches_k_when_k_exceeds_the_records(hand_sample, capsys):
    assert phideid(["risk", str(hand_sample), "--quasi-identifiers", "age,zip,sex", "--k", "11"]) == 0
    assert "no generalization reaches k=11" in capsys.readouterr().out
