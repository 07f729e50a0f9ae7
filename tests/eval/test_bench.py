"""``phideid bench`` on a handful of notes: it runs, prints its table, and reaches for no network."""

from __future__ import annotations

import json
import socket

import pytest

from eval.bench import main, offline_tldextract, presidio_default_analyzer


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[:2])
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_presidio_default_recognizers_stay_offline(no_network):
    analyzer = presidio_default_analyzer()
    names = {r.name for r in analyzer.registry.recognizers}
    assert {"EmailRecognizer", "UrlRecognizer", "UsSsnRecognizer"} <= names
    assert all(type(r).__module__.startswith("presidio_analyzer") for r in analyzer.registry.recognizers)
    with offline_tldextract():
        found = analyzer.analyze(text="Mail jo.smith@example.org today", language="en")
    assert any(r.entity_type == "EMAIL_ADDRESS" for r in found)
    assert no_network == []


def test_bench_runs_pattern_only_and_prints_the_table(no_network, tmp_path, capsys, monkeypatch):
    import eval.cli

    monkeypatch.setattr(eval.cli, "DEFAULT_MODEL_DIR", tmp_path / "no-model")
    monkeypatch.setattr("eval.bench.DEFAULT_MODEL_DIR", tmp_path / "no-model")
    out = tmp_path / "bench.json"
    assert main(["--notes", "5", "--batch", "1,4", "--json", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "pipeline (pattern)" in stdout and "presidio default recognizers" in stdout
    assert "model missing" in stdout and "peak memory" in stdout
    figures = json.loads(out.read_text())
    assert figures["notes"] == 5 and figures["window_ms"] == {}
    assert all(row["notes_per_s"] > 0 for row in figures["throughput"])
    assert no_network == []


def test_bench_with_a_model_times_windows(tiny_ner_dir, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["--notes", "5", "--model", str(tiny_ner_dir), "--batch", "1,2", "--no-presidio",
                 "--json", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "model alone (NER detect)" in stdout and "512-token window" in stdout
    figures = json.loads(out.read_text())
    assert set(figures["window_ms"]) == {"1", "2"}
    assert figures["execution_provider"].endswith("ExecutionProvider")
