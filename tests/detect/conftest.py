from __future__ import annotations

import pytest

from phideid.detect.patterns import PatternDetector


@pytest.fixture(scope="session")
def detector():
    """One default pattern detector for the whole run (building presidio takes about a second)."""
    return PatternDetector()


@pytest.fixture
def found(detector):
    """(type, covered text) of every span the default detector finds in one note."""

    def _found(note: str) -> list[tuple[str, str]]:
        return [(s.phi_type.value, note[s.start : s.end]) for s in detector.detect([note])[0]]

    return _found
