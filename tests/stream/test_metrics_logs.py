"""The worker's Prometheus metrics (each worker its own registry) and its JSON log lines."""

from __future__ import annotations

import io
import json
import logging
import urllib.request
from pathlib import Path

import prometheus_client
import pytest

from stream.logs import JsonFormatter, setup_json_logging
from stream.metrics import StreamMetrics


def test_two_workers_in_one_process_keep_separate_counts():
    a, b = StreamMetrics(), StreamMetrics()  # would raise "Duplicated timeseries" on a shared registry
    a.consumed.labels("adt.raw").inc(3)
    b.consumed.labels("adt.raw").inc()
    a.dead_lettered.labels("format_error").inc()
    assert a.registry.get_sample_value("phideid_stream_messages_in_total", {"topic": "adt.raw"}) == 3
    assert b.registry.get_sample_value("phideid_stream_messages_in_total", {"topic": "adt.raw"}) == 1
    assert b.registry.get_sample_value("phideid_stream_dead_letters_total",
                                       {"reason": "format_error"}) is None
    # nothing lands on the process-wide default registry
    assert prometheus_client.REGISTRY.get_sample_value("phideid_stream_messages_in_total",
                                                       {"topic": "adt.raw"}) is None


def test_metrics_on_a_given_registry():
    registry = prometheus_client.CollectorRegistry()
    m = StreamMetrics(registry)
    m.batch_messages.observe(5)
    m.lag.labels("adt.raw", "0").set(12)
    assert m.registry is registry
    assert registry.get_sample_value("phideid_stream_batch_messages_count") == 1
    lag = registry.get_sample_value("phideid_stream_consumer_lag", {"topic": "adt.raw", "partition": "0"})
    assert lag == 12
    with pytest.raises(ValueError, match="Duplicated"):
        StreamMetrics(registry)  # the same registry twice is a mistake, and says so


def test_metrics_endpoint_serves_on_loopback():
    m = StreamMetrics()
    m.produced.labels("hl7v2").inc(2)
    server = m.serve("127.0.0.1", 0)
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            body = response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
    assert 'phideid_stream_messages_out_total{format="hl7v2"} 2.0' in body


def log_lines(emit) -> list[dict]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("phideid.stream.test-json")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    text = out.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_json_formatter_writes_one_object_per_line_with_fields_merged():
    def emit(logger):
        logger.info("batch committed", extra={"fields": {"records": 64, "dead_letters": 1,
                                                         "offsets": {"adt.raw/0": [5, 68]}}})
        logger.warning("consumer error\nsecond line", extra={"fields": {"error": "_TRANSPORT"}})
        logger.info("worker stopped")

    first, second, third = log_lines(emit)
    assert first["event"] == "batch committed" and first["level"] == "info"
    assert first["logger"] == "phideid.stream.test-json"
    assert first["records"] == 64 and first["dead_letters"] == 1
    assert first["offsets"] == {"adt.raw/0": [5, 68]}
    assert first["ts"].endswith("+00:00")
    assert second["level"] == "warning" and second["error"] == "_TRANSPORT"
    assert second["event"] == "consumer error\nsecond line"  # a newline stays inside its line
    assert set(third) == {"ts", "level", "logger", "event"}


def test_json_formatter_renders_values_json_does_not_know():
    (line,) = log_lines(lambda logger: logger.info("x", extra={"fields": {"path": Path("/tmp/a")}}))
    assert line["path"] == "/tmp/a"


def test_json_formatter_leaves_out_the_traceback():
    def emit(logger):
        try:
            raise ValueError("Patient John Smith")
        except ValueError:
            logger.exception("engine failed", extra={"fields": {"error": "ValueError"}})

    (line,) = log_lines(emit)
    assert "John" not in json.dumps(line)
    assert line["error"] == "ValueError"


def test_setup_json_logging_routes_the_root_logger_to_one_json_handler():
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    out = io.StringIO()
    try:
        setup_json_logging(logging.INFO, stream=out)
        logging.getLogger("phideid.stream").info("worker started", extra={"fields": {"group": "g"}})
        logging.getLogger("phideid.stream").debug("below the level")
        assert len(root.handlers) == 1
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["group"] == "g"
