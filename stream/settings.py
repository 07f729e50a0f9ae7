"""Settings of ``phideid stream``, as validated data.

Each setting comes from (later wins): its default, the ``stream:`` section of the phideid config file,
``PHIDEID_STREAM_<NAME>`` environment variables, then the command line. Kafka client settings (SASL, SSL,
timeouts...) pass through unchanged from ``stream.kafka`` in the file, ``PHIDEID_KAFKA_<NAME>`` variables
(``PHIDEID_KAFKA_SASL_MECHANISM=PLAIN`` sets ``sasl.mechanism``) and ``-X name=value`` options, except the
few that exactly-once processing depends on, which phideid sets itself.

::

    # phideid.yaml
    stream:
      bootstrap: kafka-1.hospital.local:9093
      input_topics: [adt.raw, notes.raw]
      output_topic: deid.out
      dlq_topic: deid.dlq
      batch_size: 64
      kafka: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512}
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from phideid.config import validated
from phideid.errors import ConfigError

ENV_PREFIX = "PHIDEID_STREAM_"
KAFKA_ENV_PREFIX = "PHIDEID_KAFKA_"
#: client settings exactly-once depends on: phideid sets them, a pass-through may not change them
RESERVED_KAFKA = frozenset({
    "enable.auto.commit", "enable.auto.offset.store", "isolation.level", "transactional.id",
    "enable.idempotence", "group.id", "bootstrap.servers",
})
#: client settings only one side reads (librdkafka warns when the other is given them)
CONSUMER_ONLY = frozenset({
    "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset",
    "partition.assignment.strategy", "group.instance.id", "group.protocol", "group.protocol.type",
    "coordinator.query.interval.ms", "auto.commit.interval.ms", "queued.min.messages",
    "queued.max.messages.kbytes", "fetch.wait.max.ms", "fetch.min.bytes", "fetch.max.bytes",
    "fetch.message.max.bytes", "fetch.error.backoff.ms", "enable.partition.eof", "check.crcs",
})
PRODUCER_ONLY = frozenset({
    "transaction.timeout.ms", "acks", "request.required.acks", "linger.ms", "queue.buffering.max.ms",
    "queue.buffering.max.messages", "queue.buffering.max.kbytes", "batch.num.messages", "batch.size",
    "compression.type", "compression.codec", "compression.level", "message.timeout.ms",
    "delivery.timeout.ms", "request.timeout.ms", "retries", "message.send.max.retries", "partitioner",
})


class StreamSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bootstrap: str = Field(min_length=1)
    input_topics: list[str] = Field(min_length=1)
    output_topic: str = Field(min_length=1)
    dlq_topic: str = Field(min_length=1)
    group: str = "phideid"
    policy: str | None = None  # None: the engine config's policy
    batch_size: int = Field(64, ge=1, le=10_000)  # messages per transaction and engine call
    batch_wait_ms: int = Field(100, ge=0, le=60_000)  # how long to wait for a batch to fill
    # stable across restarts, so a restarted worker fences its own unfinished transaction; one per worker
    transactional_id: str | None = None
    key_mode: Literal["keep", "token"] = "keep"  # token: a keyed HMAC, if keys may carry identifiers
    keep_headers: list[str] = Field(default_factory=list)  # input headers copied to the output
    dlq_payload: bool = False  # attach the original payload to dead letters (it holds PHI)
    metrics_port: int | None = Field(None, ge=0, le=65535)  # None: no metrics endpoint
    metrics_host: str = "127.0.0.1"
    transaction_timeout_s: float = Field(30.0, gt=0)
    kafka: dict[str, str | int | float | bool] = Field(default_factory=dict)

    @field_validator("kafka")
    @classmethod
    def _no_reserved(cls, value: dict[str, object]) -> dict[str, object]:
        reserved = sorted(RESERVED_KAFKA & set(value))
        if reserved:
            raise ValueError(f"{', '.join(reserved)}: set by phideid for exactly-once processing")
        return value

    @field_validator("input_topics", "keep_headers", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def consumer_kafka(self) -> dict[str, object]:
        return {k: v for k, v in self.kafka.items() if k not in PRODUCER_ONLY}

    def producer_kafka(self) -> dict[str, object]:
        return {k: v for k, v in self.kafka.items() if k not in CONSUMER_ONLY}

    @property
    def transactional(self) -> str:
        return self.transactional_id or f"phideid-{self.group}-{socket.gethostname()}"


def from_env(env: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """Settings and Kafka client settings named by ``PHIDEID_STREAM_*`` and ``PHIDEID_KAFKA_*``."""
    settings: dict[str, object] = {}
    kafka: dict[str, str] = {}
    fields = set(StreamSettings.model_fields) - {"kafka"}
    for var, value in env.items():
        if var.startswith(ENV_PREFIX):
            name = var[len(ENV_PREFIX):].lower()
            if name not in fields:
                raise ConfigError(f"{var} is not a stream setting; known: "
                                  f"{', '.join(ENV_PREFIX + f.upper() for f in sorted(fields))}")
            settings[name] = value
        elif var.startswith(KAFKA_ENV_PREFIX):
            kafka[var[len(KAFKA_ENV_PREFIX):].lower().replace("_", ".")] = value
    return settings, kafka


def build_settings(file_section: Mapping[str, object], env: Mapping[str, str],
                   cli: Mapping[str, object], cli_kafka: Mapping[str, str]) -> StreamSettings:
    """Merge file, environment and command line (later wins) and validate."""
    data: dict[str, object] = dict(file_section)
    kafka = dict(data.pop("kafka", None) or {})
    env_settings, env_kafka = from_env(env)
    data.update(env_settings)
    data.update({k: v for k, v in cli.items() if v is not None})
    kafka.update(env_kafka)
    kafka.update(cli_kafka)
    data["kafka"] = kafka
    return validated(StreamSettings, data, "stream settings")


__all__ = ["KAFKA_ENV_PREFIX", "ENV_PREFIX", "RESERVED_KAFKA", "StreamSettings", "build_settings", "from_env"]
