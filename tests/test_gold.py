"""Gold readers: JSONL and BRAT, with errors that name the line and never the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phideid.errors import InputError
from phideid.gold import GoldNote, GoldSpan, read_brat, read_gold, read_jsonl, write_predictions

DATA = Path(__file__).resolve().parents[1] / "eval" / "data"
SECRET = "Zebediah Quillfeather"


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_gold_file_reads_and_every_span_is_inside_its_text():
    notes = read_gold(DATA / "synthetic_gold.jsonl")
    assert len(notes) == 15
    assert len({n.id for n in notes}) == 15
    for n in notes:
        assert n.spans
        for s in n.spans:
            covered = n.text[s.start : s.end]
            assert covered == covered.strip() and covered, (n.id, s)


def test_jsonl_round_trips_through_write_predictions(tmp_path):
    notes = [GoldNote("a", "Dr. Wong\u2028called", (GoldSpan(4, 8, "DOCTOR"),)), GoldNote("7", "none", ())]
    out = tmp_path / "pred.jsonl"
    write_predictions(out, notes)
    assert read_jsonl(out) == notes


def test_integer_ids_are_read_as_strings_and_blank_lines_skipped(tmp_path):
    path = write_lines(tmp_path / "g.jsonl", json.dumps({"id": 3, "text": "x", "spans": []}), "", "")
    assert read_jsonl(path) == [GoldNote("3", "x", ())]


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ('{"id": "b", "text": "' + SECRET + '", "spans": [}', "not valid JSON"),
        (json.dumps({"id": "b", "text": SECRET}), "missing key(s) spans"),
        (json.dumps({"id": "b", "text": SECRET, "spans": [{"start": 0, "end": 99, "label": "PATIENT"}]}),
         "span 1: end 99 is past the end of the text"),
        (json.dumps({"id": "b", "text": SECRET, "spans": [{"start": 5, "end": 5, "label": "PATIENT"}]}),
         "start < end"),
        (json.dumps({"id": "b", "text": SECRET, "spans": [{"start": "0", "end": 8, "label": "PATIENT"}]}),
         "integer 'start' and 'end'"),
        (json.dumps({"id": "b", "text": SECRET, "spans": [{"start": 0, "end": 8}]}),
         "non-empty string 'label'"),
        (json.dumps([SECRET]), "expected a JSON object"),
        (json.dumps({"id": "a", "text": SECRET, "spans": []}), "id repeats"),
    ],
)
def test_malformed_lines_name_the_line_and_problem_never_the_text(tmp_path, record, problem):
    good = json.dumps({"id": "a", "text": "fine", "spans": []})
    path = write_lines(tmp_path / "gold.jsonl", good, "", record)
    with pytest.raises(InputError) as err:
        read_jsonl(path)
    message = str(err.value)
    assert "gold.jsonl line 3" in message
    assert problem in message
    assert "Zebediah" not in message and "Quillfeather" not in message


def test_brat_pairs_with_discontinuous_spans_give_one_span_per_fragment():
    notes = {n.id: n for n in read_brat(DATA / "brat_sample")}
    assert sorted(notes) == ["note-a", "note-b"]
    a = notes["note-a"]
    assert [(s.label, a.text[s.start : s.end]) for s in a.spans] == [
        ("PATIENT", "Jonas Ekberg"), ("DATE", "4/2"), ("DOCTOR", "Amara Osei"), ("RELATIVE", "Ingrid"),
        ("PHONE", "774-555-0110")]
    b = notes["note-b"]
    assert [(s.label, b.text[s.start : s.end]) for s in b.spans] == [
        ("HOSPITAL", "Holy Cross Hospital"), ("HOSPITAL", "Annex B"), ("DATE", "1/9/1950"),
        ("DOCTOR", "Lena"), ("DOCTOR", "Park")]
    assert read_gold(DATA / "brat_sample") == [a, b]


def test_brat_offsets_count_crlf_line_ends_as_stored(tmp_path):
    (tmp_path / "n.txt").write_bytes(b"Line one\r\nDr. Wong\r\n")
    (tmp_path / "n.ann").write_text("T1\tDOCTOR 14 18\tWong\n", encoding="utf-8")
    (note,) = read_brat(tmp_path)
    assert note.text[note.spans[0].start : note.spans[0].end] == "Wong"


def test_brat_errors_name_file_line_and_annotation_not_text(tmp_path):
    (tmp_path / "n.txt").write_text(f"Pt {SECRET} seen.", encoding="utf-8")
    write_lines(tmp_path / "n.ann", f"T1\tPATIENT 3 24\t{SECRET}", f"T2\tPATIENT 4 24\t{SECRET}")
    with pytest.raises(InputError) as err:
        read_brat(tmp_path)
    assert "n.ann line 2 (T2)" in str(err.value) and "do not cover" in str(err.value)
    assert "Zebediah" not in str(err.value)
    write_lines(tmp_path / "n.ann", f"T1\tPATIENT three 24\t{SECRET}")
    with pytest.raises(InputError, match="n.ann line 1: malformed") as err:
        read_brat(tmp_path)
    assert "Zebediah" not in str(err.value)


def test_brat_txt_without_ann_and_missing_gold_are_errors(tmp_path):
    (tmp_path / "n.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="has no n.ann"):
        read_brat(tmp_path)
    with pytest.raises(InputError, match="neither"):
        read_gold(tmp_path / "nope.jsonl")
