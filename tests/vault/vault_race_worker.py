"""Run in a separate process by the race test: open the vault, then get-or-create one new patient per
round, every process at the same moment (a shared barrier), and report what it got."""

from __future__ import annotations


def race(url: str, secret: bytes, rounds: int, barrier, results) -> None:
    from phideid.vault import open_vault

    try:
        barrier.wait(timeout=60)  # open at the same moment too: schema creation races as well
        with open_vault(url, secret) as vault:
            got = []
            for round_no in range(rounds):
                barrier.wait(timeout=60)
                record = vault.patient(f"MRN-RACE-{round_no:04d}")
                got.append((record.pseudonym, record.date_offset_days))
        results.put(("ok", got))
    except BaseException as exc:  # report, so the test fails with a reason instead of hanging
        barrier.abort()
        results.put(("error", f"{type(exc).__name__}: {exc}"))
