"""Small datasets for the risk tests, written to tmp_path (no fixture holds real data)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

#: the hand-computed example (test_measures): QIs age, zip, sex; sensitive diagnosis
HAND_SAMPLE = [
    ("34", "02139", "F", "flu"),  # class A (34, 02139, F): 3 records, flu x2 + asthma
    ("34", "02139", "F", "asthma"),
    ("34", "02139", "F", "flu"),
    ("45", "02139", "M", "copd"),  # class B (45, 02139, M): 2 records, copd + flu
    ("45", "02139", "M", "flu"),
    ("45", "02140", "M", "flu"),  # class C (45, 02140, M): 4 records, flu x2 + asthma + diabetes
    ("45", "02140", "M", "asthma"),
    ("45", "02140", "M", "diabetes"),
    ("45", "02140", "M", "flu"),
    ("60", "02141", "F", "flu"),  # class D (60, 02141, F): 1 record
]
#: population class sizes: A 6, B 2, C 8, D 5, plus a class E the sample lacks (3): 24 records
HAND_POPULATION = {
    ("34", "02139", "F"): 6,
    ("45", "02139", "M"): 2,
    ("45", "02140", "M"): 8,
    ("60", "02141", "F"): 5,
    ("70", "02142", "M"): 3,
}


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def hand_sample(tmp_path) -> Path:
    return write_csv(tmp_path / "sample.csv", ["age", "zip", "sex", "diagnosis"], HAND_SAMPLE)


@pytest.fixture
def hand_population(tmp_path) -> Path:
    rows = [key for key, size in HAND_POPULATION.items() for _ in range(size)]
    return write_csv(tmp_path / "population.csv", ["age", "zip", "sex"], rows)


def demographic_rows(n: int, seed: int = 7) -> list[tuple[str, str, str, str, str]]:
    """Synthetic (age, zip, birth_date, sex, diagnosis) rows: ZIPs around three ZIP3 areas, ages 18-99."""
    rng = random.Random(seed)
    zips = [f"{p}{rng.randint(0, 99):02d}" for p in ("021", "100", "606") for _ in range(8)]
    rows = []
    for _ in range(n):
        age = rng.randint(18, 99)
        year = 2024 - age
        birth = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append(
            (str(age), rng.choice(zips), birth, rng.choice("FM"), rng.choice(["flu", "copd", "asthma"]))
        )
    return rows


@pytest.fixture
def demographic_csv(tmp_path) -> Path:
    return write_csv(
        tmp_path / "demographics.csv",
        ["age", "zip", "birth_date", "sex", "diagnosis"],
        demographic_rows(1200),
    )
