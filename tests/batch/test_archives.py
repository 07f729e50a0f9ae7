"""JSONL and CSV archives: the text column de-identified, the id column kept, other columns dropped
unless kept on purpose, bad rows in the error report by row and id, the archive written whole."""

from __future__ import annotations

import csv
import json

from eval.leaks import occurs
from tests.batch.conftest import NOTE, NOTE_CLINICAL, NOTE_IDS, error_report, manifest_rows


def rows_in(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_jsonl(path, records: list) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))


def test_a_jsonl_archive_keeps_ids_drops_other_columns_and_reports_bad_rows(tmp_path, batch):
    archive, out = tmp_path / "notes.jsonl", tmp_path / "out"
    write_jsonl(archive, [
        {"note_id": "n1", "note": NOTE, "mrn": "77881234", "author": "Ottoline Brackwater", "ward": "3B"},
        {"note_id": "n2", "note": NOTE, "mrn": "77881234", "author": "x", "ward": "4C"},
        '{"note_id": "n3", "note": "Rosalind Hartigan',  # cut short
        {"note_id": "n4", "mrn": "1"},  # no text
        {"note_id": "n5", "note": NOTE, "mrn": "55512345", "ward": "3B"},
    ])

    ran = batch(archive, out, "--text-column", "note", "--id-column", "note_id", "--patient-column", "mrn",
                "--batch-size", "2")

    assert ran.code == 1
    assert "archive rows: 3 done, 2 failed" in ran.stderr
    got = rows_in(out / "notes.jsonl")
    assert [r["note_id"] for r in got] == ["n1", "n2", "n5"]  # input order, bad rows left out
    for r in got:
        assert set(r) == {"note_id", "note"}  # author, ward and the patient key are not copied
        assert not [v for v in NOTE_IDS if occurs(v, r["note"])] and NOTE_CLINICAL in r["note"]
    # one patient, one date offset: both notes of MRN 77881234 read the same shifted date
    assert got[0]["note"].split(".")[1] == got[1]["note"].split(".")[1]
    report = error_report(out)
    assert [(e["row"], e["id"], e["code"]) for e in report] == [(3, None, "input_error"),
                                                               (4, "n4", "input_error")]
    assert "Hartigan" not in json.dumps(report)
    entry = manifest_rows(out)["notes.jsonl"]
    assert (entry["status"], entry["error_code"], entry["rows_ok"], entry["rows_failed"]) == (
        "failed", "rows_failed", 3, 2)


def test_kept_columns_are_copied_and_a_good_archive_is_skipped_on_rerun(tmp_path, batch):
    archive, out = tmp_path / "notes.jsonl", tmp_path / "out"
    write_jsonl(archive, [{"id": i, "text": NOTE, "ward": "3B", "author": "A. B."} for i in range(5)])

    assert batch(archive, out, "--id-column", "id", "--keep-column", "ward").code == 0
    got = rows_in(out / "notes.jsonl")
    assert [(r["id"], r["ward"]) for r in got] == [(i, "3B") for i in range(5)] and "author" not in got[0]
    before = (out / "notes.jsonl").stat()

    ran = batch(archive, out, "--id-column", "id", "--keep-column", "ward")
    assert ran.code == 0 and "1 unchanged" in ran.stderr
    assert (out / "notes.jsonl").stat().st_mtime_ns == before.st_mtime_ns
    ran = batch(archive, out, "--id-column", "id", "--keep-all-columns")  # other settings: redone
    assert "1 done" in ran.stderr and rows_in(out / "notes.jsonl")[0]["author"] == "A. B."


def test_a_csv_archive_with_multiline_notes(tmp_path, batch):
    archive, out = tmp_path / "export" / "notes.csv", tmp_path / "out"
    archive.parent.mkdir()
    with open(archive, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "dob", "service"])
        for i in range(4):
            w.writerow([f"c{i}", NOTE + "Second paragraph, same note.\n", "1961-04-15", "cardiology"])

    ran = batch(archive, out, "--id-column", "id", "--keep-column", "service", "--batch-size", "3")

    assert ran.code == 0
    with open(out / "notes.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["id", "text", "service"]  # dob dropped
        got = list(reader)
    assert [r["id"] for r in got] == ["c0", "c1", "c2", "c3"]
    for r in got:
        assert not [v for v in NOTE_IDS if occurs(v, r["text"])]
        assert r["text"].endswith("Second paragraph, same note.\n") and r["service"] == "cardiology"


def test_an_archive_without_its_text_column_fails_whole_and_writes_nothing(tmp_path, batch):
    archive, out = tmp_path / "notes.csv", tmp_path / "out"
    archive.write_text("id,body\n1,Seen by Dr. Ottoline Brackwater\n")
    ran = batch(archive, out)
    assert ran.code == 1
    assert not (out / "notes.csv").exists()
    assert [(e["path"], e["code"]) for e in error_report(out)] == [("notes.csv", "input_error")]
    assert not list(out.glob(".*phideid-tmp*"))
