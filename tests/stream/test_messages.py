"""Kafka records <-> engine payloads, without a broker: which format a record is read as, which headers an
output and a dead letter carry (and which they must not), the output key, and the offsets a batch commits.

Results come from a real engine (policy, surrogates, vault, format handlers); its detector is a two-rule
regex stand-in, because importing presidio for ``PatternDetector`` alone takes longer than these tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from phideid.deidentifier import ENGINE_VERSION, Deidentifier, Payload, PayloadResult
from phideid.errors import InputError, PhideidError
from phideid.formats.media import MEDIA_FORMATS, UnsupportedContentType
from phideid.types import PhiType, Span
from phideid.vault import open_vault
from stream.messages import (
    MAX_REASON,
    Record,
    dead_letter_headers,
    first_offsets,
    offsets_to_commit,
    output_headers,
    output_key,
    reason_text,
    record_format,
    to_payload,
)

NOTE = b"Seen by Dr. Wong on 7/22/2009."
DETECTORS = "pattern,ner:1.0"


def rec(value: bytes | None = NOTE, headers=(), *, topic="notes.raw", partition=2, offset=41,
        key: bytes | None = b"MRN-00482913") -> Record:
    return Record(topic, partition, offset, key, value, list(headers))


class RegexDetector:
    """Finds ``Dr. <Name>`` and m/d/yyyy dates: enough PHI for a real de-identified result."""

    name = "regex-stub"
    RULES = (
        (re.compile(r"(?<=Dr\. )[A-Z][a-z]+"), PhiType.DOCTOR),
        (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), PhiType.DATE),
    )

    def detect(self, texts: Sequence[str]) -> list[list[Span]]:
        return [[Span(m.start(), m.end(), kind, 1.0, self.name) for rule, kind in self.RULES
                 for m in rule.finditer(text)] for text in texts]


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier([RegexDetector()], open_vault("sqlite:///:memory:", b"k" * 32))


@pytest.fixture(scope="module")
def result(engine) -> PayloadResult:
    out = engine.deidentify_payloads([Payload(NOTE)])[0]
    assert out.ok and out.report is not None
    assert b"Wong" not in out.data and b"7/22/2009" not in out.data and out.data.startswith(b"Seen by Dr. ")
    return out


def as_dict(headers) -> dict[str, bytes]:
    names = [k for k, _ in headers]
    assert len(names) == len(set(names)), f"duplicate headers: {names}"
    return dict(headers)


# -- content-type -> format ----------------------------------------------------------------------------
@pytest.mark.parametrize(("content_type", "fmt"), [
    (b"text/plain", "text"),
    (b"text/plain; charset=utf-8", "text"),
    (b"TEXT/Plain ;Charset=UTF-8", "text"),
    (b"x-application/hl7-v2+er7", "hl7v2"),
    (b"application/hl7-v2", "hl7v2"),
    (b"application/fhir+json; fhirVersion=4.0", "fhir"),
    (b"application/fhir+ndjson", "fhir"),
    (b"application/json", "fhir"),
    (b"  application/dicom  ", "dicom"),
])
def test_content_type_names_the_format(content_type, fmt):
    record = rec(headers=[("Content-Type", content_type)])
    assert record_format(record) == fmt
    assert to_payload(record) == Payload(NOTE, format=fmt)


def test_every_known_media_type_maps_to_an_engine_format():
    assert set(MEDIA_FORMATS.values()) == {"text", "hl7v2", "fhir", "dicom"}


@pytest.mark.parametrize("headers", [[], [("content-type", b"")], [("trace-id", b"abc")]])
def test_no_content_type_means_the_format_is_sniffed(headers):
    record = rec(headers=headers)
    assert record_format(record) is None
    assert to_payload(record).format is None


def test_a_record_without_value_becomes_an_empty_payload():
    assert to_payload(rec(value=None, headers=[("content-type", b"text/plain")])) == Payload(b"", "text")


def test_unknown_media_type_is_refused_and_named():
    with pytest.raises(UnsupportedContentType) as info:
        record_format(rec(headers=[("content-type", b"image/png")]))
    assert isinstance(info.value, InputError)
    assert info.value.code == "unsupported_content_type"
    assert "'image/png'" in str(info.value)
    assert "text/plain" in str(info.value)  # the message says what is read


@pytest.mark.parametrize("garbage", [b"Patient John Smith", b"John Smith; born 1961-03-04", b"MRN:00482913"])
def test_content_type_that_is_no_media_type_is_not_echoed(garbage):
    with pytest.raises(UnsupportedContentType) as info:
        to_payload(rec(headers=[("content-type", garbage)]))
    message = str(info.value)
    for word in ("john", "smith", "patient", "00482913", "1961"):
        assert word not in message.lower()


# -- output headers ----------------------------------------------------------------------------------
def test_output_keeps_the_input_content_type_and_names_its_provenance(result):
    record = rec(headers=[("Content-Type", b"text/plain; charset=utf-8")], topic="adt.raw", partition=1,
                 offset=7)
    headers = as_dict(output_headers(record, result, DETECTORS))
    assert headers["content-type"] == b"text/plain; charset=utf-8"
    assert headers["phideid-policy"] == b"pseudonymize@1"
    assert headers["phideid-detectors"] == DETECTORS.encode()
    assert headers["phideid-source"] == b"adt.raw/1/7"
    assert headers["phideid-format"] == b"text"
    assert headers["phideid-engine"] == ENGINE_VERSION.encode()


def test_output_without_input_content_type_gets_the_formats_media_type(result):
    headers = as_dict(output_headers(rec(), result, DETECTORS))
    assert headers["content-type"] == b"text/plain"


def test_input_headers_are_not_copied_to_the_output(result):
    record = rec(headers=[("patient-id", b"00482913"), ("x-patient-name", b"John Smith"),
                          ("content-type", b"text/plain")])
    headers = output_headers(record, result, DETECTORS)
    assert {k for k, _ in headers}.isdisjoint({"patient-id", "x-patient-name"})
    for _, value in headers:
        assert b"00482913" not in value and b"Smith" not in value


def test_only_headers_named_in_keep_headers_are_copied_case_insensitively(result):
    record = rec(headers=[("Trace-Id", b"t-1"), ("patient-id", b"00482913"), ("content-type", b"text/plain")])
    headers = as_dict(output_headers(record, result, DETECTORS, keep_headers=["trace-id", "CONTENT-TYPE"]))
    assert headers["Trace-Id"] == b"t-1"
    assert "patient-id" not in headers
    assert headers["content-type"] == b"text/plain"  # once, even when named in keep_headers


# -- dead letters ------------------------------------------------------------------------------------
def test_dead_letter_headers_say_why_and_quote_nothing_of_the_payload(engine):
    payload = b'{"resourceType": "Patient", "name": [{"family": "Smith", "given": ["John"]}], "id": 00482913'
    record = rec(value=payload, headers=[("content-type", b"application/fhir+json")], topic="fhir.raw",
                 partition=0, offset=3)
    error = engine.deidentify_payloads([to_payload(record)])[0].error
    assert isinstance(error, PhideidError)
    headers = as_dict(dead_letter_headers(record, error, "deidentify"))
    assert headers["phideid-error-class"] == type(error).__name__.encode()
    assert headers["phideid-error-code"] == error.code.encode()
    assert headers["phideid-error-reason"] and b"JSON" in headers["phideid-error-reason"]
    assert headers["phideid-error-stage"] == b"deidentify"
    assert headers["phideid-source"] == b"fhir.raw/0/3"
    assert headers["content-type"] == b"application/fhir+json"
    for _, value in headers.items():
        for phi in (b"Smith", b"John", b"00482913", b"Patient"):
            assert phi not in value


def test_dead_letter_of_an_unsupported_content_type(result):
    record = rec(headers=[("content-type", b"image/png")])
    with pytest.raises(UnsupportedContentType) as info:
        to_payload(record)
    headers = as_dict(dead_letter_headers(record, info.value, "content-type"))
    assert headers["phideid-error-code"] == b"unsupported_content_type"
    assert headers["phideid-error-class"] == b"UnsupportedContentType"
    assert headers["phideid-error-stage"] == b"content-type"


def test_dead_letter_does_not_copy_a_content_type_that_is_no_media_type():
    record = rec(headers=[("content-type", b"Patient John Smith")])
    with pytest.raises(UnsupportedContentType) as info:
        to_payload(record)
    for _, value in dead_letter_headers(record, info.value, "content-type"):
        assert b"Smith" not in value


def test_reason_is_bounded_and_on_one_line():
    error = InputError("bad segment\n" + "x" * (3 * MAX_REASON))
    reason = reason_text(error)
    assert len(reason) == MAX_REASON
    assert reason.startswith("bad segment x")
    header = dict(dead_letter_headers(rec(), error, "read"))["phideid-error-reason"]
    assert len(header.decode()) <= MAX_REASON and b"\n" not in header


def test_error_without_code_is_named_by_its_class():
    headers = dict(dead_letter_headers(rec(), ValueError("boom"), "produce"))
    assert headers["phideid-error-code"] == b"ValueError"
    assert headers["phideid-error-class"] == b"ValueError"


# -- output key --------------------------------------------------------------------------------------
def test_key_mode_keep_returns_the_key_unchanged():
    assert output_key(b"MRN-00482913", "keep", b"s" * 32) == b"MRN-00482913"


def test_key_token_is_deterministic_keyed_and_hides_the_key():
    key, secret = b"MRN-00482913", b"s" * 32
    token = output_key(key, "token", secret)
    assert token == output_key(key, "token", secret)  # same key, same partition: order holds
    assert token != output_key(key, "token", b"t" * 32)
    assert token != output_key(b"MRN-00482914", "token", secret)
    assert key not in token and b"00482913" not in token
    assert token.startswith(b"K-") and len(token) == 34


def test_key_token_does_not_change_across_versions():
    # a worker upgraded mid-stream must map a key to the same token, or one key's records change partition
    assert output_key(b"MRN-00482913", "token", b"s" * 32) == b"K-fe9c9a98e352bcf2a31442ab888c3ec9"


def test_a_null_key_stays_null():
    assert output_key(None, "token", b"s" * 32) is None
    assert output_key(None, "keep", b"s" * 32) is None


def test_unknown_key_mode_is_refused():
    with pytest.raises(ValueError, match="hash"):
        output_key(b"k", "hash", b"s" * 32)


# -- offsets -----------------------------------------------------------------------------------------
def test_offsets_of_a_batch_over_several_partitions():
    records = [rec(topic="a", partition=0, offset=5), rec(topic="a", partition=1, offset=9),
               rec(topic="a", partition=0, offset=6), rec(topic="b", partition=0, offset=100),
               rec(topic="a", partition=0, offset=7), rec(topic="a", partition=1, offset=10)]
    assert offsets_to_commit(records) == {("a", 0): 8, ("a", 1): 11, ("b", 0): 101}
    assert first_offsets(records) == {("a", 0): 5, ("a", 1): 9, ("b", 0): 100}


def test_offsets_do_not_depend_on_record_order():
    records = [rec(topic="a", partition=0, offset=o) for o in (12, 10, 11)]
    assert offsets_to_commit(records) == {("a", 0): 13}
    assert first_offsets(records) == {("a", 0): 10}


def test_offsets_of_an_empty_batch():
    assert offsets_to_commit([]) == {} and first_offsets([]) == {}
