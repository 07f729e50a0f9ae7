import pytest

from phideid.types import HipaaIdentifier, PhiType, Span


def test_every_type_maps_to_i2b2_and_back():
    for phi_type in PhiType:
        category, sub = phi_type.i2b2
        assert PhiType.from_i2b2(sub) in {phi_type, PhiType.PATIENT}
        assert category in {"NAME", "PROFESSION", "LOCATION", "AGE", "DATE", "CONTACT", "ID"}


def test_i2b2_categories_map_to_general_types():
    assert PhiType.from_i2b2("name") is PhiType.NAME
    assert PhiType.from_i2b2("ID") is PhiType.IDNUM
    assert PhiType.from_i2b2("LOCATION-OTHER") is PhiType.LOCATION
    with pytest.raises(ValueError, match="unknown i2b2 label"):
        PhiType.from_i2b2("WEATHER")


def test_all_18_hipaa_identifiers_but_photos_are_reachable_from_text_types():
    covered = {t.hipaa for t in PhiType if t.hipaa is not None}
    assert set(HipaaIdentifier) - covered == {HipaaIdentifier.PHOTO}
    assert PhiType.STATE.hipaa is None and PhiType.PROFESSION.hipaa is None


def test_span_validates_offsets_and_score():
    with pytest.raises(ValueError):
        Span(5, 5, PhiType.DATE)
    with pytest.raises(ValueError):
        Span(0, 3, PhiType.DATE, score=1.5)
    assert Span(0, 3, PhiType.DATE).as_dict()["type"] == "DATE"
