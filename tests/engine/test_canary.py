"""Given a note dense with PHI, each policy removes all of it, keeps the clinical text, and logs none."""

from __future__ import annotations

import json
import logging

import pytest

from tests.engine.canary import CANARY_NOTE, CANARY_STRINGS, CLINICAL_STRINGS, leaked


@pytest.mark.parametrize("policy", ["pseudonymize", "safe-harbor", "redact"])
def test_no_canary_survives_any_policy_nor_reaches_the_logs(engine, policy, caplog):
    caplog.set_level(logging.DEBUG)  # everything any library logs, at every level
    result = engine.deidentify(CANARY_NOTE, patient_id="MRN-4829130", policy=policy)

    assert leaked(result.text) == []
    for clinical in CLINICAL_STRINGS:
        assert clinical in result.text
    assert leaked(caplog.text) == []
    report = json.dumps(result.report.as_dict())
    assert leaked(report) == []
    assert "4829130" not in report


def test_the_canary_check_itself_catches_leaks():
    assert leaked(CANARY_NOTE) == CANARY_STRINGS
    assert leaked("call 617 555 0199 now") == ["617-555-0199"]


def test_redact_policy_writes_type_tags(engine):
    text = engine.deidentify(CANARY_NOTE, policy="redact").text
    assert "[NAME]" in text and "[DATE]" in text and "[PHONE]" in text and "[SSN]" in text


def test_spans_point_at_the_replacements_in_the_output(engine):
    result = engine.deidentify(CANARY_NOTE, patient_id="p1", policy="redact")
    tags = {result.text[s.start : s.end] for s in result.spans}
    assert "[NAME]" in tags and "[MEDICALRECORD]" in tags
    assert sum(result.report.counts.values()) == len(result.spans)
