"""``phideid up`` as a user runs it: broker, worker and API come up together, a note sent through Kafka
and one sent over HTTP both come back de-identified, and SIGTERM stops every process it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from eval.leaks import occurs
from stream.broker import free_port
from stream.up import DLQ, OUTPUT, describe
from tests.stream.conftest import wait_until

NOTES = {
    "a.txt": "Patient Rosalind Hartigan, MRN 4412345, seen on 3/11/2024. Plan: metoprolol 25 mg.",
    "b.txt": "Call Ottoline Brackwater at 617-555-0142 about the INR on 4/2/2024.",
}
# what the pattern detectors this test runs on find (names need the model: test_worker.py covers it)
IDENTIFIERS = ["4412345", "3/11/2024", "617-555-0142", "4/2/2024"]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_up_runs_broker_worker_and_api_together_and_stops_them_all(tmp_path):
    send = tmp_path / "send"
    send.mkdir()
    for name, text in NOTES.items():
        (send / name).write_text(text)
    config = tmp_path / "phideid.yaml"
    config.write_text("detectors: [detector.pattern.v1]\n")
    api_port = free_port()
    out_path = tmp_path / "up.out"
    env = {**os.environ, "PHIDEID_HOME": str(tmp_path / "home"), "PHIDEID_SECRET_KEY": "k" * 64}
    command = [sys.executable, "-m", "phideid.cli", "up", "--config", str(config),
               "--broker-port", str(free_port()), "--api-port", str(api_port),
               "--metrics-port", str(free_port()), "--send", str(send)]
    with open(out_path, "wb") as out:
        up = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        def outputs() -> list[str]:
            return [line for line in out_path.read_text().splitlines() if line.startswith(f"{OUTPUT}  from")]

        assert wait_until(lambda: len(outputs()) == len(NOTES), timeout=240), out_path.read_text()
        printed = "\n".join(outputs())
        assert not [v for v in IDENTIFIERS if occurs(v, printed)], printed
        assert "metoprolol 25 mg" in printed

        answer = httpx.post(f"http://127.0.0.1:{api_port}/deidentify", content=NOTES["a.txt"].encode(),
                            headers={"content-type": "text/plain"}, timeout=60)
        assert answer.status_code == 200
        assert not [v for v in IDENTIFIERS if occurs(v, answer.text)]

        started = children_of(up.pid)
        assert len(started) >= 3  # broker, worker, API (the finished sender is reaped or a zombie)
        up.send_signal(signal.SIGTERM)
        assert up.wait(60) == 0
        assert not [pid for pid in started if alive(pid)]
    finally:
        if up.poll() is None:  # the test failed while up ran: stop it and, by PID, what it started
            leftovers = children_of(up.pid)
            up.kill()
            up.wait(10)
            for pid in leftovers:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
    assert (tmp_path / "home" / "logs" / "stream.log").exists()


def test_a_dead_letter_line_names_its_source_and_reason_never_its_key():
    line = describe(DLQ, 0, 7, None, {"phideid-source": b"phideid.in/2/41",
                                      "phideid-error-code": b"input_error",
                                      "phideid-error-reason": b"text: not UTF-8"})
    assert line == f"{DLQ}  from phideid.in/2/41  input_error: text: not UTF-8"
