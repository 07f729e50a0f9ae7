"""The offline NLP engine: tokens and lemmas without a model, and never the network."""

from __future__ import annotations

import socket

import pytest
import spacy.cli

from phideid.detect.nlp import OfflineNlpEngine
from phideid.detect.patterns import PatternDetector


def test_lemmas_are_lowercase_tokens_so_context_words_can_match():
    engine = OfflineNlpEngine()
    engine.load()
    artifacts = engine.process_text("Patient MRN: 00123456", "en")
    assert artifacts.lemmas == ["patient", "mrn", ":", "00123456"]
    assert "mrn" in artifacts.keywords
    assert artifacts.entities == []


def test_process_batch_keeps_order():
    engine = OfflineNlpEngine()
    engine.load()
    out = list(engine.process_batch(["first text", "second"], language="en", batch_size=8))
    assert [text for text, _ in out] == ["first text", "second"]
    assert out[1][1].lemmas == ["second"]


def test_building_and_running_the_detector_makes_no_network_connection(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network access is not allowed in this test")

    def no_download(*args, **kwargs):
        attempts.append(("spacy.cli.download", args))
        raise AssertionError("spacy.cli.download was called")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    monkeypatch.setattr(spacy.cli, "download", no_download)

    detector = PatternDetector()
    spans = detector.detect(["Email jane@example.org, see https://example.org, MRN: 1234567 on 7/22/2009"])
    assert {s.phi_type.value for s in spans[0]} >= {"EMAIL", "URL", "MEDICALRECORD", "DATE"}
    assert attempts == []


def test_needs_a_language():
    with pytest.raises(ValueError):
        OfflineNlpEngine(languages=())
