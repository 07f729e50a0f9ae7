"""``phideid up``: a first look at the whole service on embedded defaults, in one command.

Starts, as child processes on 127.0.0.1, the local broker (``phideid broker``), one stream worker
(``phideid stream``: ``phideid.in`` -> ``phideid.out``, dead letters on ``phideid.dlq``) and the REST API
(``phideid serve``); prints where to send a note and follows the output topics, one line per record (its
source offset, format and the start of the de-identified text; never an input key, which may be an MRN).
Ctrl-C or SIGTERM stops everything it started, by PID, newest first; so does any child dying. Should
``up`` itself be killed outright, Linux sends its children SIGTERM (``PR_SET_PDEATHSIG``).

The children share ``PHIDEID_HOME`` (vault and key) and ``--config``; their logs go to
``$PHIDEID_HOME/logs/``. Not for production: the broker keeps topics in memory.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from confluent_kafka import Consumer, TopicPartition

from phideid.errors import ConfigError
from phideid.vault.keys import phideid_home
from stream.broker import HOST, LocalBroker, create_topics, die_with_parent_preexec, wait_for_port

INPUT, OUTPUT, DLQ = "phideid.in", "phideid.out", "phideid.dlq"
PARTITIONS = 3
SHOWN_CHARS = 100


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid up",
        description="Run the local broker, a stream worker and the REST API together on 127.0.0.1 (a first "
                    "look, not production); Ctrl-C stops all.")
    p.add_argument("--config", help="phideid config file for the worker and the API")
    p.add_argument("--broker-port", type=int, default=9092)
    p.add_argument("--api-port", type=int, default=8080)
    p.add_argument("--metrics-port", type=int, default=9464, help="the worker's Prometheus endpoint")
    p.add_argument("--send", metavar="PATH",
                   help="once up, publish this file or folder to phideid.in (as phideid batch --to-kafka)")
    return p


def _check_free(port: int, what: str) -> None:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            raise ConfigError(f"{HOST}:{port} is in use; pick another --{what}-port") from None


class Children:
    """The processes ``up`` started, stopped newest first by their own PIDs."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.named: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: Sequence[str], *, die_with_parent: bool = True) -> subprocess.Popen:
        preexec = die_with_parent_preexec() if die_with_parent else None
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "phideid.cli", *argv], stdout=log,
                                       stderr=subprocess.STDOUT, preexec_fn=preexec)
        self.named.append((name, process))
        return process

    def dead(self) -> str | None:
        for name, process in self.named:
            if process.poll() is not None and name != "send":
                return name
        return None

    def stop(self) -> None:
        for _, process in reversed(self.named):
            if process.poll() is None:
                process.terminate()
        for _, process in reversed(self.named):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def follow(bootstrap: str, stop: threading.Event) -> None:
    """Print one line per committed output and dead letter until ``stop`` is set."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "phideid-up-reader",
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    consumer.assign([TopicPartition(t, p, 0) for t in (OUTPUT, DLQ) for p in range(PARTITIONS)])
    try:
        while not stop.is_set():
            for m in consumer.consume(50, 0.5):
                if m.error() is None:
                    print(describe(m.topic(), m.partition(), m.offset(), m.value(), dict(m.headers() or [])),
                          flush=True)
    finally:
        consumer.close()


def describe(topic: str, partition: int, offset: int, value: bytes | None, headers: dict[str, bytes]) -> str:
    source = headers.get("phideid-source", b"?").decode(errors="replace")
    if topic == DLQ:
        code = headers.get("phideid-error-code", b"?").decode(errors="replace")
        reason = headers.get("phideid-error-reason", b"").decode(errors="replace")
        return f"{DLQ}  from {source}  {code}: {reason}"
    fmt = headers.get("phideid-format", b"?").decode(errors="replace")
    if fmt == "dicom" or value is None:
        shown = f"{len(value or b'')} bytes"
    else:
        text = " ".join(value.decode(errors="replace").split())
        shown = text[:SHOWN_CHARS] + ("..." if len(text) > SHOWN_CHARS else "")
    return f"{OUTPUT}  from {source}  {fmt}  {shown}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for port, what in ((args.broker_port, "broker"), (args.api_port, "api"), (args.metrics_port, "metrics")):
        _check_free(port, what)
    logs = phideid_home() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    config = ["--config", args.config] if args.config else []
    stop = threading.Event()
    # both signals stop up at once, even mid start-up; SIGINT explicitly, since a shell that started up in
    # the background leaves it ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    children = Children(logs)
    broker = LocalBroker(args.broker_port, log_path=logs / "broker.log", die_with_parent=True)
    reader = None
    try:
        broker.start()
        create_topics(broker.bootstrap, [INPUT, OUTPUT, DLQ], partitions=PARTITIONS)
        children.start("stream", ["stream", "--bootstrap", broker.bootstrap, "--input-topic", INPUT,
                                  "--output-topic", OUTPUT, "--dlq-topic", DLQ, "--group", "phideid-up",
                                  "--metrics-port", str(args.metrics_port),
                                  "-X", "session.timeout.ms=6000", *config])
        api = children.start("api", ["serve", "--port", str(args.api_port), *config])
        wait_for_port(args.api_port, timeout=120, process=api)
        print(banner(broker.bootstrap, args, logs), flush=True)
        reader = threading.Thread(target=follow, args=(broker.bootstrap, stop), daemon=True)
        reader.start()
        if args.send:
            # started beside the reader thread, so without a preexec_fn; it ends on its own
            children.start("send", ["batch", args.send, "--to-kafka", INPUT, "--bootstrap", broker.bootstrap],
                           die_with_parent=False)
        while not stop.wait(0.5):
            dead = children.dead()
            if dead:
                print(f"phideid up: the {dead} process stopped; see {logs / dead}.log", file=sys.stderr)
                return 1
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        print("phideid up: stopping", file=sys.stderr)
        children.stop()
        if reader is not None:
            reader.join(5)
        broker.stop()


def banner(bootstrap: str, args: argparse.Namespace, logs: Path) -> str:
    api = f"http://{HOST}:{args.api_port}"
    return "\n".join([
        f"phideid up: broker {bootstrap} · worker {INPUT} -> {OUTPUT} (dead letters {DLQ}) · API {api}",
        "  send a note over HTTP:",
        f"    curl -s {api}/deidentify -H 'content-type: text/plain' --data-binary @examples/note.txt",
        "  send files through Kafka (their de-identified versions print below):",
        f"    phideid batch examples/ --to-kafka {INPUT} --bootstrap {bootstrap}",
        f"  API docs {api}/docs · worker metrics http://{HOST}:{args.metrics_port}/metrics · logs {logs}",
        "  Ctrl-C stops everything.",
    ])


__all__ = ["main"]
