"""The same value, type, key and scope give the same surrogate in a separate process (no hash() seeds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from phideid.surrogates import SurrogateContext, transforms
from phideid.types import PhiType

from .test_registry import SAMPLES

EXTRA = [
    ("surrogate.name.v1", PhiType.DOCTOR, "Dr. Smith, MD"),
    ("surrogate.shape.v1", PhiType.SSN, "123-45-6789"),
    ("surrogate.location.v1", PhiType.STATE, "Massachusetts"),
    ("surrogate.location.v1", PhiType.ZIP, "02114-3117"),
    ("surrogate.location.v1", PhiType.STREET, "55 Fruit St."),
    ("surrogate.location.v1", PhiType.COUNTRY, "Canada"),
    ("surrogate.location.v1", PhiType.LOCATION, "the Cape"),
    ("surrogate.organization.v1", PhiType.ORGANIZATION, "Acme Widgets"),
    ("surrogate.ip.v1", PhiType.IPADDR, "fe80::1"),
]
CASES = [(n, t.value, v) for n, t, v in SAMPLES + EXTRA]

SCRIPT = """
import json, sys
from phideid.surrogates import SurrogateContext, transforms
from phideid.types import PhiType
cases = json.loads(sys.argv[1])
ctx = SurrogateContext(key=bytes(range(32)), date_offset_days=20, scope="patient-1")
print(json.dumps([transforms.get(n)()(v, PhiType(t), ctx) for n, t, v in cases]))
"""


def run_here() -> list[str]:
    ctx = SurrogateContext(key=bytes(range(32)), date_offset_days=20, scope="patient-1")
    return [transforms.get(n)()(v, PhiType(t), ctx) for n, t, v in CASES]


def test_a_separate_process_gives_the_same_surrogates():
    env = dict(os.environ, PYTHONHASHSEED="12345")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CASES)], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(done.stdout) == run_here()


def test_global_random_state_does_not_matter():
    import random

    random.seed(1)
    first = run_here()
    random.seed(2)
    assert run_here() == first
