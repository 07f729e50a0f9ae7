"""Kafka records <-> engine payloads, as pure functions: no client, no I/O.

Input: the format comes from the ``content-type`` header when there is one, else it is sniffed. Output
keeps the key, carries the same content-type and headers naming the policy, the detectors and model, the
engine version and where the record came from (topic, partition, offset). Input headers are *not* copied
(a producer may put a patient id in one) unless named in ``keep_headers``. A dead letter keeps the key and
says why in headers: the error class and the engine's reason, which never quotes the payload; the payload
itself is attached only when the operator allows it, since it holds PHI.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from phideid.deidentifier import ENGINE_VERSION, Payload, PayloadResult
from phideid.formats.media import FORMAT_MEDIA, format_of, safe_content_type

CONTENT_TYPE = "content-type"
MAX_REASON = 400  # characters of an error message in a dead-letter header

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Record:
    """What the worker needs of one consumed Kafka record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Headers

    def header(self, name: str) -> bytes | None:
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def source(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"


def record_format(record: Record) -> str | None:
    """The engine format named by the record's content-type; None when it has none (sniff)."""
    return format_of(record.header(CONTENT_TYPE))


def to_payload(record: Record) -> Payload:
    """The engine payload of a record (raises ``UnsupportedContentType``)."""
    return Payload(record.value or b"", format=record_format(record))


def output_headers(record: Record, result: PayloadResult, detectors: str,
                   keep_headers: Iterable[str] = ()) -> Headers:
    """A de-identified record's headers: content-type, provenance, versions; input headers only if kept."""
    keep = {h.lower() for h in keep_headers}
    headers: Headers = [(k, v) for k, v in record.headers if k.lower() in keep and k.lower() != CONTENT_TYPE]
    media = safe_content_type(record.header(CONTENT_TYPE))
    media = media or FORMAT_MEDIA.get(result.format or "", "").encode()
    if media:
        headers.append((CONTENT_TYPE, media))
    policy = result.report.policy if result.report else {}
    headers += [
        ("phideid-format", (result.format or "").encode()),
        ("phideid-policy", f"{policy.get('name', '')}@{policy.get('version', '')}".encode()),
        ("phideid-detectors", detectors.encode()),
        ("phideid-engine", ENGINE_VERSION.encode()),
        ("phideid-source", record.source.encode()),
    ]
    return headers


def reason_text(error: BaseException) -> str:
    """The engine's message for ``error``, bounded; phideid's errors never quote a payload."""
    text = " ".join(str(error).split())
    return text[:MAX_REASON]


def error_code(error: BaseException) -> str:
    return getattr(error, "code", None) or type(error).__name__


def dead_letter_headers(record: Record, error: BaseException, stage: str) -> Headers:
    """Why a record was dead-lettered: class, code, reason, where it came from; nothing of the payload."""
    headers: Headers = [
        ("phideid-error-class", type(error).__name__.encode()),
        ("phideid-error-code", error_code(error).encode()),
        ("phideid-error-reason", reason_text(error).encode()),
        ("phideid-error-stage", stage.encode()),
        ("phideid-engine", ENGINE_VERSION.encode()),
        ("phideid-source", record.source.encode()),
    ]
    media = safe_content_type(record.header(CONTENT_TYPE))
    if media is not None:
        headers.append((CONTENT_TYPE, media))
    return headers


def output_key(key: bytes | None, mode: str, secret: bytes) -> bytes | None:
    """The output key: kept as is, or a keyed token (same input key, same token: partition order holds)."""
    if key is None or mode == "keep":
        return key
    if mode == "token":
        return b"K-" + hmac.new(secret, b"kafka-key\x00" + key, hashlib.sha256).hexdigest()[:32].encode()
    raise ValueError(f"unknown key mode {mode!r}")


def offsets_to_commit(records: Sequence[Record]) -> dict[tuple[str, int], int]:
    """Per (topic, partition): the offset after the last record of the batch."""
    commit: dict[tuple[str, int], int] = {}
    for r in records:
        tp = (r.topic, r.partition)
        commit[tp] = max(commit.get(tp, -1), r.offset + 1)
    return commit


def first_offsets(records: Sequence[Record]) -> dict[tuple[str, int], int]:
    """Per (topic, partition): the batch's first offset, where to rewind to after an aborted transaction."""
    first: dict[tuple[str, int], int] = {}
    for r in records:
        tp = (r.topic, r.partition)
        first[tp] = min(first.get(tp, r.offset), r.offset)
    return first


__all__ = [
    "CONTENT_TYPE", "Record", "dead_letter_headers", "error_code", "first_offsets", "offsets_to_commit",
    "output_headers", "output_key", "reason_text", "record_format", "to_payload",
]
