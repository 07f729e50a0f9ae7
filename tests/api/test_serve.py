"""``phideid serve`` as a real process: patterns-only config, answers, stops on SIGTERM by its PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.api.conftest import NOTE, NOTE_IDS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_phideid_serve_runs_answers_and_stops_on_sigterm(tmp_path):
    config = tmp_path / "phideid.yaml"
    config.write_text("detectors: [detector.pattern.v1]\n")  # patterns only: quick to start
    port = free_port()
    env = {**os.environ, "PHIDEID_HOME": str(tmp_path / "home"), "PHIDEID_SECRET_KEY": "k" * 64,
           "PHIDEID_API_KEYS": "serve-test-key-0123456789"}
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "phideid.cli", "serve", "--config", str(config), "--port", str(port),
             "--batch-wait-ms", "2"], stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "phideid serve did not become ready"
            time.sleep(0.2)
        r = httpx.post(f"{url}/deidentify", content=NOTE.encode(), params={"patient_id": "MRN-QUERY-1"},
                       headers={"content-type": "text/plain",
                                "Authorization": "Bearer serve-test-key-0123456789"})
        assert r.status_code == 200
        assert not any(v in r.text for v in NOTE_IDS)
        process.send_signal(signal.SIGTERM)
        # uvicorn finishes the requests in flight and the lifespan, then re-raises the signal it caught
        assert process.wait(30) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    text = log.read_text()
    assert "POST /deidentify 200" in text
    assert "Application shutdown complete" in text
    for value in [*NOTE_IDS, "MRN-QUERY-1", "serve-test-key"]:
        assert value not in text
