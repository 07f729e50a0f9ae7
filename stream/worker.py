"""The stream worker: consume, de-identify, produce, commit, in Kafka transactions (exactly once).

One loop, one transactional producer per worker (KIP-447: zombies are fenced through the consumer group
metadata sent with the offsets; the transactional id is stable across restarts, so a restarted worker
aborts what its crashed predecessor left open):

1. consume up to ``batch_size`` records, waiting at most ``batch_wait_ms``;
2. de-identify them in one ``deidentify_payloads`` call (one model call for all their free text), before
   any transaction opens, so a slow model never holds one open;
3. begin; produce each output (or dead letter); ``send_offsets_to_transaction``; commit.

Output and input offsets commit together, or neither does: on an abortable error the transaction is
aborted, the consumer is rewound to the batch's first offsets and the batch is redone; on a fatal producer
error the producer is recreated first. A record that cannot be de-identified (unreadable, too large,
refused) goes to the dead-letter topic in the same transaction, with reasons that never quote it. A model
or vault failure that is not one record's fault is retried with back-off, never dead-lettered.

Shutdown (``stop`` set, e.g. by SIGTERM) happens between batches: the batch in flight commits first.
Rebalances (cooperative-sticky) also happen between batches, inside ``consume``, when no transaction is
open; a commit that loses its partitions anyway fails, is aborted, and the new owner redoes the batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition

from phideid.audit import AuditTrail, deidentification_event, open_trail
from phideid.deidentifier import Deidentifier, Payload, PayloadResult
from phideid.errors import AuditError, DetectionError, InputError, PhideidError, VaultError
from phideid.formats.media import UnsupportedContentType
from stream.messages import (
    Record,
    dead_letter_headers,
    error_code,
    first_offsets,
    offsets_to_commit,
    output_headers,
    output_key,
    to_payload,
)
from stream.metrics import StreamMetrics
from stream.settings import StreamSettings

log = logging.getLogger("phideid.stream")

#: not one record's fault: redo the batch later rather than dead-letter good records
INFRASTRUCTURE_ERRORS = (DetectionError, VaultError)
MAX_BACKOFF_S = 30.0
LAG_EVERY_S = 5.0


class StreamError(PhideidError):
    """The worker cannot go on (fenced by another instance, a fatal broker error)."""

    code = "stream_error"


@dataclass(frozen=True)
class Outcome:
    """What to produce for one record: a de-identified output, or a dead letter."""

    record: Record
    result: PayloadResult | None = None
    error: BaseException | None = None
    stage: str = "deidentify"


def to_record(message: Message) -> Record:
    return Record(message.topic(), message.partition(), message.offset(), message.key(), message.value(),
                  list(message.headers() or []))


class StreamWorker:
    """Runs the consume-transform-produce loop until ``stop`` is set.

    Parameters
    ----------
    engine
        The de-identification engine, built once by the composition root.
    settings
        Topics, group, batching and Kafka client settings.
    metrics
        Where counts and latencies go (a fresh registry by default).
    """

    def __init__(self, engine: Deidentifier, settings: StreamSettings,
                 metrics: StreamMetrics | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 trail: AuditTrail | None = None):
        self.engine = engine
        self.trail = trail or open_trail()
        self.settings = settings
        self.metrics = metrics or StreamMetrics()
        self.sleep = sleep
        self.detectors = ",".join(self._detector_versions())
        self._key_secret = engine.vault.surrogate_key()
        if settings.policy:
            engine.policy(settings.policy)  # a bad policy stops start-up, not every record
        self.consumer: Consumer | None = None
        self.producer: Producer | None = None
        self._lag_at = 0.0

    # -- set-up ------------------------------------------------------------------------------------
    def _detector_versions(self) -> list[str]:
        names = []
        for d in self.engine.detectors:
            info = getattr(d, "info", None)
            version = getattr(info, "version", None)
            names.append(f"{d.name}:{version}" if version else d.name)
        return names

    def _new_consumer(self) -> Consumer:
        conf = {
            "partition.assignment.strategy": "cooperative-sticky",
            "auto.offset.reset": "earliest",
            "bootstrap.servers": self.settings.bootstrap,
            **self.settings.consumer_kafka(),
            "group.id": self.settings.group,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "isolation.level": "read_committed",
        }
        consumer = Consumer(conf, logger=log)
        consumer.subscribe(self.settings.input_topics, on_assign=self._on_assign,
                           on_revoke=self._on_revoke, on_lost=self._on_lost)
        return consumer

    def _new_producer(self) -> Producer:
        conf = {
            # longer than a batch's commit may take, so a live worker's transaction is never expired
            "transaction.timeout.ms": int(self.settings.transaction_timeout_s * 2000),
            "bootstrap.servers": self.settings.bootstrap,
            **self.settings.producer_kafka(),
            "transactional.id": self.settings.transactional,
            "enable.idempotence": True,
        }
        producer = Producer(conf, logger=log)
        try:
            producer.init_transactions(self.settings.transaction_timeout_s)
        except KafkaException as exc:
            raise StreamError(f"cannot initialise transactions as {self.settings.transactional!r} "
                              f"({exc.args[0].name()})") from None
        return producer

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.info("partitions assigned", extra={"fields": {"partitions": _names(partitions)}})

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        # no transaction is open here: consume() runs between batches
        log.info("partitions revoked", extra={"fields": {"partitions": _names(partitions)}})
        for tp in partitions:
            try:
                self.metrics.lag.remove(tp.topic, str(tp.partition))
            except KeyError:
                pass

    def _on_lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.warning("partitions lost", extra={"fields": {"partitions": _names(partitions)}})

    # -- the loop ----------------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        self.producer = self._new_producer()
        self.consumer = self._new_consumer()
        log.info("worker started", extra={"fields": {
            "topics": self.settings.input_topics, "output": self.settings.output_topic,
            "dlq": self.settings.dlq_topic, "group": self.settings.group,
            "transactional_id": self.settings.transactional, "batch_size": self.settings.batch_size,
            "detectors": self.detectors}})
        backoff = 0.0
        try:
            while not stop.is_set():
                messages = self.consumer.consume(self.settings.batch_size, self.settings.batch_wait_ms / 1000)
                records = self._records(messages)
                if records:
                    try:
                        self.process(records)
                        backoff = 0.0
                    except _Retry as retry:
                        self._rewind(records)
                        self.metrics.retries.labels(retry.code).inc()
                        backoff = min(MAX_BACKOFF_S, max(0.5, backoff * 2))
                        log.warning("batch will be redone", extra={"fields": {
                            "reason": retry.code, "records": len(records), "backoff_s": backoff}})
                        stop.wait(backoff)
                self._update_lag()
        finally:
            self.close()

    def close(self) -> None:
        self.trail.close()
        if self.consumer is not None:
            self.consumer.close()  # leaves the group; offsets are committed only by transactions
            self.consumer = None
        if self.producer is not None:
            self.producer.flush(10)
            self.producer = None
        log.info("worker stopped")

    def _records(self, messages: Sequence[Message]) -> list[Record]:
        records = []
        for m in messages:
            err = m.error()
            if err is None:
                records.append(to_record(m))
                self.metrics.consumed.labels(m.topic()).inc()
            elif err.code() != KafkaError._PARTITION_EOF:
                if err.fatal():
                    raise StreamError(f"the consumer failed: {err.name()}")
                log.warning("consumer error", extra={"fields": {"error": err.name()}})
        return records

    # -- one batch ---------------------------------------------------------------------------------
    def process(self, records: Sequence[Record]) -> None:
        """De-identify ``records`` and commit their outputs, dead letters and offsets in one transaction."""
        started = time.perf_counter()
        outcomes = self.deidentify(records)
        self._audit(outcomes)
        try:
            self._transaction(records, outcomes)
        except KafkaException as exc:
            err = exc.args[0]
            self.metrics.aborted.labels(err.name()).inc()
            log.warning("transaction aborted; batch redone", extra={"fields": {
                "error": err.name(), "records": len(records), "fatal": err.fatal()}})
            self._abort(err)
            self._rewind(records)
            return  # the rewound records come back through consume(), to whoever owns them now
        self.metrics.batch_seconds.observe(time.perf_counter() - started)
        self.metrics.batch_messages.observe(len(records))
        for o in outcomes:
            if o.result is not None:
                self.metrics.produced.labels(o.result.format or "unknown").inc()
            else:
                self.metrics.dead_lettered.labels(error_code(o.error)).inc()
        log.info("batch committed", extra={"fields": {
            "records": len(records), "dead_letters": sum(o.result is None for o in outcomes),
            "seconds": round(time.perf_counter() - started, 4), "offsets": _offsets(records)}})

    def _audit(self, outcomes: Sequence[Outcome]) -> None:
        """One audit record per batch, before the transaction commits: no record, no output. A batch the
        broker aborts and redoes is recorded again (the trail counts attempts)."""
        results = [o.result for o in outcomes if o.result is not None]
        refused: dict[str, int] = {}
        for o in outcomes:
            if o.result is None:
                refused[error_code(o.error)] = refused.get(error_code(o.error), 0) + 1
        event = deidentification_event("stream", f"stream:{self.settings.group}", results,
                                       detectors=self.detectors, errors=refused)
        try:
            self.trail.append(event)
        except AuditError:
            raise _Retry(AuditError.code) from None

    def deidentify(self, records: Sequence[Record]) -> list[Outcome]:
        """One engine call for the batch; records that fail alone become dead letters."""
        outcomes: list[Outcome | None] = [None] * len(records)
        todo: list[int] = []
        payloads = []
        for i, record in enumerate(records):
            if record.value is None:
                outcomes[i] = Outcome(record, error=InputError("the record has no value"), stage="read")
                continue
            try:
                payloads.append(to_payload(record))
                todo.append(i)
            except UnsupportedContentType as exc:
                outcomes[i] = Outcome(record, error=exc, stage="content-type")
        if self.settings.policy:
            payloads = [replace(p, policy=self.settings.policy) for p in payloads]
        for i, result in zip(todo, self._run_engine(payloads), strict=True):
            if result.error is None:
                outcomes[i] = Outcome(records[i], result=result)
            else:
                outcomes[i] = Outcome(records[i], error=result.error)
        return [o for o in outcomes if o is not None]

    def _run_engine(self, payloads: list[Payload]) -> list[PayloadResult]:
        results = self._engine_call(payloads)
        failed = [i for i, r in enumerate(results) if isinstance(r.error, INFRASTRUCTURE_ERRORS)]
        if not failed:
            return results
        if len(payloads) > 1:
            # one record may have broken the model for all: retry alone, so only its own failure remains
            alone = [self._engine_call([payloads[i]])[0] for i in failed]
            if any(not isinstance(r.error, INFRASTRUCTURE_ERRORS) for r in alone):
                for i, r in zip(failed, alone, strict=True):
                    results[i] = r
                return results
        raise _Retry(error_code(results[failed[0]].error))

    def _engine_call(self, payloads: list[Payload]) -> list[PayloadResult]:
        try:
            return self.engine.deidentify_payloads(payloads)
        except INFRASTRUCTURE_ERRORS as exc:
            return [PayloadResult(None, p.format, None, exc) for p in payloads]

    def _transaction(self, records: Sequence[Record], outcomes: Sequence[Outcome]) -> None:
        producer = self.producer
        timeout = self.settings.transaction_timeout_s
        producer.begin_transaction()
        for o in outcomes:
            self._produce(o)
        offsets = [TopicPartition(t, p, o) for (t, p), o in offsets_to_commit(records).items()]
        producer.send_offsets_to_transaction(offsets, self.consumer.consumer_group_metadata(), timeout)
        for attempt in range(5):
            try:
                producer.commit_transaction(timeout)
                return
            except KafkaException as exc:
                if not exc.args[0].retriable() or attempt == 4:
                    raise

    def _produce(self, outcome: Outcome) -> None:
        record = outcome.record
        key = output_key(record.key, self.settings.key_mode, self._key_secret)
        if outcome.result is not None:
            headers = output_headers(record, outcome.result, self.detectors, self.settings.keep_headers)
            try:
                self._send(self.settings.output_topic, key, outcome.result.data, headers)
                return
            except KafkaException as exc:
                if exc.args[0].code() != KafkaError.MSG_SIZE_TOO_LARGE:
                    raise
                outcome = Outcome(record, error=InputError("the de-identified record is larger than the "
                                                           "producer's message.max.bytes"), stage="produce")
        value = record.value if self.settings.dlq_payload else None
        self._send(self.settings.dlq_topic, record.key,
                   value, dead_letter_headers(record, outcome.error, outcome.stage))

    def _send(self, topic: str, key: bytes | None, value: bytes | None, headers: list) -> None:
        while True:
            try:
                self.producer.produce(topic, value=value, key=key, headers=headers)
                self.producer.poll(0)
                return
            except BufferError:  # the local queue is full: let deliveries drain
                self.producer.poll(0.1)

    def _abort(self, err: KafkaError) -> None:
        if err.fatal():
            if err.code() in (KafkaError._FENCED, KafkaError.PRODUCER_FENCED):
                raise StreamError(f"fenced: another worker uses transactional id "
                                  f"{self.settings.transactional!r}; give each its own (--transactional-id)")
            self.producer = self._new_producer()  # init_transactions aborts what was open
            return
        try:
            self.producer.abort_transaction(self.settings.transaction_timeout_s)
        except KafkaException as exc:
            if not exc.args[0].fatal():
                raise
            self.producer = self._new_producer()

    def _rewind(self, records: Sequence[Record]) -> None:
        """Seek back to the batch's first offsets, on the partitions this worker still owns."""
        owned = {(tp.topic, tp.partition) for tp in self.consumer.assignment()}
        for (topic, partition), offset in first_offsets(records).items():
            if (topic, partition) in owned:
                self.consumer.seek(TopicPartition(topic, partition, offset))

    def _update_lag(self) -> None:
        # cached: the high watermark of the last fetch response, so no broker round trip stalls the loop
        now = time.monotonic()
        if now - self._lag_at < LAG_EVERY_S:
            return
        self._lag_at = now
        try:
            for tp in self.consumer.position(self.consumer.assignment()):
                _, high = self.consumer.get_watermark_offsets(tp, cached=True)
                if tp.offset >= 0 and high >= 0:
                    self.metrics.lag.labels(tp.topic, str(tp.partition)).set(max(0, high - tp.offset))
        except KafkaException:
            pass  # lag is best effort: some brokers do not report watermarks reliably


class _Retry(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _names(partitions: Sequence[TopicPartition]) -> list[str]:
    return [f"{tp.topic}/{tp.partition}" for tp in partitions]


def _offsets(records: Sequence[Record]) -> dict[str, list[int]]:
    first = first_offsets(records)
    return {f"{t}/{p}": [o, end - 1] for (t, p), end in offsets_to_commit(records).items()
            for o in [first[(t, p)]]}


__all__ = ["INFRASTRUCTURE_ERRORS", "Outcome", "StreamError", "StreamWorker", "to_record"]
