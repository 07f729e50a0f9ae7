"""The facade's own logic, with a detector that returns fixed spans (no pattern engine needed)."""

from __future__ import annotations

import re
import threading

import pytest

from phideid.deidentifier import Deidentifier, Document
from phideid.detect.base import Detector
from phideid.errors import DeidentificationError, DetectionError, InputError, PolicyError
from phideid.surrogates.base import transforms
from phideid.types import PhiType, Span


class FixedDetector:
    """Finds every occurrence of the given words, with the given type."""

    name = "fixed"

    def __init__(self, words: dict[str, PhiType]):
        self.words = words

    def detect(self, texts):
        out = []
        for text in texts:
            spans = []
            for word, phi_type in self.words.items():
                start = text.find(word)
                while start >= 0:
                    spans.append(Span(start, start + len(word), phi_type, 0.9, "fixed"))
                    start = text.find(word, start + 1)
            out.append(spans)
        return out


class BrokenDetector:
    name = "broken"

    def detect(self, texts):
        raise RuntimeError("boom")


def test_fixed_detector_satisfies_the_protocol():
    assert isinstance(FixedDetector({}), Detector)


def test_batch_runs_each_detector_once_and_isolates_a_bad_document(vault):
    calls = []

    class Counting(FixedDetector):
        def detect(self, texts):
            calls.append(len(texts))
            return super().detect(texts)

    engine = Deidentifier([Counting({"Wong": PhiType.DOCTOR})], vault)
    docs = [Document("Dr. Wong here."), Document(b"bytes are not text"), Document("Wong again", "p1")]
    results = engine.deidentify_many(docs)

    assert calls == [2]  # one call for the batch; the refused document is never sent
    assert results[0].ok and "Wong" not in results[0].text
    assert isinstance(results[1].error, InputError) and results[1].text is None
    assert results[2].ok and results[2].report.patient.startswith("PT-")


def test_unknown_policy_fails_that_document_only(vault):
    engine = Deidentifier([FixedDetector({})], vault)
    results = engine.deidentify_many([Document("a", policy="no-such-policy"), Document("b")])
    assert isinstance(results[0].error, PolicyError)
    assert results[1].ok


def test_too_long_text_is_refused(vault):
    engine = Deidentifier([FixedDetector({})], vault, max_chars=10)
    with pytest.raises(InputError, match="exceeds the limit"):
        engine.deidentify("x" * 11)


def test_a_failing_detector_fails_the_batch_without_the_text(vault):
    engine = Deidentifier([BrokenDetector()], vault)
    with pytest.raises(DetectionError) as err:
        engine.deidentify("Mr. Secretname")
    assert "Secretname" not in str(err.value) and "RuntimeError" in str(err.value)


def test_a_failing_second_detector_fails_the_batch_without_the_text(vault):
    engine = Deidentifier([FixedDetector({"Wong": PhiType.DOCTOR}), BrokenDetector()], vault)
    with pytest.raises(DetectionError) as err:
        engine.deidentify("Mr. Secretname")
    assert "Secretname" not in str(err.value) and "broken" in str(err.value)


def test_detectors_run_at_the_same_time_and_merge_in_order(vault):
    # each detector waits for the other to have started: run one after the other, they would time out
    both_started = threading.Barrier(2, timeout=10)

    class Waiting(FixedDetector):
        def detect(self, texts):
            both_started.wait()
            return super().detect(texts)

    engine = Deidentifier([Waiting({"Wong": PhiType.DOCTOR}), Waiting({"7/22/2009": PhiType.DATE})], vault)
    result = engine.deidentify("Seen by Dr. Wong on 7/22/2009.", patient_id="p1")
    assert "Wong" not in result.text and "7/22/2009" not in result.text
    assert result.report.counts == {"DOCTOR": 1, "DATE": 1}


def test_a_failing_transform_refuses_the_document_and_names_no_value(vault, tmp_path, monkeypatch):
    class Explodes:
        def __call__(self, value, phi_type, ctx):
            raise ValueError(f"cannot handle {value}")

    monkeypatch.setitem(transforms._entries, "surrogate.explodes.test", Explodes)

    policy = tmp_path / "p.yaml"
    policy.write_text(
        "name: t\nversion: '1'\nrules:\n  - types: [DOCTOR]\n    action: surrogate\n"
        "    using: surrogate.explodes.test\ndefault: {action: redact, using: redact.tag.v1}\n"
    )
    engine = Deidentifier([FixedDetector({"Wong": PhiType.DOCTOR})], vault)
    with pytest.raises(DeidentificationError) as err:
        engine.deidentify("Dr. Wong", policy=str(policy))
    assert "Wong" not in str(err.value)


def test_reidentifiable_policy_remembers_originals_in_the_vault(vault):
    engine = Deidentifier([FixedDetector({"Wong": PhiType.DOCTOR})], vault)
    result = engine.deidentify("Dr. Wong", patient_id="MRN-5")
    surrogate = result.text.removeprefix("Dr. ")
    found = vault.lookup_values(surrogate)
    assert [f.original for f in found] == ["Wong"]
    assert vault.lookup_patient(result.report.patient) == "MRN-5"


def test_safe_harbor_surrogates_do_not_link_documents(vault):
    engine = Deidentifier([FixedDetector({"Wong": PhiType.DOCTOR})], vault)
    outs = {engine.deidentify("Dr. Wong. Dr. Wong.", policy="safe-harbor").text for _ in range(6)}
    assert len(outs) > 1  # a fresh key per document
    for out in outs:
        first, second = re.findall(r"Dr\. (\w+)", out)
        assert first == second != "Wong"  # but consistent within one document
