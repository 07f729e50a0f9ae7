"""``phideid stream-bench`` end to end on a small run: one row per batch size, every note accounted for.

No wall-clock thresholds: the figures depend on the machine; only their shape and sign are checked.
"""

from __future__ import annotations

import json

import pytest

from stream.bench import histogram_quantile, main


def test_histogram_quantile_interpolates_within_a_bucket():
    buckets = [(0.1, 0.0), (0.2, 4.0), (float("inf"), 4.0)]
    assert histogram_quantile(0.5, buckets) == pytest.approx(0.15)
    assert histogram_quantile(0.5, [(float("inf"), 0.0)]) is None


def test_stream_bench_reports_one_row_per_batch_size(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "b.json"
    assert main(["--messages", "30", "--batch", "8", "--detectors", "pattern", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert [row["batch"] for row in report["rows"]] == [8]
    (row,) = report["rows"]
    assert row["messages"] == 30
    assert row["dead_letters"] == 0
    assert row["messages_per_s"] > 0
    assert row["worker_messages_per_s"] > 0
    assert row["engine_messages_per_s"] > 0
    assert row["batches"] >= 30 // 8
