"""Get-or-create is race-free across processes: separate processes creating the same new patient at the
same moment all get one and the same pseudonym and date offset, and the vault holds one row."""

from __future__ import annotations

import multiprocessing
import queue

import pytest

from phideid.vault import open_vault
from tests.vault.vault_race_worker import race

PROCESSES = 4
ROUNDS = 40


def test_processes_racing_to_create_the_same_patient_agree(vault_url, secret):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=race, args=(vault_url, secret, ROUNDS, barrier, results)) for _ in range(PROCESSES)
    ]
    for w in workers:
        w.start()
    try:
        reports = [results.get(timeout=90) for _ in workers]
    except queue.Empty:
        pytest.fail("a racing process did not report within 90 s")
    finally:
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.kill()
    errors = [detail for status, detail in reports if status != "ok"]
    assert not errors
    seen = [detail for _, detail in reports]
    for round_no in range(ROUNDS):
        answers = {got[round_no] for got in seen}
        assert len(answers) == 1, f"round {round_no}: processes got different records"

    with open_vault(vault_url, secret) as vault:  # and this process sees the same
        assert vault.stats()["patients"] == ROUNDS
        for round_no in range(ROUNDS):
            record = vault.patient(f"MRN-RACE-{round_no:04d}")
            assert (record.pseudonym, record.date_offset_days) == seen[0][round_no]
        assert vault.stats()["patients"] == ROUNDS
