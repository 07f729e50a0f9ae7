"""The Annex E table: the build script, the shipped copy, and how actions resolve."""

from __future__ import annotations

import json

import pytest

from phideid.errors import ConfigError
from phideid.formats.dicom import build_profile
from phideid.formats.dicom.actions import Kind, resolve
from phideid.formats.dicom.method import method_codes
from phideid.formats.dicom.profile import ProfileRow, load_table, parse_table

ROWS = [
    {"name": "Accession Number", "tag": "(0008,0050)", "basicProfile": "Z", "id": "00080050"},
    {"name": "Curve Data", "tag": "(50XX,XXXX)", "basicProfile": "X", "cleanGraphOpt": "C"},
    {"name": "Private Attributes", "tag": "(GGGG,EEEE) WHERE GGGG IS ODD", "basicProfile": "X",
     "rtnSafePrivOpt": "C"},
    {"name": "Study Date", "tag": "(0008,0020)", "basicProfile": "Z", "rtnLongFullDatesOpt": "K",
     "rtnLongModifDatesOpt": "C"},
]


def test_build_profile_writes_a_table_the_handler_reads(tmp_path):
    source = tmp_path / "annex.json"
    source.write_text(json.dumps(ROWS))
    target = tmp_path / "annex_e.csv"
    assert build_profile.main([str(source), "--edition", "2024b", "-o", str(target)]) == 0
    text = target.read_text()
    assert "GENERATED" in text and "edition 2024b" in text
    table = parse_table(text)
    assert table.edition == "2024b" and len(table) == 4
    assert table.row(0x00080050).basic == "Z"
    assert table.row(0x50123000).name == "Curve Data"
    assert table.row(0x00291010).name == "Private Attributes"
    assert table.row(0x00080020).options == {"rtnLongFullDates": "K", "rtnLongModifDates": "C"}
    assert table.row(0x00080060) is None


def test_build_profile_refuses_an_unknown_action(tmp_path):
    source = tmp_path / "annex.json"
    source.write_text(json.dumps([{"name": "x", "tag": "(0008,0050)", "basicProfile": "Q"}]))
    with pytest.raises(ValueError):
        build_profile.main([str(source), "-o", str(tmp_path / "out.csv")])


def test_the_shipped_table_is_the_generated_2024b_edition():
    table = load_table()
    assert table.edition == "2024b" and len(table) == 621
    assert table.row(0x00100010).basic == "Z"  # Patient's Name
    assert table.row(0x0020000D).basic == "U"  # Study Instance UID
    assert table.row(0x60104000) is not None  # an overlay in any 60xx group


def test_a_broken_table_is_a_config_error():
    with pytest.raises(ConfigError):
        parse_table("# edition=2024b\ntag,name\n00080050,x\n")


def _row(basic: str, **options: str) -> ProfileRow:
    return ProfileRow("00000000", "test", basic, options)


@pytest.mark.parametrize(
    ("basic", "vr", "kind"),
    [
        ("X/Z", "LO", Kind.EMPTY), ("X/Z/D", "PN", Kind.EMPTY), ("X/D", "SH", Kind.DUMMY),
        ("Z/D", "LO", Kind.DUMMY), ("D", "UI", Kind.UID), ("D", "SQ", Kind.RECURSE), ("Z", "SQ", Kind.EMPTY),
        ("X/Z/U*", "SQ", Kind.RECURSE), ("X", "SQ", Kind.REMOVE), ("U", "UI", Kind.UID),
    ],
)
def test_combined_actions_resolve_conservatively(basic, vr, kind):
    assert resolve(0x00080050, vr, "AccessionNumber", _row(basic), frozenset()).kind is kind


def test_an_option_in_force_relaxes_the_basic_action():
    row = _row("X/Z", rtnLongModifDates="C", rtnLongFullDates="K")
    dates = resolve(0x00080022, "DA", "AcquisitionDate", row, frozenset({"rtnLongModifDates"}))
    assert dates.kind is Kind.DATE and dates.fallback is Kind.EMPTY
    assert resolve(0x00080022, "DA", "AcquisitionDate", row, frozenset()).kind is Kind.EMPTY
    desc = _row("X", cleanDesc="C")
    assert resolve(0x00081030, "LO", "StudyDescription", desc, frozenset({"cleanDesc"})).kind is Kind.CLEAN


@pytest.mark.parametrize(
    ("tag", "vr", "keyword", "kind"),
    [
        (0x00102201, "LO", "PatientSpeciesDescription", Kind.REMOVE),  # unlisted, patient group
        (0x60000010, "US", "OverlayRows", Kind.REMOVE),
        (0x00080016, "UI", "SOPClassUID", Kind.KEEP),
        (0x00081150, "UI", "ReferencedSOPClassUID", Kind.KEEP),
        (0x00200200, "UI", "SynchronizationFrameOfReferenceUID", Kind.UID),
        (0x0040A160, "UT", "TextValue", Kind.CLEAN),
        (0x00080060, "CS", "Modality", Kind.KEEP),
        (0x00080012, "DA", "InstanceCreationDate", Kind.DATE),
        (0x00200000, "UL", "", Kind.REMOVE),
    ],
)
def test_unlisted_attributes_are_handled_conservatively(tag, vr, keyword, kind):
    options = frozenset({"rtnLongModifDates", "cleanDesc"})
    assert resolve(tag, vr, keyword, None, options).kind is kind


def test_method_codes_follow_cid_7050():
    codes = dict(method_codes(frozenset({"rtnLongModifDates", "rtnUIDs", "cleanDesc"})))
    assert codes == {
        "113100": "Basic Application Confidentiality Profile",
        "113107": "Retain Longitudinal Temporal Information Modified Dates Option",
        "113110": "Retain UIDs Option",
        "113105": "Clean Descriptors Option",
    }
