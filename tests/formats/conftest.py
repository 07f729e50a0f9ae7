"""Engines for the format tests: patterns only (fast) and the full pipeline with the shipped model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from phideid.deidentifier import Deidentifier
from phideid.detect.patterns import PatternDetector
from phideid.vault import open_vault

SECRET = b"k" * 32


@pytest.fixture(scope="session")
def pattern_detector():
    return PatternDetector()


@pytest.fixture(scope="session")
def ner_detector():
    from models.detector import ner_detector as build  # the model loads only when a test asks for it
    from phideid.detect import DetectorSettings

    return build(DetectorSettings())


@pytest.fixture
def vault(tmp_path):
    v = open_vault(f"sqlite:///{tmp_path / 'vault.db'}", SECRET)
    yield v
    v.close()


@pytest.fixture
def engine(pattern_detector, vault):
    """Pattern recognizers only: enough for structured fields and most free text, and quick."""
    return Deidentifier([pattern_detector], vault)


@pytest.fixture
def full_engine(pattern_detector, ner_detector, vault):
    """The default pipeline (patterns and the shipped NER model), as the CLI builds it."""
    return Deidentifier([pattern_detector, ner_detector], vault)


def shared_data(*parts: str) -> Path:
    """The shared reference data (``$PHIDEID_SHARED_DATA``, else ``../shared/data`` beside the project)."""
    root = os.environ.get("PHIDEID_SHARED_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[3] / "shared" / "data"
    return base.joinpath(*parts)
