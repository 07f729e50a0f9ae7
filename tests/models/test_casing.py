from __future__ import annotations

from models.casing import CASE_CLASSES, LOWER, MIXED, NO_LETTERS, SPECIAL, TITLE, UPPER, case_class, case_ids


def test_six_classes_in_contract_order():
    assert CASE_CLASSES == ("special", "lower", "title", "upper", "mixed", "no_letters")
    assert (SPECIAL, LOWER, TITLE, UPPER, MIXED, NO_LETTERS) == (0, 1, 2, 3, 4, 5)


def test_classes_of_token_texts():
    assert case_class("smith") == LOWER
    assert case_class("Smith") == TITLE
    assert case_class("J") == TITLE
    assert case_class("SMITH") == UPPER
    assert case_class("McDonald") == MIXED
    assert case_class("12/03") == NO_LETTERS
    assert case_class("Émile") == TITLE
    assert case_class("ÖZTÜRK") == UPPER
    assert case_class("東京") == LOWER  # no case to see


def test_ids_come_from_the_original_text_under_the_offsets():
    text = "Dr. SMITH saw pt"
    offsets = [(0, 0), (0, 2), (2, 3), (4, 9), (10, 13), (14, 16), (0, 0)]
    assert case_ids(text, offsets) == [SPECIAL, TITLE, NO_LETTERS, UPPER, LOWER, LOWER, SPECIAL]


def test_ids_of_the_real_tokenizer(note_tokenizer):
    text = "Seen by DR. McDonald"
    note = note_tokenizer.encode([text])[0]
    pieces = [(text[s:e], int(c)) for (s, e), c in zip(note.offsets, note.case, strict=True)]
    assert pieces[0] == ("Seen", TITLE)
    assert ("DR", UPPER) in pieces and (".", NO_LETTERS) in pieces
    # the uncased vocabulary splits McDonald into pieces; each piece gets its own class
    assert all(c in (TITLE, LOWER, MIXED, UPPER) for piece, c in pieces[4:])
