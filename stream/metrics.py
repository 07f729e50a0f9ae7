"""Prometheus metrics of a stream worker, on their own registry (several workers may share a process).

Labels carry topic names, formats and error codes only: never a key, a value or a reason text.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

BATCH_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


class StreamMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.consumed = Counter("phideid_stream_messages_in", "Records consumed", ["topic"], registry=r)
        self.produced = Counter("phideid_stream_messages_out", "De-identified records committed",
                                ["format"], registry=r)
        self.dead_lettered = Counter("phideid_stream_dead_letters", "Records committed to the dead-letter "
                                     "topic, by error code", ["reason"], registry=r)
        self.aborted = Counter("phideid_stream_transactions_aborted", "Transactions aborted (their batch is "
                               "redone), by Kafka error name", ["cause"], registry=r)
        self.retries = Counter("phideid_stream_batch_retries", "Batches redone after an infrastructure "
                               "failure (model or vault), by error code", ["reason"], registry=r)
        self.batch_seconds = Histogram("phideid_stream_batch_seconds", "Consume-to-commit time of a batch",
                                       buckets=BATCH_BUCKETS, registry=r)
        self.batch_messages = Histogram("phideid_stream_batch_messages", "Records per batch",
                                        buckets=SIZE_BUCKETS, registry=r)
        self.lag = Gauge("phideid_stream_consumer_lag", "High watermark minus position, where the broker "
                         "reports it", ["topic", "partition"], registry=r)

    def serve(self, host: str, port: int):
        """Expose ``/metrics`` over HTTP; returns the server (``shutdown()`` stops it)."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        return server


__all__ = ["StreamMetrics"]
