"""``phideid batch`` as a real process: worker processes with ``--jobs 2``, and a run killed with SIGKILL
half way, then run again: everything done once, nothing finished redone, nothing half written."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

from batch.manifest import MANIFEST_NAME
from eval.leaks import occurs
from tests.batch.conftest import (
    GOOD,
    JUNK,
    NOTE,
    NOTE_IDS,
    batch_command,
    error_report,
    make_mixed_folder,
    manifest_rows,
    run_process,
)
from tests.batch.test_folder import check_outputs


def test_two_worker_processes_do_a_mixed_folder(tmp_path, env, config):
    src, out = make_mixed_folder(tmp_path / "in"), tmp_path / "out"
    # redact: tags cannot collide with an identifier the way a random surrogate can
    ran = run_process(env, config, src, out, "--jobs", "2", "--batch-size", "2", "--policy", "redact")
    assert ran.code == 1, ran.stderr
    check_outputs(out)
    assert {(e["path"], e["code"]) for e in error_report(out) if e["status"] == "failed"} == set(JUNK.items())
    assert {p for p, r in manifest_rows(out).items() if r["status"] == "ok"} == set(GOOD)
    assert "Hartigan" not in ran.stderr


def done_so_far(output) -> int:
    try:
        with sqlite3.connect(f"file:{output / MANIFEST_NAME}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM items WHERE status = 'ok'").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def test_a_run_killed_half_way_is_finished_by_a_rerun_without_redoing_anything(tmp_path, env, config):
    src, out = tmp_path / "in", tmp_path / "out"
    total = 200
    for i in range(total):
        folder = src / f"ward{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{i:03}.txt").write_text(NOTE * 4)
    process = subprocess.Popen(batch_command(config, src, out, "--batch-size", "5"), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while done_so_far(out) < 10 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(10)
    finished = {p for p, r in manifest_rows(out).items() if r["status"] == "ok"}
    assert 10 <= len(finished) < total, f"the kill came too late: {len(finished)} done"
    before = {rel: (out / rel).stat().st_mtime_ns for rel in finished}

    ran = run_process(env, config, src, out, "--batch-size", "5")

    assert ran.code == 0, ran.stderr
    assert f"{total - len(finished)} done, 0 failed, {len(finished)} unchanged" in ran.stderr
    rows = manifest_rows(out)
    assert len(rows) == total and all(r["status"] == "ok" for r in rows.values())
    assert all(r["attempts"] == 1 for r in rows.values())  # nothing finished was done twice
    assert all((out / rel).stat().st_mtime_ns == ns for rel, ns in before.items())
    assert not [p for p in out.rglob("*") if "phideid-tmp" in p.name]  # no half-written file left
    outputs = sorted(p for p in out.rglob("*.txt"))
    assert len(outputs) == total
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert text.count("metoprolol 25 mg") == 4 and not [v for v in NOTE_IDS if occurs(v, text)]
