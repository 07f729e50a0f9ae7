"""Shared fixtures: surrogate contexts with fixed test keys (never a real vault key)."""

from __future__ import annotations

import pytest

from phideid.surrogates import SurrogateContext, transforms

KEY = bytes(range(32))
OTHER_KEY = bytes(range(100, 132))


@pytest.fixture
def ctx() -> SurrogateContext:
    return SurrogateContext(key=KEY, date_offset_days=20, scope="patient-1", reference_year=2026)


@pytest.fixture
def other_key_ctx() -> SurrogateContext:
    return SurrogateContext(key=OTHER_KEY, date_offset_days=20, scope="patient-1", reference_year=2026)


def build(name: str, **params: object):
    """Build a transform the way a policy rule does: ``transforms.get(NAME)(**params)``."""
    return transforms.get(name)(**params)
