"""Small synthetic site folders for federated retraining (the tiny encoder: tests/training/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("flwr")
pytest.importorskip("opacus")


@pytest.fixture(scope="session")
def site_dirs(tmp_path_factory) -> list[Path]:
    from training.federated.sites import synthetic_sites, write_site

    root = tmp_path_factory.mktemp("fed-sites")
    return [write_site(records, root / f"site{i}").parent
            for i, records in enumerate(synthetic_sites(3, 16, seed=5))]


def tiny_settings(base: Path, **changes):
    from training.federated.settings import FederatedSettings

    values = dict(base=str(base), rounds=2, batch_size=8, lr=3e-3, max_length=64, stride=16, min_sites=3)
    values.update(changes)
    return FederatedSettings(**values)
