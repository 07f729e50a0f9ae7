"""The allow-list: shipped clinical terms, a site's own file, and how spans are matched."""

from __future__ import annotations

import pytest

from phideid.detect.allowlist import AllowList
from phideid.detect.patterns import PatternDetector
from phideid.errors import ConfigError


@pytest.mark.parametrize(
    "term",
    [
        "BUN",
        "cr",
        "K",
        "Na",
        "INR",
        "PT",
        "PTT",
        "WBC",
        "hgb",
        "Parkinson",
        "foley",
        "Gram",
        "Swan-Ganz",
        "Hodgkin",
        "Crohn",
        "Alzheimer",
        "Babinski",
        "Murphy",
    ],
)
def test_shipped_list_allows_lab_abbreviations_and_eponyms(term):
    assert AllowList.load().allows(term)


@pytest.mark.parametrize("text", ["Wong", "Jane Wong", "O'Neil", "02115", "Boston"])
def test_names_and_places_are_not_allowed(text):
    assert not AllowList.load().allows(text)


def test_matching_is_on_the_whole_span_and_ignores_case_and_edge_punctuation():
    allow = AllowList.from_terms(["Swan-Ganz", "Gram"])
    assert allow.allows("SWAN-GANZ")
    assert allow.allows("(Gram)")
    assert allow.allows("  gram ")
    assert not allow.allows("Gram Wong")  # a longer span is not allowed because one word is
    assert not allow.allows("Swan")


def test_user_file_extends_the_shipped_list(tmp_path):
    extra = tmp_path / "site_terms.txt"
    extra.write_text("# our ward names\nBigelow  # a building, not a person\n\nLunder\n", encoding="utf-8")
    allow = AllowList.load(paths=[extra])
    assert allow.allows("Bigelow") and allow.allows("LUNDER")
    assert allow.allows("INR")  # the shipped terms are still there
    assert not allow.allows("# our ward names")
    assert not AllowList.load().allows("Bigelow")


def test_user_terms_stop_the_detector_reporting_them(tmp_path):
    note = "Transferred to Lunder, MD on call."
    plain = PatternDetector(entities=["DOCTOR"]).detect([note])[0]
    assert [note[s.start : s.end] for s in plain] == ["Lunder"]
    extra = tmp_path / "terms.txt"
    extra.write_text("Lunder\n", encoding="utf-8")
    allowed = PatternDetector(entities=["DOCTOR"], allow_list=AllowList.load(paths=[extra])).detect([note])
    assert allowed == [[]]


def test_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):
        AllowList.load(paths=[tmp_path / "absent.txt"])
