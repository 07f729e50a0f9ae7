"""The leak oracle itself: it finds the identifiers and notices a broken output."""

from __future__ import annotations

import json

from eval.leaks import fhir as oracle
from tests.formats.fhir import fixtures as fx


def test_identifiers_are_read_by_element_name():
    found = oracle.identifiers(fx.dumps(fx.bundle()))
    for value in ("Quackenbush", "Zebulon", "48213977", "078-05-1120", "1965-04-17", "742 Evergreen Terrace",
                  "Springfield", "62704", "617-555-0142", "Brackwater", "1992837461",
                  "Shelbyville General Hospital", "100 Main Street"):
        assert value in found
    assert "Systolic blood pressure" not in found


def test_problems_notice_a_lost_resource_and_a_broken_reference():
    original = fx.dumps(fx.bundle())
    assert oracle.problems(original, original) == []
    broken = fx.bundle()
    broken["entry"][3]["resource"]["subject"]["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
    del broken["entry"][5]["resource"]["contained"]
    found = oracle.problems(original, json.dumps(broken).encode())
    assert any("resources for" in p for p in found)
    assert any(p.startswith("$.entry[3].resource.subject.reference") for p in found)
    assert all("Quackenbush" not in p for p in found)
    assert oracle.problems(original, b"{not json") != []
