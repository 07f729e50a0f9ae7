"""The arrows of DESIGN.md point down: the engine imports no package above it, ``models`` imports only
the engine, and the edges (stream, api, batch, training, eval) import the engine and models, never each
other. Read from the sources (every import statement, lazy ones in functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EDGES = {"stream", "api", "batch", "training", "eval"}
OURS = {"phideid", "models", *EDGES}
ALLOWED = {"phideid": {"phideid"}, "models": {"phideid", "models"},
           **{edge: {"phideid", "models", edge} for edge in EDGES}}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_down(package):
    wrong = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        beyond = imported_packages(path) - ALLOWED[package]
        if beyond:
            wrong[str(path.relative_to(ROOT))] = sorted(beyond)
    assert not wrong, f"{package} may import only {sorted(ALLOWED[package])}: {wrong}"
