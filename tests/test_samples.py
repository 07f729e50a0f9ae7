"""The benchmarks' synthetic notes: ICU-sized, deterministic by seed, each different, words kept whole."""

from phideid.samples import make_notes


def test_notes_are_icu_sized_and_deterministic_by_seed():
    notes = make_notes(20, chars=840)
    assert notes == make_notes(20, chars=840)
    assert notes != make_notes(20, chars=840, seed=8)
    assert all(700 <= len(n) <= 840 for n in notes)
    assert len(set(notes)) == 20


def test_a_note_is_cut_between_words():
    for seed in range(10):
        short, = make_notes(1, chars=300, seed=seed)
        long, = make_notes(1, chars=3000, seed=seed)  # the same sentences, more of them
        assert long.startswith(short)
        assert long[len(short)] == " "
