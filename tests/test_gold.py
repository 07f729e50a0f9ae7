"""Gold readers: JSONL (inline or standoff), BRAT and .notes, with errors that name the line and never
the text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from phideid.errors import InputError
from phideid.gold import (
    GoldNote,
    GoldSpan,
    parse_inline,
    read_brat,
    read_gold,
    read_inline,
    read_jsonl,
    write_predictions,
)

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


def covered(note: GoldNote) -> list[tuple[str, str]]:
    return [(s.label, note.text[s.start : s.end]) for s in note.spans]


def test_inline_marks_are_removed_and_become_spans_over_the_plain_text():
    text, spans = parse_inline("Wife [[RELATIVE:Edna]] called, updated by [[DOCTOR:Okafor]] at 1400.")
    assert text == "Wife Edna called, updated by Okafor at 1400."
    assert spans == (GoldSpan(5, 9, "RELATIVE"), GoldSpan(29, 35, "DOCTOR"))
    assert parse_inline("afebrile, no marks") == ("afebrile, no marks", ())


@pytest.mark.parametrize(
    ("marked", "problem"),
    [
        ("Seen by [[DOCTOR:Okafor today.", "unclosed"),
        ("Seen by Okafor]] today.", "unclosed"),
        ("Seen by [[DOCTOR: Okafor]] today.", "surrounding whitespace"),
        ("Seen by [[DOCTOR:Okafor ]] today.", "surrounding whitespace"),
        ("Seen by [[doctor:Okafor]] today.", "malformed"),
    ],
)
def test_inline_marks_that_are_unclosed_or_padded_are_rejected(marked, problem):
    with pytest.raises(ValueError, match=problem):
        parse_inline(marked)


def test_notes_file_reads_each_note_from_its_header_to_the_next(tmp_path):
    path = write_lines(
        tmp_path / "icu.notes",
        "",
        "### icu-07 icu_nursing",
        "",
        "Wife [[RELATIVE:Edna]] called at 1400.",
        "Updated by [[DOCTOR:Okafor]] on [[DATE:3/14]].",
        "",
        "",
        "### icu-08",
        "No calls overnight.",
        "",
        "Plan: wean vent.",
        "",
    )
    notes = read_inline(path)
    assert [n.id for n in notes] == ["icu-07", "icu-08"]
    first, second = notes
    assert first.text == "Wife Edna called at 1400.\nUpdated by Okafor on 3/14."
    assert covered(first) == [("RELATIVE", "Edna"), ("DOCTOR", "Okafor"), ("DATE", "3/14")]
    assert second == GoldNote("icu-08", "No calls overnight.\n\nPlan: wean vent.", ())
    assert read_gold(path) == notes


def test_a_folder_of_notes_files_reads_them_all_in_name_order(tmp_path):
    write_lines(tmp_path / "b.notes", "### b-1", "Son [[RELATIVE:Ari]] visited.")
    write_lines(tmp_path / "a.notes", "### a-1", "Seen by [[DOCTOR:Okafor]].", "### a-2", "Afebrile.")
    notes = read_gold(tmp_path)
    assert [n.id for n in notes] == ["a-1", "a-2", "b-1"]
    assert covered(notes[2]) == [("RELATIVE", "Ari")]


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["Stray line", "### a", "fine"], "cases.notes line 1: text before the first '### ID' header"),
        (["### a", "fine", "### b", "x", f"Pt [[PATIENT:{SECRET} called"],
         "cases.notes note at line 3: an unclosed"),
        (["### a", f"Pt [[PATIENT: {SECRET}]] called"], "cases.notes note at line 1: a marked value has "
         "surrounding whitespace"),
        (["### a", f"Pt [[PATIENT:{SECRET}]]", "### b", "x", "### a", f"{SECRET} again"],
         "cases.notes note at line 5: id repeats an earlier note"),
    ],
)
def test_notes_errors_name_the_file_and_line_never_the_text(tmp_path, lines, problem):
    path = write_lines(tmp_path / "cases.notes", *lines)
    with pytest.raises(InputError) as err:
        read_gold(path)
    assert problem in str(err.value)
    assert "Zebediah" not in str(err.value) and "Quillfeather" not in str(err.value)


def test_an_id_repeated_across_notes_files_names_both_files(tmp_path):
    write_lines(tmp_path / "a.notes", "### n1", "Afebrile.", "### n2", f"Pt [[PATIENT:{SECRET}]].")
    write_lines(tmp_path / "b.notes", "### n3", "Afebrile.", "### n2", f"{SECRET} again.")
    with pytest.raises(InputError) as err:
        read_gold(tmp_path)
    message = str(err.value)
    assert "b.notes note at line 3: id repeats a note of a.notes" in message
    assert "Zebediah" not in message


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_standoff_records_take_their_text_from_the_texts_file(tmp_path):
    texts = write_lines(tmp_path / "texts.jsonl",
                        json.dumps({"id": "m1", "text": f"Pt {SECRET} seen.", "specialty": "cardiology"}),
                        json.dumps({"id": 2, "text": "Zoë afebrile\u2028ok"}))
    gold = write_lines(
        tmp_path / "ann.jsonl",
        json.dumps({"id": "m1", "sha256": sha256(f"Pt {SECRET} seen."),
                    "spans": [{"start": 3, "end": 24, "label": "PATIENT"}]}),
        json.dumps({"id": "2", "sha256": sha256("Zoë afebrile\u2028ok"), "spans": []}),
        json.dumps({"id": "m3", "text": "inline text still works", "spans": []}),
    )
    notes = read_gold(gold, texts=texts)
    assert [n.id for n in notes] == ["m1", "2", "m3"]
    assert covered(notes[0]) == [("PATIENT", SECRET)]
    assert notes[1].text == "Zoë afebrile\u2028ok"


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"id": "m9", "sha256": sha256(f"Pt {SECRET} seen."), "spans": []}, "no text of this record's id"),
        ({"id": "m1", "sha256": sha256(f"Pt {SECRET} seen!"), "spans": []}, "differs from the one annotated"),
    ],
)
def test_standoff_text_missing_or_changed_is_an_error_that_does_not_quote_it(tmp_path, record, problem):
    texts = write_lines(tmp_path / "texts.jsonl", json.dumps({"id": "m1", "text": f"Pt {SECRET} seen."}))
    gold = write_lines(tmp_path / "ann.jsonl", json.dumps({"id": "m0", "text": "fine", "spans": []}),
                       json.dumps(record))
    with pytest.raises(InputError) as err:
        read_gold(gold, texts=texts)
    assert "ann.jsonl line 2" in str(err.value) and problem in str(err.value)
    assert "Zebediah" not in str(err.value) and "Quillfeather" not in str(err.value)


def test_standoff_gold_without_its_texts_is_an_error(tmp_path):
    gold = write_lines(tmp_path / "ann.jsonl", json.dumps({"id": "m1", "sha256": sha256("x"), "spans": []}))
    with pytest.raises(InputError, match="ann.jsonl line 1: missing key"):
        read_gold(gold)
