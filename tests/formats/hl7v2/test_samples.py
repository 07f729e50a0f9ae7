"""Every reference sample de-identifies, parses again and leaks none of the oracle's identifiers.

The samples live outside the project (``../shared/data/hl7v2``); the test is skipped where they are not.
Leaks are checked under the ``redact`` policy, where every replacement is a tag, so a surrogate that
happens to equal another input name cannot pass for a leak.
"""

from __future__ import annotations

import pytest

from eval.leaks.hl7v2 import identifiers, leaked, problems
from phideid.deidentifier import Payload
from tests.formats.conftest import shared_data
from tests.formats.hl7v2.conftest import ORU

SAMPLES = shared_data("hl7v2")


def test_oracle_reads_identifiers_independently():
    found = identifiers(ORU.encode())
    assert {"Castellano", "Marguerite", "4412345", "123-45-6789", "19570412", "Rodrigo", "Okonkwo"} <= found
    assert "LAB" not in found  # the sending application is a system, not a person


def test_oracle_problems_name_places():
    assert problems(ORU.encode(), ORU.encode()) == []
    broken = ORU.replace("CTRL0001", "CTRL9999").encode()
    assert problems(ORU.encode(), broken) == ["MSH-10 changed"]
    assert problems(ORU.encode(), b"PID|1") == ["the output does not parse (MissingHeaderError)"]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no reference samples here")
@pytest.mark.parametrize("policy", ["redact", "pseudonymize", "safe-harbor"])
def test_every_sample_deidentifies_reparses_and_leaks_nothing(hl7_engine, policy):
    files = sorted(SAMPLES.glob("*.hl7"))
    assert files
    results = hl7_engine.deidentify_payloads([Payload(p.read_bytes(), "hl7v2", None, policy) for p in files])
    for path, result in zip(files, results, strict=True):
        assert result.ok, (path.name, result.error)
        original = path.read_bytes()
        assert problems(original, result.data) == [], path.name
        if policy == "redact":
            assert leaked(identifiers(original), result.data) == set(), path.name
