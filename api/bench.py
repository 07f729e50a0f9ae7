"""``phideid api-bench``: requests/s and latency of ``POST /deidentify`` by concurrency. A benchmark, not a
test: it prints figures.

It starts ``phideid serve`` as a subprocess on 127.0.0.1 and a free port (its vault and secret in a
temporary folder, stopped by its PID at the end), warms it with one untimed pass, then for each
``--concurrency`` level C sends ``--requests`` N ICU-note-sized notes (about 840 characters, fresh PHI in
each, as JSON envelopes) from C concurrent callers, and prints requests/s (N over the wall time of the
level), p50/p99 latency and the mean micro-batch the server formed (from ``/metrics``: documents per
engine pass). ``--detectors pattern`` serves the pattern recognizers alone, ``default`` the default
pipeline (patterns and the NER model) or ``--config``. Notes are made here (``api`` may not import
``eval``), or read one per line from ``--notes-file``.

::

    phideid api-bench --detectors default --requests 64 --concurrency 1,8,32
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from phideid.samples import make_notes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, detectors: str, config: str | None, port: int, max_batch: int,
                 wait_ms: float) -> subprocess.Popen:
    if detectors == "pattern":
        path = home / "phideid.yaml"
        path.write_text("detectors: [detector.pattern.v1]\n")
        config = str(path)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PHIDEID_") or k in ("PHIDEID_MODEL_DIR",)}
    env.update({"PHIDEID_HOME": str(home), "PHIDEID_SECRET_KEY": secrets.token_hex(32)})
    command = [sys.executable, "-m", "phideid.cli", "serve", "--port", str(port),
               "--max-batch", str(max_batch), "--batch-wait-ms", str(wait_ms)]
    if config:
        command += ["--config", config]
    log = open(home / "serve.log", "wb")  # noqa: SIM115 - the server process holds it
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)


def wait_ready(process: subprocess.Popen, url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"phideid serve exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit("phideid serve was not ready in time")


def micro_batches(url: str) -> tuple[float, float]:
    """(documents, engine passes) so far, from the server's micro-batch histogram."""
    total = count = 0.0
    for line in httpx.get(f"{url}/metrics", timeout=10).text.splitlines():
        if line.startswith("phideid_api_micro_batch_documents_sum"):
            total = float(line.split()[-1])
        elif line.startswith("phideid_api_micro_batch_documents_count"):
            count = float(line.split()[-1])
    return total, count


async def run_level(url: str, notes: Sequence[str], concurrency: int) -> tuple[float, list[float], int]:
    """Wall seconds, per-request latencies and failures for ``notes`` sent by ``concurrency`` callers."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(notes)):
        queue.put_nowait(i)
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as client:
        async def caller() -> None:
            nonlocal failures
            while not queue.empty():
                i = queue.get_nowait()
                started = time.perf_counter()
                r = await client.post("/deidentify", json={"text": notes[i], "patient_id": f"MRN-{i}"})
                latencies.append(time.perf_counter() - started)
                failures += r.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(caller() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, failures


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="phideid api-bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=64, help="requests per concurrency level (default 64)")
    p.add_argument("--concurrency", default="1,8,32", help="comma-separated levels (default 1,8,32)")
    p.add_argument("--detectors", choices=("pattern", "default"), default="default")
    p.add_argument("--config", help="phideid config for --detectors default")
    p.add_argument("--notes-file", help="notes to send, one per line (default: synthetic ICU notes)")
    p.add_argument("--max-batch", type=int, default=64)
    p.add_argument("--batch-wait-ms", type=float, default=5.0)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    if args.notes_file:
        lines = [ln for ln in Path(args.notes_file).read_text(encoding="utf-8").splitlines() if ln.strip()]
        notes = [lines[i % len(lines)] for i in range(args.requests)]
    else:
        notes = make_notes(args.requests)
    with tempfile.TemporaryDirectory(prefix="phideid-api-bench-") as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = start_server(Path(tmp), args.detectors, args.config, port, args.max_batch,
                               args.batch_wait_ms)
        try:
            wait_ready(process, url)
            asyncio.run(run_level(url, notes[: min(len(notes), 16)], 8))  # warm: model, vault, connections
            print(f"phideid api-bench: {len(notes)} notes of ~{sum(map(len, notes)) // len(notes)} chars per "
                  f"level, detectors={args.detectors}, max_batch={args.max_batch}, "
                  f"batch_wait_ms={args.batch_wait_ms}, {os.cpu_count()} CPUs")
            print(f"{'concurrency':>11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'mean batch':>10} "
                  f"{'failed':>6}")
            for level in levels:
                docs0, passes0 = micro_batches(url)
                wall, latencies, failed = asyncio.run(run_level(url, notes, level))
                docs1, passes1 = micro_batches(url)
                mean_batch = (docs1 - docs0) / max(passes1 - passes0, 1)
                print(f"{level:>11} {len(notes) / wall:>8.1f} {percentile(latencies, 0.5) * 1000:>8.0f} "
                      f"{percentile(latencies, 0.99) * 1000:>8.0f} {mean_batch:>10.1f} {failed:>6}")
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
