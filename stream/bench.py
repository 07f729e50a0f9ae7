"""``phideid stream-bench``: messages/s end to end through a local Kafka-compatible broker, by batch size.

A benchmark, not a test. It starts a ``LocalBroker`` on 127.0.0.1 (stopped by its own PID at the end) and,
for each ``--batch`` size B:

1. produces ``--messages`` N synthetic ICU-like notes (``text/plain``, about 840 characters, fresh PHI in
   each) to a fresh input topic of 3 partitions;
2. runs one ``StreamWorker`` in a thread, with a fresh consumer group, output and dead-letter topics and
   transactional id, ``batch_size=B`` and ``batch_wait_ms=100``;
3. reads the output and dead-letter topics back with a ``read_committed`` consumer ``assign()``-ed to every
   partition from offset 0 (no consumer group: this broker's group join is slow), until N records came.

**messages/s** counts the records committed after the first output record was seen, divided by the time
from that first record to the N-th: the worker's group join (about half of ``session.timeout.ms``, 3 s
here) and its first batch are left out. **worker msgs/s** is N over the sum of the worker's own batch
times (de-identify, produce, commit; the ``phideid_stream_batch_seconds`` histogram), so without waiting
on ``consume``; **p50 batch** is that histogram's median, interpolated within its buckets as Prometheus'
``histogram_quantile`` does. **engine msgs/s** is ``deidentify_payloads`` alone, on the same notes in
batches of B, with no broker.

The engine is built once: ``--detectors default`` is ``build_deidentifier`` on the default config (or
``--config``), ``--detectors pattern`` the ``PatternDetector`` alone. Its vault is a SQLite file in a
temporary folder (``PHIDEID_HOME`` points there for the run; ``~/.phideid`` is never touched), warmed with
one untimed pass over the notes, so every run sees the same vault and a warm model.

::

    phideid stream-bench --messages 400 --batch 1,16,64 --detectors default --json /tmp/stream-bench.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from phideid.deidentifier import Deidentifier, Payload
from phideid.errors import ConfigError
from phideid.samples import make_notes
from stream.broker import LocalBroker, create_topics
from stream.metrics import StreamMetrics
from stream.settings import build_settings
from stream.worker import StreamWorker

PARTITIONS = 3
#: the broker's first group join waits about half of the session timeout
CLIENT = {"session.timeout.ms": 6000}
BATCH_WAIT_MS = 100



# ---- the engine -------------------------------------------------------------------------------------


def build_engine(detectors: str, home: Path, config_path: str | None = None) -> Deidentifier:
    """The engine under test, its vault and secret under ``home`` (a temporary folder)."""
    if detectors == "pattern":
        from phideid.detect.patterns import PatternDetector
        from phideid.vault import open_vault

        vault = open_vault(f"sqlite:///{home / 'vault.db'}", secrets.token_bytes(32))
        return Deidentifier([PatternDetector()], vault)
    from phideid.compose import build_deidentifier
    from phideid.config import load_config

    env = {k: v for k, v in os.environ.items()
           if k not in ("PHIDEID_VAULT_URL", "PHIDEID_SECRET_KEY", "PHIDEID_SECRET_KEY_FILE")}
    env["PHIDEID_HOME"] = str(home)
    config = load_config(config_path, env).model_copy(update={"vault_url": None})
    return build_deidentifier(config, env)


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def engine_rate(engine: Deidentifier, payloads: Sequence[Payload], batch: int) -> float:
    started = time.perf_counter()
    for chunk in chunks(payloads, batch):
        engine.deidentify_payloads(chunk)
    return len(payloads) / (time.perf_counter() - started)


# ---- one run through the broker ---------------------------------------------------------------------


@dataclass
class Row:
    batch: int
    messages: int  # records read back (outputs and dead letters)
    dead_letters: int
    messages_per_s: float | None  # end to end, first output to the N-th; None when one batch held them all
    timed_messages: int  # records committed after the first one was seen
    timed_s: float
    startup_s: float  # worker start to first output: group join and the first batch
    worker_s: float  # sum of the worker's batch times
    worker_messages_per_s: float
    batches: int
    p50_batch_s: float | None
    engine_messages_per_s: float | None = None


def histogram_quantile(q: float, buckets: Sequence[tuple[float, float]]) -> float | None:
    """The ``q`` quantile of cumulative ``(upper bound, count)`` buckets, as Prometheus interpolates it."""
    buckets = sorted(buckets)
    if not buckets or buckets[-1][1] == 0:
        return None
    rank = q * buckets[-1][1]
    lower, below = 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            if math.isinf(upper):
                return lower  # beyond the last finite bound: its bound is the best estimate
            return lower + (upper - lower) * (rank - below) / max(count - below, 1e-12)
        lower, below = upper, count
    return None


def batch_seconds(metrics: StreamMetrics) -> tuple[float, int, float | None]:
    """Sum, count and median of the worker's batch-time histogram."""
    total, count, buckets = 0.0, 0, []
    for metric in metrics.batch_seconds.collect():
        for s in metric.samples:
            if s.name.endswith("_sum"):
                total = s.value
            elif s.name.endswith("_count"):
                count = int(s.value)
            elif s.name.endswith("_bucket"):
                buckets.append((float(s.labels["le"]), s.value))
    return total, count, histogram_quantile(0.5, buckets)


def produce_notes(bootstrap: str, topic: str, notes: Sequence[str]) -> None:
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    failures: list[str] = []

    def delivered(err, _msg) -> None:
        if err is not None:
            failures.append(err.name())

    for i, note in enumerate(notes):
        # keys spread the notes over the partitions, as patient keys would
        producer.produce(topic, value=note.encode(), key=f"note-{i}".encode(),
                         headers=[("content-type", b"text/plain")], on_delivery=delivered)
        producer.poll(0)
    if producer.flush(60) or failures:
        raise ConfigError(f"could not produce the notes to {topic} ({', '.join(failures[:3]) or 'timeout'})")


def run_once(bootstrap: str, engine: Deidentifier, notes: Sequence[str], batch: int,
             timeout: float) -> Row:
    from confluent_kafka import Consumer, TopicPartition

    tag = f"{batch}-{uuid.uuid4().hex[:8]}"
    topic_in, topic_out, topic_dlq = f"bench-in-{tag}", f"bench-out-{tag}", f"bench-dlq-{tag}"
    create_topics(bootstrap, [topic_in, topic_out, topic_dlq], partitions=PARTITIONS)
    produce_notes(bootstrap, topic_in, notes)
    settings = build_settings({}, {}, {
        "bootstrap": bootstrap, "input_topics": [topic_in], "output_topic": topic_out,
        "dlq_topic": topic_dlq, "group": f"bench-{tag}", "transactional_id": f"bench-{tag}",
        "batch_size": batch, "batch_wait_ms": BATCH_WAIT_MS,
    }, dict(CLIENT))
    metrics = StreamMetrics()
    worker = StreamWorker(engine, settings, metrics)
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-reader-{tag}",
                       "enable.auto.commit": False, "isolation.level": "read_committed"})
    reader.assign([TopicPartition(t, p, 0) for t in (topic_out, topic_dlq) for p in range(PARTITIONS)])
    stop = threading.Event()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            worker.run(stop)
        except BaseException as exc:  # reported by the main thread
            failed.append(exc)

    thread = threading.Thread(target=work, name=f"stream-bench-{batch}", daemon=True)
    n = len(notes)
    seen = dead = first_count = 0
    first_at = last_at = None
    started = time.perf_counter()
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while seen < n:
            if failed:
                raise ConfigError(f"the worker stopped: {type(failed[0]).__name__}")
            if time.monotonic() > deadline:
                raise ConfigError(f"only {seen} of {n} records came out within {timeout:.0f}s")
            got = [m for m in reader.consume(1000, 0.05) if m.error() is None]
            if not got:
                continue
            now = time.perf_counter()
            seen += len(got)
            dead += sum(m.topic() == topic_dlq for m in got)
            if first_at is None:
                first_at, first_count = now, len(got)
            last_at = now
    finally:
        stop.set()
        thread.join(60)
        reader.close()
    worker_s, batches, p50 = batch_seconds(metrics)
    timed = seen - first_count
    timed_s = last_at - first_at
    return Row(
        batch=batch, messages=seen, dead_letters=dead,
        messages_per_s=timed / timed_s if timed > 0 and timed_s > 0 else None,
        timed_messages=timed, timed_s=timed_s, startup_s=first_at - started, worker_s=worker_s,
        worker_messages_per_s=seen / worker_s if worker_s > 0 else 0.0, batches=batches, p50_batch_s=p50,
    )


# ---- the command ------------------------------------------------------------------------------------


def parse_batches(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected batch sizes such as 1,16,64") from None
    if not sizes or any(s < 1 or s > 10_000 for s in sizes):
        raise argparse.ArgumentTypeError("batch sizes are between 1 and 10000")
    return sizes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid stream-bench",
        description="Measure messages/s end to end through a local Kafka-compatible broker (127.0.0.1), "
                    "one stream worker, by batch size. A benchmark, not a test.")
    p.add_argument("--messages", type=int, default=400, help="notes per batch size (default 400)")
    p.add_argument("--batch", type=parse_batches, default=[1, 16, 64],
                   help="worker batch sizes, comma-separated (default 1,16,64)")
    p.add_argument("--detectors", choices=["pattern", "default"], default="default",
                   help="default: the configured pipeline (patterns and the NER model); pattern: the "
                        "pattern detector only")
    p.add_argument("--config", help="engine config for --detectors default (its vault is replaced by a "
                                    "temporary one)")
    p.add_argument("--chars", type=int, default=840, help="characters per note (default 840)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--timeout", type=float, default=600.0, help="longest wait per batch size, seconds")
    p.add_argument("--no-engine", action="store_true", help="skip the engine-alone figures")
    p.add_argument("--json", type=Path, help="also write the figures here")
    return p


def format_table(rows: Sequence[Row]) -> str:
    def num(value: float | None, spec: str) -> str:
        return "n/a" if value is None else format(value, spec)

    lines = [f"{'batch':>6} {'msgs/s':>9} {'worker msgs/s':>14} {'p50 batch':>10} {'batches':>8} "
             f"{'startup':>8} {'engine msgs/s':>14} {'dlq':>4}"]
    for r in rows:
        p50 = None if r.p50_batch_s is None else r.p50_batch_s * 1000
        lines.append(f"{r.batch:>6} {num(r.messages_per_s, '.1f'):>9} {r.worker_messages_per_s:>14.1f} "
                     f"{num(p50, '.0f') + ' ms':>10} {r.batches:>8} {r.startup_s:>7.1f}s "
                     f"{num(r.engine_messages_per_s, '.1f'):>14} {r.dead_letters:>4}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.messages < 2:
        raise ConfigError("--messages must be at least 2")
    notes = make_notes(args.messages, args.chars, args.seed)
    payloads = [Payload(n.encode(), format="text") for n in notes]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="phideid-stream-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        saved_home = os.environ.get("PHIDEID_HOME")
        os.environ["PHIDEID_HOME"] = str(home)  # anything that looks up phideid's home finds the temp one
        engine = None
        try:
            t0 = time.perf_counter()
            engine = build_engine(args.detectors, home, args.config)
            detectors = ",".join(d.name for d in engine.detectors)
            print(f"stream-bench: {args.messages} notes of ~{args.chars} chars, detectors {detectors} "
                  f"(built in {time.perf_counter() - t0:.1f}s)", file=sys.stderr)
            t0 = time.perf_counter()
            for chunk in chunks(payloads, max(args.batch)):  # warm the model and the vault, untimed
                engine.deidentify_payloads(chunk)
            print(f"stream-bench: warm-up pass {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            with LocalBroker(log_path=Path(tmp) / "broker.log") as broker:
                for batch in args.batch:
                    row = run_once(broker.bootstrap, engine, notes, batch, args.timeout)
                    if not args.no_engine:
                        row.engine_messages_per_s = engine_rate(engine, payloads, batch)
                    rows.append(row)
                    print(f"stream-bench: batch {batch}: {row.messages} records, "
                          f"{row.messages_per_s or 0:.1f} msgs/s", file=sys.stderr)
        finally:
            if engine is not None:
                engine.vault.close()
            if saved_home is None:
                os.environ.pop("PHIDEID_HOME", None)
            else:
                os.environ["PHIDEID_HOME"] = saved_home
    print(format_table(rows))
    print(f"(one message is one ~{args.chars}-character note, so msgs/s = notes/s; msgs/s: first output "
          f"record to the N-th, read_committed; worker: N over the sum of its batch times; "
          f"{os.cpu_count()} CPUs, {platform.machine()})")
    if args.json:
        report = {
            "messages": args.messages, "chars": args.chars, "detectors": args.detectors,
            "batch_wait_ms": BATCH_WAIT_MS, "partitions": PARTITIONS, "cpus": os.cpu_count(),
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


__all__ = ["Row", "histogram_quantile", "main", "run_once"]
