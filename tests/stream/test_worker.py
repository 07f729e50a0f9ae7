"""The worker against a real broker: a mixed stream comes out one-for-one, de-identified or dead-lettered
with a reason, and nothing identifying reaches the logs.

The worker runs in a thread of the test process with the default pipeline (patterns and the shipped NER
model); the crash, shutdown and scale-out tests run it as a process (test_processes.py).
"""

from __future__ import annotations

import io
import json
import logging
import threading

import pydicom
import pytest

from eval.formats import real_leaks
from eval.leaks import occurs
from phideid.deidentifier import Deidentifier
from phideid.detect.patterns import PatternDetector
from phideid.formats.hl7v2.er7 import parse_er7
from phideid.vault import open_vault
from stream.logs import JsonFormatter
from stream.metrics import StreamMetrics
from stream.settings import build_settings
from stream.worker import StreamWorker
from tests.formats.dicom.builders import IDENTIFIERS as DICOM_IDS
from tests.formats.dicom.builders import ct_dataset, to_bytes
from tests.formats.fhir.fixtures import SECRETS as FHIR_IDS
from tests.formats.fhir.fixtures import bundle, dumps
from tests.formats.hl7v2.conftest import ORU, ORU_IDENTIFIERS
from tests.stream.conftest import CLIENT, produce, read_topics

NOTE = ("Pt Rosalind Hartigan seen by Dr. Ottoline Brackwater on 3/11/2024. MRN 77881234. "
        "Call 617-555-0142. Plan: continue metoprolol 25 mg.")
NOTE_IDS = ["Rosalind", "Hartigan", "Ottoline", "Brackwater", "77881234", "617-555-0142"]
MAX_BYTES = 200_000


@pytest.fixture(scope="module")
def full_engine(tmp_path_factory):
    from models.detector import ner_detector
    from phideid.detect import DetectorSettings

    vault = open_vault(f"sqlite:///{tmp_path_factory.mktemp('v') / 'vault.db'}", b"k" * 32)
    engine = Deidentifier([PatternDetector(), ner_detector(DetectorSettings())], vault, max_bytes=MAX_BYTES)
    yield engine
    vault.close()


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def run_worker(engine, settings, until, metrics=None):
    """Run a worker in a thread until ``until()`` returns, then stop it cleanly; returns its log lines."""
    handler = Captured()
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    stop = threading.Event()
    worker = StreamWorker(engine, settings, metrics)
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    try:
        result = until()
    finally:
        stop.set()
        thread.join(60)
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert not thread.is_alive(), "the worker did not stop"
    return result, handler.lines


def settings_for(broker, topics, **extra):
    return build_settings({}, {}, dict(bootstrap=broker.bootstrap, input_topics=[topics.input],
                                       output_topic=topics.output, dlq_topic=topics.dlq, group=topics.group,
                                       transactional_id=f"t-{topics.group}", **extra), CLIENT)


def test_a_mixed_stream_comes_out_one_for_one_deidentified_or_dead_lettered(broker, topics, full_engine):
    text = {"content-type": b"text/plain"}
    dicom_ok = to_bytes(ct_dataset())
    dicom_burned = to_bytes(ct_dataset("1.2.826.0.1.3680043.8.498.2002", burned_in=None))
    records = [
        (b"note-1", NOTE.encode(), text),
        (b"note-2", NOTE.encode(), {}),  # no content-type: sniffed
        (b"hl7-1", ORU.encode(), {"content-type": b"x-application/hl7-v2+er7"}),
        (b"hl7-2", ORU.encode(), {}),
        (b"fhir-1", dumps(bundle()), {"content-type": b"application/fhir+json; charset=utf-8"}),
        (b"dcm-1", dicom_ok, {"content-type": b"application/dicom"}),
        # junk, each for its own reason
        (b"bad-utf8", b"\xff\xfeRosalind Hartigan\x00", text),
        (b"bad-type", b"Rosalind Hartigan", {"content-type": b"image/png"}),
        (b"bad-hl7", b"MSH|Rosalind Hartigan", {"content-type": b"x-application/hl7-v2+er7"}),
        (b"bad-fhir", b'{"resourceType": "Patient", "name": [{"family": "Hartigan"', {
            "content-type": b"application/fhir+json"}),
        (b"burned-in", dicom_burned, {"content-type": b"application/dicom"}),
        (b"too-big", b"Rosalind Hartigan " * (MAX_BYTES // 10), text),
        (b"tombstone", None, text),
    ]
    sources = produce(broker.bootstrap, topics.input, records)
    by_source = dict(zip(sources, records, strict=True))
    metrics = StreamMetrics()

    got, logs = run_worker(
        full_engine, settings_for(broker, topics, batch_size=5),
        lambda: read_topics(broker.bootstrap, [topics.output, topics.dlq], len(records)), metrics)

    # one-for-one: every input once, on the output or the dead-letter topic
    seen = sorted(r.source for r in got)
    assert seen == sorted(sources)
    outputs = {r.key: r for r in got if r.topic == topics.output}
    dead = {r.key: r for r in got if r.topic == topics.dlq}
    assert set(outputs) == {b"note-1", b"note-2", b"hl7-1", b"hl7-2", b"fhir-1", b"dcm-1"}
    assert set(dead) == {b"bad-utf8", b"bad-type", b"bad-hl7", b"bad-fhir", b"burned-in", b"too-big",
                         b"tombstone"}
    for r in got:  # the key is kept and each output came from the record with that key
        assert by_source[r.source][0] == r.key

    # outputs are de-identified and valid in their format, with provenance headers
    for key in (b"note-1", b"note-2"):
        out = outputs[key].value.decode()
        assert not [v for v in NOTE_IDS if occurs(v, out)], out
        assert "metoprolol 25 mg" in out
        assert outputs[key].headers["content-type"] == b"text/plain"
    for key in (b"hl7-1", b"hl7-2"):
        assert parse_er7(outputs[key].value).segments[0].name == "MSH"
        assert real_leaks(full_engine, ORU.encode(), "hl7v2", set(ORU_IDENTIFIERS), outputs[key].value,
                          None)[0] == []
        assert outputs[key].headers["content-type"] == b"x-application/hl7-v2+er7"
    fhir_out = outputs[b"fhir-1"].value.decode()
    assert json.loads(fhir_out)["resourceType"] == "Bundle"
    # a surrogate merely equal to another identifier ("Springfield Regional Hospital") is no leak
    assert real_leaks(full_engine, dumps(bundle()), "fhir", set(FHIR_IDS), outputs[b"fhir-1"].value,
                      None)[0] == []
    assert outputs[b"fhir-1"].headers["content-type"] == b"application/fhir+json; charset=utf-8"
    ds = pydicom.dcmread(io.BytesIO(outputs[b"dcm-1"].value))
    dicom_text = " ".join(str(e.value) for e in ds.iterall())
    assert not [v for v in DICOM_IDS if occurs(v, dicom_text)]
    for r in outputs.values():
        assert r.headers["phideid-policy"].startswith(b"pseudonymize@")
        assert b"ner:" in r.headers["phideid-detectors"]

    # dead letters say why, in classes and codes, and carry neither the payload nor any of its words
    expect = {b"bad-utf8": b"input_error", b"bad-type": b"unsupported_content_type",
              b"bad-hl7": b"hl7v2_bad_separators", b"bad-fhir": b"format_error",
              b"burned-in": b"burned_in_annotation", b"too-big": b"input_error", b"tombstone": b"input_error"}
    for key, code in expect.items():
        d = dead[key]
        assert d.headers["phideid-error-code"] == code, (key, d.headers)
        assert d.headers["phideid-error-reason"]
        assert d.value is None
        header_text = b" ".join(d.headers.values()).decode(errors="replace")
        assert not occurs("Hartigan", header_text) and not occurs("Rosalind", header_text)

    # counts add up in the metrics; the logs hold no identifier of any input
    consumed = sum(s.value for s in metrics.consumed.collect()[0].samples if s.name.endswith("_total"))
    produced = sum(s.value for s in metrics.produced.collect()[0].samples if s.name.endswith("_total"))
    dead_n = sum(s.value for s in metrics.dead_lettered.collect()[0].samples if s.name.endswith("_total"))
    assert (consumed, produced, dead_n) == (len(records), 6, 7)
    log_text = "\n".join(logs)
    assert "batch committed" in log_text
    leaked = [v for v in {*NOTE_IDS, *ORU_IDENTIFIERS, *FHIR_IDS, *DICOM_IDS} if occurs(v, log_text)]
    assert not leaked

    # every batch left an audit record before it committed: counts and error codes, never a value
    from phideid.audit import AuditQuery, default_audit_url, open_trail

    trail = open_trail()
    records_ = trail.query(AuditQuery(channel="stream", limit=100))
    assert {r.actor for r in records_} == {f"stream:{topics.group}"}
    assert sum(r.documents for r in records_) >= len(records)  # a redone batch is recorded again
    assert sum(r.failed for r in records_) >= 7
    assert {"burned_in_annotation", "unsupported_content_type"} <= {c for r in records_ for c in r.errors}
    assert any(r.formats.get("dicom") for r in records_) and any(r.phi for r in records_)
    stored = open(default_audit_url()[len("file://"):], encoding="ascii").read()
    assert not [v for v in {*NOTE_IDS, *ORU_IDENTIFIERS, *FHIR_IDS, *DICOM_IDS} if occurs(v, stored)]
    assert trail.verify().ok


def test_dead_letters_carry_the_payload_only_when_allowed(broker, topics, tmp_path):
    vault = open_vault(f"sqlite:///{tmp_path / 'v.db'}", b"k" * 32)
    engine = Deidentifier([PatternDetector()], vault)
    junk = b"\xff\xfe not a note"
    produce(broker.bootstrap, topics.input, [(b"k", junk, {"content-type": b"text/plain"})])
    got, _ = run_worker(engine, settings_for(broker, topics, dlq_payload=True),
                        lambda: read_topics(broker.bootstrap, [topics.dlq], 1, settle=0.2))
    vault.close()
    assert [(r.key, r.value) for r in got] == [(b"k", junk)]


def test_token_key_mode_replaces_keys_consistently(broker, topics, tmp_path):
    vault = open_vault(f"sqlite:///{tmp_path / 'v.db'}", b"k" * 32)
    engine = Deidentifier([PatternDetector()], vault)
    produce(broker.bootstrap, topics.input, [(b"MRN-4412345", b"Seen on 3/11/2024.", {})] * 2)
    got, _ = run_worker(engine, settings_for(broker, topics, key_mode="token"),
                        lambda: read_topics(broker.bootstrap, [topics.output], 2, settle=0.2))
    vault.close()
    keys = {r.key for r in got}
    assert len(got) == 2 and len(keys) == 1
    assert b"4412345" not in keys.pop()

