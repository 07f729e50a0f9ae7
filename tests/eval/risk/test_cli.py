"""``phideid risk`` end to end: JSON and HTML reports, the text summary, bad input, and no value leaks."""

from __future__ import annotations

import base64
import csv
import json
import re
import sys

import pytest

from phideid.cli import main as phideid
from tests.eval.risk.conftest import write_csv

QIS = "age,zip,birth_date,sex"


def _cells(path) -> set[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # the distinctive raw values: full ZIP codes and full birth dates
    return {row["zip"] for row in rows} | {row["birth_date"] for row in rows}


def test_json_and_html_reports(demographic_csv, tmp_path, capsys):
    report, page = tmp_path / "risk.json", tmp_path / "risk.html"
    code = phideid([
        "risk", str(demographic_csv), "--quasi-identifiers", QIS, "--sensitive", "diagnosis",
        "--json", str(report), "--html", str(page),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads(report.read_text())
    for key in ("input", "quasi_identifiers", "sensitive", "settings", "population", "ladders", "original",
                "lattice", "suggestions", "notes"):  # fmt: skip
        assert key in doc
    original = doc["original"]
    for key in (
        "records",
        "classes",
        "k",
        "class_sizes",
        "l_diversity",
        "prosecutor",
        "journalist",
        "marketer",
    ):
        assert key in original
    assert set(original["prosecutor"]) == {"highest", "average", "records_at_risk", "share_at_risk"}
    assert doc["population"]["given"] is False and any(
        "sample is taken as the population" in n for n in doc["notes"]
    )
    assert {q: doc["ladders"][q]["kind"] for q in QIS.split(",")} == {
        "age": "age", "zip": "zip", "birth_date": "date", "sex": "sex",
    }  # fmt: skip
    best = doc["suggestions"][0]
    assert set(best["levels"]) == set(QIS.split(",")) and 0 <= best["information_loss"] <= 1
    html = page.read_text()
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3
    assert all(base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert "k-anonymity" in html and 'class="num bad"' in html and 'class="num good"' in html
    assert f"wrote {report}" in capsys.readouterr().out


def test_no_raw_value_reaches_any_output(demographic_csv, tmp_path, capsys):
    report, page, summary = tmp_path / "risk.json", tmp_path / "risk.html", tmp_path / "summary.txt"
    args = ["risk", str(demographic_csv), "--quasi-identifiers", QIS, "--sensitive", "diagnosis"]
    assert phideid([*args, "--json", str(report), "--html", str(page)]) == 0
    assert phideid(args) == 0
    summary.write_text(capsys.readouterr().out)
    raw = _cells(demographic_csv)
    assert len(raw) > 500
    html_text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page.read_text())
    for text in (report.read_text(), html_text, summary.read_text()):
        leaked = [value for value in raw if value in text]
        assert leaked == []


def test_text_summary_without_report_files(hand_sample, capsys):
    assert phideid(["risk", str(hand_sample), "--quasi-identifiers", "age,zip,sex", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert "4 classes, k=1" in out and "suggested (k=2)" in out and "sample is taken as the population" in out


def test_population_option(hand_sample, hand_population, tmp_path):
    report = tmp_path / "risk.json"
    args = ["risk", str(hand_sample), "--quasi-identifiers", "age,zip,sex", "--sensitive", "diagnosis",
            "--population", str(hand_population), "--threshold", "0.3", "--json", str(report)]  # fmt: skip
    assert phideid(args) == 0
    doc = json.loads(report.read_text())
    assert doc["population"] == {"given": True, "records": 24}
    assert doc["original"]["journalist"] == {
        "highest": 0.5, "average": 0.22, "records_at_risk": 2, "share_at_risk": 0.2,
    }  # fmt: skip
    assert doc["original"]["marketer"] == 0.22 and doc["original"]["prosecutor"]["average"] == 0.4
    assert doc["original"]["l_diversity"] == {"distinct": 1, "entropy": 1.0}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--quasi-identifiers", "age,postcode"], "no column postcode"),
        (["--quasi-identifiers", "age", "--k", "five"], "--k must be a whole number"),
        (["--quasi-identifiers", "age", "--k", "1"], "--k must be a whole number"),
        (["--quasi-identifiers", "age", "--threshold", "1.5"], "--threshold must be a number"),
        (["--quasi-identifiers", "age", "--max-suppression", "x"], "--max-suppression must be a number"),
        (["--quasi-identifiers", "age", "--sensitive", "age"], "must not also be a quasi-identifier"),
        (["--quasi-identifiers", "age,,zip"], "none empty"),
        (["--quasi-identifiers", "age", "--ladder", "zip=age"], "--ladder wants COL=KIND"),
    ],
)
def test_bad_options_exit_2_without_values(hand_sample, capsys, extra, expected):
    assert phideid(["risk", str(hand_sample), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("phideid: error:") and expected in err
    assert not any(value in err for value in ("02139", "02140", "flu", "asthma"))


def test_empty_and_header_only_files_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    header_only = write_csv(tmp_path / "header.csv", ["age", "zip"], [])
    for path in (empty, header_only):
        assert phideid(["risk", str(path), "--quasi-identifiers", "age"]) == 2
        assert "no records found" in capsys.readouterr().err
    assert phideid(["risk", str(tmp_path / "absent.csv"), "--quasi-identifiers", "age"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_unknown_jsonl_key_names_the_key_not_values(tmp_path, capsys):
    data = tmp_path / "release.jsonl"
    data.write_text('{"age": 93, "address": {"zip": "02139"}}\n{"age": 41, "address": {"zip": "02140"}}\n')
    assert phideid(["risk", str(data), "--quasi-identifiers", "age,address.city"]) == 2
    err = capsys.readouterr().err
    assert "address.city" in err and "02139" not in err and "93" not in err


def test_html_without_matplotlib_says_what_to_install(hand_sample, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    page = tmp_path / "risk.html"
    assert phideid(["risk", str(hand_sample), "--quasi-identifiers", "age", "--html", str(page)]) == 2
    assert "phideid[report]" in capsys.readouterr().err and not page.exists()
