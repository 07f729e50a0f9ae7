from __future__ import annotations

import pytest

from phideid.deidentifier import Deidentifier
from phideid.detect.patterns import PatternDetector
from phideid.vault import open_vault


@pytest.fixture(scope="session")
def pattern_detector():
    return PatternDetector()


@pytest.fixture
def vault(tmp_path):
    v = open_vault(f"sqlite:///{tmp_path / 'vault.db'}", b"k" * 32)
    yield v
    v.close()


@pytest.fixture
def engine(pattern_detector, vault):
    return Deidentifier([pattern_detector], vault)
