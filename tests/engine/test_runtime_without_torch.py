"""The run time needs ONNX Runtime only: the default pipeline, model included, works with torch and
transformers impossible to import (as in the slim runtime image, where they are not installed)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
for blocked in ("torch", "transformers"):
    sys.modules[blocked] = None  # any import of them now raises ImportError
from phideid.compose import build_deidentifier
from phideid.config import load_config
engine = build_deidentifier(load_config())
assert [d.name for d in engine.detectors] == ["pattern", "ner"], engine.detectors
out = engine.deidentify("pt seen with daughter lisa; f/u with dr okafor at mercy general", patient_id="p1")
assert "okafor" not in out.text.lower() and "lisa" not in out.text.lower(), out.text
print("ok")
"""


def test_default_pipeline_runs_without_torch(tmp_path):
    env = {**os.environ, "PHIDEID_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=99)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
