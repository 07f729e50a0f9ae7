"""``phideid eval`` end to end on the shipped synthetic gold file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from eval.cli import main
from phideid.gold import read_gold, read_jsonl

GOLD = Path(__file__).resolve().parents[2] / "eval" / "data" / "synthetic_gold.jsonl"


@pytest.fixture(scope="module")
def pattern_run(tmp_path_factory):
    """One pattern-only run (building presidio is the slow part): stdout, predictions, figures."""
    out = tmp_path_factory.mktemp("eval")
    capture = pytest.MonkeyPatch()
    import io
    import sys

    buffer = io.StringIO()
    capture.setattr(sys, "stdout", buffer)
    try:
        code = main([str(GOLD), "--detectors", "pattern", "--predictions", str(out / "pred.jsonl"),
                     "--json", str(out / "fig.json")])
    finally:
        capture.undo()
    return code, buffer.getvalue(), out


def test_runs_end_to_end_and_prints_the_three_tables(pattern_run):
    code, stdout, _ = pattern_run
    assert code == 0
    assert "Token-level PHI" in stdout and "recall" in stdout and "precision" in stdout
    assert "Entities per type (seqeval, strict IOB2" in stdout and "micro avg" in stdout
    assert "Missed PHI tokens by gold type" in stdout and "HOSPITAL" in stdout


def test_writes_predictions_with_the_same_ids_and_texts(pattern_run):
    _, _, out = pattern_run
    gold = read_gold(GOLD)
    predicted = read_jsonl(out / "pred.jsonl")
    assert [n.id for n in predicted] == [n.id for n in gold]
    assert [n.text for n in predicted] == [n.text for n in gold]
    assert any(n.spans for n in predicted)


def test_pattern_detector_finds_the_structured_phi(pattern_run):
    _, _, out = pattern_run
    figures = json.loads((out / "fig.json").read_text())
    assert figures["detectors"] == ["detector.pattern.v1"]
    assert figures["missed_tokens"].get("PHONE", 0) == 0  # phones are the pattern detector's job
    assert figures["missed_tokens"].get("EMAIL", 0) == 0
    assert figures["tokens"]["precision"] > 0.8
    assert figures["entities"]["MEDICALRECORD"]["f1-score"] == 1.0


def test_missed_surface_forms_are_not_printed_unless_asked(pattern_run, capsys):
    _, stdout, _ = pattern_run
    # hospitals are no pattern's job: "Riverside Cardiology Associates" is missed, counted, never shown
    assert "Riverside" not in stdout and "Cardiology" not in stdout
    for note in read_gold(GOLD):
        for span in note.spans:
            if span.label in ("HOSPITAL", "PROFESSION"):
                assert note.text[span.start : span.end] not in stdout


def test_show_missed_prints_them(tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "1", "text": "Transferred from Riverside Cardiology today.",
                                "spans": [{"start": 17, "end": 36, "label": "HOSPITAL"}]}) + "\n")
    assert main([str(gold), "--detectors", "pattern", "--show-missed"]) == 0
    stdout = capsys.readouterr().out
    assert "Missed surface forms" in stdout and "Riverside" in stdout


def test_label_map_file_and_policy_free(tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "1", "text": "Pt lives in Boston, MA 02114; call 617-555-0134.",
                                "spans": [{"start": 23, "end": 28, "label": "ZIPCODE"},
                                          {"start": 35, "end": 47, "label": "TEL"}]}) + "\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"ZIPCODE": "ZIP", "TEL": "PHONE"}))
    out = tmp_path / "fig.json"
    assert main([str(gold), "--detectors", "pattern", "--label-map", str(mapping), "--policy-free",
                 "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["policy"] is None
    assert figures["entities"]["PHONE"]["recall"] == 1.0
    assert figures["entities"]["ZIP"]["recall"] == 1.0
    assert "policy: none" in capsys.readouterr().out


def test_bad_gold_is_one_line_error_exit_2(tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "1", "text": "Zebediah", "spans": [{"start": 0, "end": 50, "label": "X"}]}\n')
    assert main([str(gold), "--detectors", "pattern"]) == 2
    err = capsys.readouterr().err
    assert "g.jsonl line 1" in err and "Zebediah" not in err


def test_unknown_detector_name_is_a_config_error(capsys):
    assert main([str(GOLD), "--detectors", "detector.nope.v1"]) == 2
    assert "unknown detector" in capsys.readouterr().err


def test_with_the_ner_model(tiny_ner_dir, tmp_path, capsys):
    out = tmp_path / "pred.jsonl"
    assert main([str(GOLD), "--model", str(tiny_ner_dir), "--detectors", "pattern,ner",
                 "--predictions", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "detector.ner.v1" in stdout
    assert [n.id for n in read_jsonl(out)] == [n.id for n in read_gold(GOLD)]


# The gold leaves the daughter's phone unmarked, so the pattern detector's PHONE span over its three tokens
# is false PHI; Dr. Okafor and the date are found. Tokens: 24 in n1, 6 in n2.
NOTES = """\
### n1 clinic
Seen by Dr. [[DOCTOR:Okafor]] on [[DATE:3/14/2019]]. Daughter's cell 617-555-0134.
BP 95/42, Lasix 40 mg given at 0300-0500.

### n2 clinic
Afebrile, HR 88. Family at bedside.
"""


def run_notes_gold(tmp_path, capsys, *extra: str) -> tuple[str, dict]:
    gold = tmp_path / "dev.notes"
    gold.write_text(NOTES, encoding="utf-8")
    assert main([str(gold), "--detectors", "pattern", "--json", str(tmp_path / "fig.json"), *extra]) == 0
    return capsys.readouterr().out, json.loads((tmp_path / "fig.json").read_text())


def test_report_gives_false_phi_per_1000_tokens_and_their_shapes_not_their_text(tmp_path, capsys):
    stdout, figures = run_notes_gold(tmp_path, capsys)
    assert "gold: " in stdout and "(2 notes, 2 spans)" in stdout
    assert "  false PHI tokens per 1,000 tokens  100.00\n" in stdout
    assert "TP 4  FP 3  FN 0  TN 23  tokens 30" in stdout
    table = stdout.split("Most frequent false PHI tokens", 1)[1]
    assert "  PHONE            ddd-ddd-ddd                3\n" in table
    assert "617-555-0134" not in stdout and "False PHI surface forms" not in stdout
    assert figures["tokens"]["false_per_1000"] == 100.0
    assert (figures["tokens"]["tp"], figures["tokens"]["fp"], figures["tokens"]["fn"]) == (4, 3, 0)
    assert figures["false_tokens_by_shape"] == [{"type": "PHONE", "shape": "ddd-ddd-ddd", "tokens": 3}]


def test_show_missed_also_prints_the_false_surface_forms(tmp_path, capsys):
    stdout, _ = run_notes_gold(tmp_path, capsys, "--show-missed")
    false = stdout.split("False PHI surface forms, most frequent first\n", 1)[1]
    assert false.splitlines()[0] == "  PHONE               3  617-555-0134"


def test_standoff_gold_is_scored_with_its_texts(tmp_path, capsys):
    _, inline = run_notes_gold(tmp_path, capsys)
    notes = read_gold(tmp_path / "dev.notes")
    texts = tmp_path / "texts.jsonl"
    texts.write_text("".join(json.dumps({"id": n.id, "text": n.text}) + "\n" for n in notes),
                     encoding="utf-8")
    standoff = tmp_path / "ann.jsonl"
    standoff.write_text("".join(
        json.dumps({"id": n.id, "sha256": hashlib.sha256(n.text.encode("utf-8")).hexdigest(),
                    "spans": [s.as_dict() for s in n.spans]}) + "\n" for n in notes), encoding="utf-8")
    out = tmp_path / "standoff.json"
    assert main([str(standoff), "--texts", str(texts), "--detectors", "pattern", "--json", str(out)]) == 0
    assert "(2 notes, 2 spans)" in capsys.readouterr().out
    figures = json.loads(out.read_text())
    assert figures["tokens"] == inline["tokens"]
    assert figures["false_tokens_by_shape"] == inline["false_tokens_by_shape"]

    assert main([str(standoff), "--detectors", "pattern"]) == 2  # without --texts there is no text to score
    err = capsys.readouterr().err
    assert "ann.jsonl line 1" in err and "Okafor" not in err
