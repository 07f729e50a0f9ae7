"""One pattern-only content detector and reader for the whole catalog test session (presidio is slow)."""

from __future__ import annotations

import pytest

from phideid.catalog.cli import detector_for, reader_for
from phideid.config import load_config


@pytest.fixture(scope="session")
def detector():
    return detector_for(load_config(env={}), no_model=True)


@pytest.fixture(scope="session")
def reader():
    return reader_for(load_config(env={}))
