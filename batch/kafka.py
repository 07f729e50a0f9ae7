"""``phideid batch INPUT --to-kafka TOPIC``: publish an archive's raw records for the stream workers.

This is how to re-process an archive larger than one machine: every file (and every row of a JSONL/CSV
archive) becomes one record on TOPIC, and as many ``phideid stream`` workers as needed, on as many
machines, share its partitions in one consumer group, de-identify exactly once, and write the output and
dead-letter topics. Nothing is de-identified here.

Each record's key is the file's path relative to INPUT (for archive rows: the id column, else
``PATH#ROW``), and its ``content-type`` header names the format (``phideid.formats.media.FORMAT_MEDIA``:
from the extension, or sniffed for files without one). No other header is sent: a path can name a patient
(``Smith_John_discharge.txt``) and the stream worker keeps keys on its outputs and dead letters, so the key
is the one place it travels. Give the topic the access rules of the archive itself, and run the workers
with ``--key-mode token`` when file names or ids may hold PHI. The archive's other columns (and its
patient column) are not sent: the stream worker drops input headers, so a patient key cannot travel with
a row; rows of one patient are pseudonymised consistently only within a structured payload.

The producer is idempotent (``enable.idempotence``: no duplicates from its own retries) and flushed before
the counts are printed. Publishing is not resumable: a rerun publishes everything again, under the same
keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from batch.inputs import ArchiveColumns, Source, discover, read_rows
from phideid.errors import ConfigError, InputError, PhideidError
from phideid.formats import build_handlers, sniff_format
from phideid.formats.media import FORMAT_MEDIA

#: settings phideid sets for at-least-once, duplicate-free publishing; -X may not weaken them
RESERVED = {"enable.idempotence": True, "acks": "all"}


@dataclass
class Published:
    sent: int = 0
    failed: int = 0
    unsupported: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, object]] = field(default_factory=list)  # for the local error file only

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def fail(self, path: str, error: PhideidError, row: int | None = None) -> None:
        self.failed += 1
        self.codes[error.code] = self.codes.get(error.code, 0) + 1
        entry: dict[str, object] = {"path": path, "error": error.__class__.__name__, "code": error.code,
                                    "reason": str(error)}
        if row is not None:
            entry["row"] = row
        self.failures.append(entry)


class PublishError(PhideidError):
    """The broker did not take a record (too large, topic not writable, broker down)."""

    code = "publish_error"


def publish(input_path: Path, topic: str, bootstrap: str, client: Mapping[str, str],
            columns: ArchiveColumns, errors_file: Path | None = None, timeout: float = 60.0) -> Published:
    from confluent_kafka import KafkaException, Producer

    clash = sorted(set(client) & set(RESERVED))
    if clash:
        raise ConfigError(f"these Kafka settings are phideid's for batch publishing: {', '.join(clash)}")
    try:
        producer = Producer({**client, **RESERVED, "bootstrap.servers": bootstrap})
    except KafkaException as exc:
        raise ConfigError(f"invalid Kafka settings ({exc.args[0].name()})") from None
    handlers = build_handlers()
    done = Published()

    def send(key: str, value: bytes, fmt: str | None, path: str, row: int | None = None) -> None:
        headers = [("content-type", FORMAT_MEDIA[fmt].encode())] if fmt else []

        def delivered(err, _msg) -> None:
            if err is None:
                done.sent += 1
            else:  # the error's name only: its text could echo broker-side detail
                done.fail(path, PublishError(f"the broker refused the record ({err.name()})"), row)

        while True:
            try:
                producer.produce(topic, value=value, key=key.encode("utf-8"), headers=headers,
                                 on_delivery=delivered)
                break
            except BufferError:  # the local queue is full: let deliveries drain
                producer.poll(0.5)
            except KafkaException as exc:
                done.fail(path, PublishError(f"the record cannot be produced ({exc.args[0].name()})"), row)
                break
        producer.poll(0)

    for source in discover(input_path):
        if source.kind == "unsupported":
            done.unsupported += 1
        elif source.kind == "archive":
            _publish_rows(source, columns, send, done)
        else:
            try:
                data = source.path.read_bytes()
            except OSError as exc:
                done.fail(source.rel, InputError(f"cannot read the file ({exc.strerror})"))
                continue
            fmt = source.format or _sniffed(data, handlers)
            send(source.rel, data, fmt, source.rel)
    left = producer.flush(timeout)
    if left:
        done.failed += left
        done.codes["publish_timeout"] = done.codes.get("publish_timeout", 0) + left
    if errors_file is not None:
        errors_file.write_text("".join(json.dumps(f) + "\n" for f in done.failures), encoding="utf-8")
    return done


def _sniffed(data: bytes, handlers) -> str | None:
    # a file without an extension: name its format when it is recognised, else let the worker sniff
    try:
        name = sniff_format(data, handlers)
    except PhideidError:
        return None
    return name if name in FORMAT_MEDIA and name != "text" else None


def _publish_rows(source: Source, columns: ArchiveColumns, send, done: Published) -> None:
    try:
        for row in read_rows(source.path, columns):
            if row.problem is not None:
                done.fail(source.rel, row.problem, row.number)
                continue
            ident = row.ident(columns)
            key = str(ident) if ident not in (None, "") else f"{source.rel}#{row.number}"
            send(key, (row.text or "").encode("utf-8"), "text", source.rel, row.number)
    except InputError as exc:
        done.fail(source.rel, exc)
    except OSError as exc:
        done.fail(source.rel, InputError(f"cannot read the archive ({exc.strerror})"))


__all__ = ["Published", "PublishError", "RESERVED", "publish"]
