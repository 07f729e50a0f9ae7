"""The REST edge of phideid: ``POST /deidentify`` (notes, HL7 v2, FHIR, DICOM, JSON envelopes) and friends.

Modules, one job each: ``settings`` (typed settings from environment and command line), ``auth`` (API
keys, the loopback rule), ``problems`` (RFC 7807 documents from errors), ``body`` (size-limited reading),
``schemas`` (JSON envelopes in and out), ``batcher`` (concurrent requests gathered into micro-batches for
one engine call), ``metrics`` and ``access`` (Prometheus and request logs without PHI), ``routes`` and
``health`` (the routers), ``openapi`` (request examples), ``app`` (the app factory), ``cli``
(``phideid serve``) and ``bench`` (``phideid api-bench``).
"""
