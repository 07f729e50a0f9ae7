"""Prometheus metrics of the API, on their own registry (tests build several apps in one process).

Labels carry route templates, methods, status codes, formats and error codes only: never a path with a
value in it, a query string, a patient id or a policy path. With ``--workers N`` each process counts its
own requests (a scrape reaches one of them).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


class ApiMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.requests = Counter("phideid_api_requests", "HTTP requests answered, by route template, method "
                                "and status", ["route", "method", "status"], registry=r)
        self.latency = Histogram("phideid_api_request_seconds", "Time to answer a request, by route template",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=r)
        self.documents = Counter("phideid_api_documents", "Documents de-identified, by format",
                                 ["format"], registry=r)
        self.failures = Counter("phideid_api_document_failures", "Documents refused, by error code",
                                ["code"], registry=r)
        self.batch_items = Histogram("phideid_api_request_documents", "Documents per POST /deidentify/batch",
                                     buckets=SIZE_BUCKETS, registry=r)
        self.micro_batch = Histogram("phideid_api_micro_batch_documents", "Documents per engine pass (the "
                                     "micro-batch gathered from concurrent requests)", buckets=SIZE_BUCKETS,
                                     registry=r)
        self.micro_batch_seconds = Histogram("phideid_api_micro_batch_seconds", "Time of one engine pass",
                                             buckets=LATENCY_BUCKETS, registry=r)

    def on_batch(self, size: int, seconds: float) -> None:
        self.micro_batch.observe(size)
        self.micro_batch_seconds.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


__all__ = ["ApiMetrics"]
