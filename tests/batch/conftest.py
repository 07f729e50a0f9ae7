"""Batch fixtures: a mixed folder of real files (good and junk), the patterns-only engine config, and
``phideid batch`` run in this process (quick: the engine's imports are paid once) or as a real process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from batch.cli import main
from batch.manifest import MANIFEST_NAME
from tests.formats.dicom.builders import ct_dataset, to_bytes
from tests.formats.fhir.fixtures import bundle, dumps
from tests.formats.hl7v2.conftest import ORU

SECRET = "k" * 64
#: a note whose PHI the pattern recognizers find (titled names, dates, MRN, phone)
NOTE = ("Seen by Dr. Ottoline Brackwater on 3/11/2024. MRN 77881234. Call 617-555-0142.\n"
        "Plan: continue metoprolol 25 mg.\n")
NOTE_IDS = ["Ottoline", "Brackwater", "3/11/2024", "77881234", "617-555-0142"]
NOTE_CLINICAL = "continue metoprolol 25 mg"
#: a file name that names a patient: it may appear in the local report, never on stderr
PHI_NAME = "Hartigan_Rosalind_discharge.txt"

GOOD = {
    PHI_NAME: "text",
    "ward3/note-2.txt": "text",
    "ward3/labs/oru.hl7": "hl7v2",
    "ward3/labs/bundle.json": "fhir",
    "imaging/ct/IMG0001": "dicom",  # no extension: sniffed
    "imaging/ct/slice2.dcm": "dicom",
}
JUNK = {
    "bad-utf8.txt": "input_error",
    "ward3/broken.hl7": "hl7v2_bad_separators",
    "ward3/broken.json": "format_error",
    "imaging/burned.dcm": "burned_in_annotation",
}


def make_mixed_folder(root: Path) -> Path:
    files = {
        PHI_NAME: NOTE.encode(),
        "ward3/note-2.txt": NOTE.encode(),
        "ward3/labs/oru.hl7": ORU.encode(),
        "ward3/labs/bundle.json": dumps(bundle()),
        "imaging/ct/IMG0001": to_bytes(ct_dataset()),
        "imaging/ct/slice2.dcm": to_bytes(ct_dataset("1.2.826.0.1.3680043.8.498.2003")),
        "bad-utf8.txt": b"\xff\xfeRosalind Hartigan\x00",
        "ward3/broken.hl7": b"MSH|Rosalind Hartigan",
        "ward3/broken.json": b'{"resourceType": "Patient", "name": [{"family": "Hartigan"',
        "imaging/burned.dcm": to_bytes(ct_dataset("1.2.826.0.1.3680043.8.498.2002", burned_in=None)),
        "scans/report.pdf": b"%PDF-1.4 Rosalind Hartigan",  # not a format phideid reads
        ".DS_Store": b"\x00\x01",  # litter: ignored
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "phideid.yaml"
    path.write_text("detectors: [detector.pattern.v1]\n")  # patterns only: quick to start
    return path


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    values = {"PHIDEID_HOME": str(tmp_path / "home"), "PHIDEID_SECRET_KEY": SECRET}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PHIDEID_CONFIG", raising=False)
    monkeypatch.delenv("PHIDEID_POLICY", raising=False)
    return {**os.environ, **values}


@dataclass(frozen=True)
class Ran:
    code: int
    stderr: str


@pytest.fixture
def batch(env, config, capsys):
    """Run ``phideid batch ARGS --config <patterns only>`` in this process."""
    def run(*args: object) -> Ran:
        capsys.readouterr()
        code = main([str(a) for a in args] + ["--config", str(config)])
        return Ran(code, capsys.readouterr().err)
    return run


def batch_command(config: Path, *args: object) -> list[str]:
    return [sys.executable, "-m", "phideid.cli", "batch", *[str(a) for a in args], "--config", str(config)]


def run_process(env: dict[str, str], config: Path, *args: object, timeout: float = 300) -> Ran:
    done = subprocess.run(batch_command(config, *args), env=env, capture_output=True, text=True,
                          timeout=timeout)
    return Ran(done.returncode, done.stderr)


def manifest_rows(output: Path) -> dict[str, dict]:
    with sqlite3.connect(output / MANIFEST_NAME) as db:
        db.row_factory = sqlite3.Row
        return {r["path"]: dict(r) for r in db.execute("SELECT * FROM items")}


def error_report(output: Path) -> list[dict]:
    return [json.loads(line) for line in (output / "errors.jsonl").read_text().splitlines()]
