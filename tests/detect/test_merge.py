from phideid.detect.merge import merge_spans
from phideid.types import PhiType, Span

P = PhiType


def covered(text, spans):
    return [text[s.start : s.end] for s in spans]


def test_subword_fragment_is_widened_to_the_whole_word():
    text = "Seen by Smithson today"
    spans = merge_spans(text, [Span(8, 12, P.DOCTOR, 0.8, "ner")])
    assert covered(text, spans) == ["Smithson"]


def test_widening_does_not_swallow_a_neighbour_of_another_class():
    text = "Pt is a 93F with CHF"
    spans = merge_spans(text, [Span(8, 10, P.AGE, 0.9, "pattern.age")])
    assert covered(text, spans) == ["93"]


def test_higher_priority_wins_and_the_loser_keeps_its_uncovered_rest():
    text = "call 617-555-1234 x12 now"
    phone = Span(5, 21, P.PHONE, 0.7, "a")
    date = Span(5, 12, P.DATE, 0.9, "b")  # a date detector misreading part of the number
    spans = merge_spans(text, [date, phone])
    assert [(text[s.start : s.end], s.phi_type) for s in spans] == [("617-555-1234 x12", P.PHONE)]


def test_union_of_overlapping_spans_stays_covered():
    text = "Dr. Anna Maria Lopez"
    spans = merge_spans(text, [Span(4, 14, P.DOCTOR, 0.6, "a"), Span(9, 20, P.PATIENT, 0.9, "b")])
    assert min(s.start for s in spans) == 4 and max(s.end for s in spans) == 20
    assert all(not a.overlaps(b) for a, b in zip(spans, spans[1:], strict=False))


def test_equal_priority_prefers_the_higher_score():
    text = "Smith"
    spans = merge_spans(text, [Span(0, 5, P.DOCTOR, 0.4, "a"), Span(0, 5, P.DOCTOR, 0.9, "b")])
    assert len(spans) == 1 and spans[0].score == 0.9


def test_name_fragments_across_a_space_or_hyphen_are_joined():
    text = "Mary-Anne O Brien"
    spans = merge_spans(
        text,
        [Span(0, 4, P.PATIENT), Span(5, 9, P.PATIENT), Span(10, 11, P.PATIENT), Span(12, 17, P.PATIENT)],
    )
    assert covered(text, spans) == ["Mary-Anne O Brien"]


def test_two_dates_separated_by_a_space_stay_two_dates():
    text = "7/22 7/23"
    spans = merge_spans(text, [Span(0, 4, P.DATE), Span(5, 9, P.DATE)])
    assert covered(text, spans) == ["7/22", "7/23"]


def test_different_types_are_not_joined():
    text = "Boston MA"
    spans = merge_spans(text, [Span(0, 6, P.CITY), Span(7, 9, P.STATE)])
    assert [s.phi_type for s in spans] == [P.CITY, P.STATE]
