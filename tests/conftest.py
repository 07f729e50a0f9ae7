"""Test-wide isolation: no test reads or writes the user's ~/.phideid, and nothing reaches the network."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("phideid-home")
    monkeypatch.setenv("PHIDEID_HOME", str(home))
    for var in ("PHIDEID_SECRET_KEY", "PHIDEID_SECRET_KEY_FILE", "PHIDEID_VAULT_URL", "PHIDEID_CONFIG",
                "PHIDEID_AUDIT_URL",
                "PHIDEID_POLICY"):
        monkeypatch.delenv(var, raising=False)
    return home
