"""Token-level PHI metrics and seqeval entity metrics on tiny examples computed by hand."""

from __future__ import annotations

import pytest

from phideid.errors import InputError
from phideid.gold import GoldNote, GoldSpan
from phideid.scoring import (
    TokenMetrics,
    bio_tags,
    evaluate,
    i2b2_label_map,
    map_spans,
    shape,
    token_labels,
    tokenize,
)

TEXT = "Seen by Dr. Wong on 7/22/2009 at MGH."
# tokens: Seen by Dr Wong on 7 22 2009 at MGH  -> 10 tokens
GOLD = GoldNote("n1", TEXT, (GoldSpan(12, 16, "DOCTOR"), GoldSpan(20, 29, "DATE"),
                             GoldSpan(33, 36, "HOSPITAL")))


def note(*spans: GoldSpan, text: str = TEXT, id_: str = "n1") -> GoldNote:
    return GoldNote(id_, text, tuple(spans))


def test_tokens_are_runs_of_letters_and_digits_split_on_punctuation():
    assert [TEXT[s:e] for s, e in tokenize(TEXT)] == ["Seen", "by", "Dr", "Wong", "on", "7", "22", "2009",
                                                      "at", "MGH"]
    odd = "O'Neil-Smith_jr 93F Zoë"
    assert [odd[s:e] for s, e in tokenize(odd)] == ["O", "Neil", "Smith", "jr", "93F", "Zoë"]


def test_perfect_prediction_scores_one():
    result = evaluate([GOLD], [GOLD])
    assert (result.tokens.tp, result.tokens.fp, result.tokens.fn, result.tokens.tokens) == (5, 0, 0, 10)
    assert result.tokens.recall == result.tokens.precision == result.tokens.f1 == 1.0
    assert result.entity_scores()["micro avg"]["f1-score"] == 1.0


def test_a_span_covering_part_of_a_token_makes_the_whole_token_phi():
    # "on" is outside gold; the prediction covers only "ong" of "Wong" and the "7" of the date
    predicted = note(GoldSpan(13, 16, "DOCTOR"), GoldSpan(20, 21, "DATE"))
    result = evaluate([GOLD], [predicted])
    assert result.tokens.tp == 2  # Wong, 7
    assert result.tokens.fn == 3  # 22, 2009, MGH
    assert result.tokens.fp == 0


def test_known_tp_fp_fn_and_ratios():
    # predicted: "Seen" (FP), "Wong" (TP), "7/22" (TP TP), MGH missed (FN), 2009 missed (FN)
    predicted = note(GoldSpan(0, 4, "NAME"), GoldSpan(12, 16, "DOCTOR"), GoldSpan(20, 24, "DATE"))
    t = evaluate([GOLD], [predicted]).tokens
    assert (t.tp, t.fp, t.fn, t.tn) == (3, 1, 2, 4)
    assert t.recall == pytest.approx(3 / 5)
    assert t.precision == pytest.approx(3 / 4)
    assert t.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)


def test_metrics_are_micro_averaged_over_notes():
    other = note(GoldSpan(0, 5, "PATIENT"), text="Maria is well", id_="n2")
    empty = note(text="Maria is well", id_="n2")
    t = evaluate([GOLD, other], [GOLD, empty]).tokens
    assert (t.tp, t.fn, t.tokens) == (5, 1, 13)
    assert t.recall == pytest.approx(5 / 6)


def test_no_phi_anywhere_is_perfect_not_a_division_by_zero():
    t = evaluate([note(text="afebrile")], [note(text="afebrile")]).tokens
    assert (t.recall, t.precision) == (1.0, 1.0)


def test_bio_tags_start_each_span_and_continue_inside_it():
    text = "Mary Anne Lee, Bob"
    spans = [GoldSpan(0, 13, "PATIENT"), GoldSpan(15, 18, "PATIENT")]
    assert bio_tags(token_labels(text, spans)) == ["B-PATIENT", "I-PATIENT", "I-PATIENT", "B-PATIENT"]


def test_token_takes_the_label_covering_most_of_it():
    assert token_labels("93F", [GoldSpan(0, 2, "AGE"), GoldSpan(2, 3, "NAME")]) == [("AGE", 0)]


def test_seqeval_per_type_on_a_known_example():
    # DOCTOR exact; DATE predicted as 7/22 only (boundary differs: strict mode counts it wrong);
    # HOSPITAL missed; a spurious NAME on "Seen"
    predicted = note(GoldSpan(0, 4, "NAME"), GoldSpan(12, 16, "DOCTOR"), GoldSpan(20, 24, "DATE"))
    scores = evaluate([GOLD], [predicted]).entity_scores()
    assert scores["DOCTOR"]["f1-score"] == 1.0
    assert scores["DATE"]["recall"] == 0.0 and scores["DATE"]["precision"] == 0.0
    assert scores["HOSPITAL"]["recall"] == 0.0 and scores["HOSPITAL"]["support"] == 1
    assert scores["NAME"]["precision"] == 0.0
    assert scores["micro avg"]["precision"] == pytest.approx(1 / 3)
    assert scores["micro avg"]["recall"] == pytest.approx(1 / 3)
    assert "DOCTOR" in evaluate([GOLD], [predicted]).entity_report()


def test_label_map_merges_types_on_both_sides():
    predicted = note(GoldSpan(12, 16, "PATIENT"))
    plain = evaluate([GOLD], [predicted]).entity_scores()
    assert plain["DOCTOR"]["recall"] == 0.0
    mapped = evaluate([GOLD], [predicted], {"DOCTOR": "NAME", "PATIENT": "NAME"}).entity_scores()
    assert mapped["NAME"]["f1-score"] == 1.0
    assert "DOCTOR" not in mapped and "PATIENT" not in mapped


def test_label_mapped_to_o_is_not_scored():
    spans = map_spans([GoldSpan(0, 2, "PROFESSION"), GoldSpan(3, 5, "DATE")], {"PROFESSION": "O"})
    assert spans == (GoldSpan(3, 5, "DATE"),)
    gold = note(GoldSpan(0, 4, "PROFESSION"))
    assert evaluate([gold], [note()], {"PROFESSION": "O"}).tokens.fn == 0


def test_i2b2_labels_map_to_phi_types_and_phi_types_stay():
    to_phi = i2b2_label_map()
    assert to_phi("LOCATION-OTHER") == "LOCATION"
    assert to_phi("ID") == "IDNUM"
    assert to_phi("doctor") == "DOCTOR"
    assert to_phi("RELATIVE") == "RELATIVE"  # a PhiType value, as predictions carry
    gold = note(GoldSpan(33, 36, "LOCATION-OTHER"))
    assert evaluate([gold], [note(GoldSpan(33, 36, "LOCATION"))], to_phi).entity_scores()["LOCATION"][
        "f1-score"] == 1.0
    with pytest.raises(InputError, match="BANANA"):
        to_phi("BANANA")


def test_missed_phi_counts_by_gold_type_and_no_surface_unless_asked():
    predicted = note(GoldSpan(12, 16, "DOCTOR"))
    missed = evaluate([GOLD], [predicted]).missed
    assert missed.missed_tokens == {"DATE": 3, "HOSPITAL": 1}
    assert missed.gold_tokens == {"DOCTOR": 1, "DATE": 3, "HOSPITAL": 1}
    assert missed.surfaces == {}
    with_surface = evaluate([GOLD], [predicted], with_surface=True).missed
    assert with_surface.surfaces[("HOSPITAL", "MGH")] == 1


def test_a_gold_note_without_prediction_or_with_other_text_is_an_error():
    with pytest.raises(InputError, match="no prediction"):
        evaluate([GOLD], [])
    with pytest.raises(InputError, match="differs") as err:
        evaluate([GOLD], [note(text="something else")])
    assert "Wong" not in str(err.value)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Lasix", "Xxxx"), ("95/42", "dd/dd"), ("0300-0500", "ddd-ddd"), ("MICU", "XXX"), ("Dr", "Xx"),
     ("q2h", "xdx"), ("7a-7p", "dx-dx"), ("O'Neil", "X'Xxxx"), ("Zoë", "Xxx"),
     ("617-555-0134", "ddd-ddd-ddd")],
)
def test_word_shape_maps_case_and_digits_and_cuts_runs_to_three(word, expected):
    assert shape(word) == expected


# n1 tokens: Lasix 40 mg given BP 95 42 at 0300 0500 seen by Dr Okafor  -> 14
# n2 tokens: Wife Edna asked about Lasix                                -> 5
CLINICAL = "Lasix 40 mg given. BP 95/42 at 0300-0500, seen by Dr. Okafor."
FAMILY = "Wife Edna asked about Lasix."
FALSE_GOLD = [note(GoldSpan(54, 60, "DOCTOR"), text=CLINICAL, id_="n1"),
              note(GoldSpan(5, 9, "RELATIVE"), text=FAMILY, id_="n2")]
FALSE_PRED = [
    # Lasix taken for a doctor, the BP and the time range taken for phones, Okafor found
    note(GoldSpan(0, 5, "DOCTOR"), GoldSpan(22, 27, "PHONE"), GoldSpan(31, 40, "PHONE"),
         GoldSpan(54, 60, "DOCTOR"), text=CLINICAL, id_="n1"),
    # Edna missed, Lasix taken for a doctor again
    note(GoldSpan(22, 27, "DOCTOR"), text=FAMILY, id_="n2"),
]


def test_false_phi_is_counted_per_1000_tokens_and_by_label_and_shape():
    spans = [(n.text, s) for n in (*FALSE_GOLD, *FALSE_PRED) for s in n.spans]
    assert [text[s.start : s.end] for text, s in spans] == ["Okafor", "Edna", "Lasix", "95/42", "0300-0500",
                                                           "Okafor", "Lasix"]
    result = evaluate(FALSE_GOLD, FALSE_PRED)
    t = result.tokens
    assert (t.tp, t.fp, t.fn, t.tokens) == (1, 6, 1, 19)
    assert t.false_per_1000 == 1000 * 6 / 19
    assert t.as_dict()["false_per_1000"] == 1000 * 6 / 19
    assert result.false.shapes == {("DOCTOR", "Xxxx"): 2, ("PHONE", "dd/dd"): 2, ("PHONE", "ddd-ddd"): 2}
    assert result.false.top(2) == [(("DOCTOR", "Xxxx"), 2), (("PHONE", "dd/dd"), 2)]
    assert result.false.surfaces == {}


def test_false_surface_forms_only_when_asked_with_sentence_punctuation_stripped():
    false = evaluate(FALSE_GOLD, FALSE_PRED, with_surface=True).false
    assert false.surfaces == {("DOCTOR", "Lasix"): 2, ("PHONE", "95/42"): 2, ("PHONE", "0300-0500"): 2}


def test_false_phi_uses_the_mapped_predicted_label_and_gold_phi_is_never_false():
    false = evaluate(FALSE_GOLD, FALSE_PRED, {"DOCTOR": "NAME", "PHONE": "O"}).false
    assert false.shapes == {("NAME", "Xxxx"): 2}
    assert evaluate(FALSE_GOLD, FALSE_GOLD).false.shapes == {}


def test_false_per_1000_is_zero_without_tokens_or_without_false_positives():
    assert TokenMetrics(tp=0, fp=0, fn=0, tokens=0).false_per_1000 == 0.0
    assert evaluate([GOLD], [GOLD]).tokens.false_per_1000 == 0.0
    assert TokenMetrics(tp=3, fp=2, fn=0, tokens=400).false_per_1000 == 5.0
