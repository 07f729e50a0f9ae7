"""Vault fixtures: every backend test runs on SQLite and, where ``PHIDEID_TEST_POSTGRES_URL`` is set, on a
real PostgreSQL in a schema of its own, dropped afterwards."""

from __future__ import annotations

import secrets

import pytest

from tests.vault.vault_testing import drop_schema, postgres_url_or_skip, with_query

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
def secret() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def postgres_vault_url():
    """A URL of a fresh PostgreSQL vault in its own schema (skips without PostgreSQL)."""
    base = postgres_url_or_skip()
    schema = f"phideid_test_{secrets.token_hex(6)}"
    try:
        yield with_query(base, schema=schema)
    finally:
        drop_schema(base, schema)


@pytest.fixture
def vault_url(backend, tmp_path, request):
    """A URL of a fresh, empty vault on the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'vault' / 'vault.db'}"
    return request.getfixturevalue("postgres_vault_url")
