"""``--to-kafka``: every file (and archive row) arrives once on the topic, keyed by its relative path (or
id), with the content-type of its format and no other header."""

from __future__ import annotations

import json
import time

import pytest
from confluent_kafka import Consumer, TopicPartition

from batch.cli import main
from stream.broker import LocalBroker, create_topics
from tests.batch.conftest import GOOD, make_mixed_folder

MEDIA = {"text": b"text/plain", "hl7v2": b"x-application/hl7-v2+er7", "fhir": b"application/fhir+json",
         "dicom": b"application/dicom"}


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    with LocalBroker(log_path=tmp_path_factory.mktemp("broker") / "tansu.log") as b:
        yield b


def read_all(bootstrap: str, topic: str, expected: int, timeout: float = 60.0) -> list:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    got, deadline, settle = [], time.monotonic() + timeout, None
    try:
        while time.monotonic() < (settle or deadline):
            got += [m for m in consumer.consume(100, 0.2) if m.error() is None]
            if settle is None and len(got) >= expected:
                settle = time.monotonic() + 1.0  # a little longer, to see duplicates
    finally:
        consumer.close()
    return got


def test_every_file_and_row_is_published_once_with_its_key_and_content_type(tmp_path, env, broker, capsys):
    src = make_mixed_folder(tmp_path / "in")
    (src / "export.jsonl").write_text("".join(
        json.dumps({"id": f"r{i}", "text": f"note {i}", "mrn": "77881234"}) + "\n" for i in range(3)))
    topic = "batch-raw"
    create_topics(broker.bootstrap, [topic], partitions=1)

    code = main([str(src), "--to-kafka", topic, "--bootstrap", broker.bootstrap, "--id-column", "id",
                 "-X", "linger.ms=5"])

    files = {p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file()}
    sendable = files - {"scans/report.pdf", ".DS_Store", "export.jsonl"}
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"published {len(sendable) + 3}, failed 0" in err and "unsupported 1" in err
    got = read_all(broker.bootstrap, topic, len(sendable) + 3)
    by_key = {}
    for m in got:
        assert m.key() not in by_key, "published twice"
        by_key[m.key()] = m
    assert set(by_key) == {k.encode() for k in sendable} | {b"r0", b"r1", b"r2"}
    for rel in sendable:
        m = by_key[rel.encode()]
        assert m.value() == (src / rel).read_bytes()  # raw: the stream workers de-identify it
        headers = dict(m.headers() or [])
        assert set(headers) == {"content-type"} if rel in GOOD else set(headers) <= {"content-type"}
        if rel in GOOD:
            assert headers["content-type"] == MEDIA[GOOD[rel]], rel
    assert by_key[b"r1"].value() == b"note 1"
    assert dict(by_key[b"r1"].headers()) == {"content-type": b"text/plain"}  # no patient key, no path
