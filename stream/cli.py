"""``phideid stream``: the composition root of the Kafka worker.

It builds the engine from the phideid config, the stream settings (file, environment, command line),
JSON logging and the metrics endpoint, then runs the worker until SIGTERM or SIGINT; the batch in flight
commits before it stops.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
from collections.abc import Sequence

from phideid.compose import build_audit_trail, build_deidentifier
from phideid.config import load_config
from phideid.errors import ConfigError
from stream.logs import setup_json_logging
from stream.metrics import StreamMetrics
from stream.settings import build_settings
from stream.worker import StreamWorker

log = logging.getLogger("phideid.stream")


def _client_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError("expected NAME=VALUE, e.g. -X security.protocol=SASL_SSL")
    return name.strip(), value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid stream",
        description="De-identify records from Kafka topics into an output topic, exactly once, with a "
                    "dead-letter topic. Every option can also be set as PHIDEID_STREAM_<NAME> or in the "
                    "config file's 'stream:' section; Kafka client settings as -X, PHIDEID_KAFKA_<NAME> or "
                    "stream.kafka.")
    p.add_argument("--config", help="phideid config file (default: $PHIDEID_CONFIG)")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers, HOST:PORT[,...]")
    p.add_argument("--input-topic", dest="input_topics", action="append", help="repeat for several")
    p.add_argument("--output-topic")
    p.add_argument("--dlq-topic")
    p.add_argument("--group", help="consumer group (default phideid); workers in one group share partitions")
    p.add_argument("--policy", help="policy name or file (default: the config's)")
    p.add_argument("--batch-size", type=int, help="records per batch and transaction (default 64)")
    p.add_argument("--batch-wait-ms", type=int, help="longest wait for a batch to fill (default 100)")
    p.add_argument("--transactional-id",
                   help="stable per worker across restarts (default phideid-GROUP-HOSTNAME); workers on one "
                        "host each need their own")
    p.add_argument("--key-mode", choices=["keep", "token"],
                   help="keep the record key (default), or replace it by a keyed token")
    p.add_argument("--keep-header", dest="keep_headers", action="append",
                   help="an input header to copy to the output (none are by default)")
    p.add_argument("--dlq-payload", action="store_const", const=True, default=None,
                   help="attach the original payload to dead letters (it holds PHI)")
    p.add_argument("--metrics-port", type=int, help="serve Prometheus /metrics on this port")
    p.add_argument("--metrics-host", help="address of the metrics endpoint (default 127.0.0.1)")
    p.add_argument("-X", dest="client", action="append", type=_client_setting, default=[],
                   metavar="NAME=VALUE", help="a Kafka client setting, passed through (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logs (still without PHI)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    setup_json_logging(logging.DEBUG if args.verbose else logging.INFO)
    config = load_config(args.config)
    cli = {k: v for k, v in vars(args).items() if k not in ("config", "client", "verbose")}
    settings = build_settings(config.stream, os.environ, cli, dict(args.client))
    if settings.policy:
        config = config.model_copy(update={"policy": settings.policy})
    engine = build_deidentifier(config)
    metrics = StreamMetrics()
    server = None
    if settings.metrics_port is not None:
        try:
            server = metrics.serve(settings.metrics_host, settings.metrics_port)
        except OSError as exc:
            raise ConfigError(f"cannot serve metrics on {settings.metrics_host}:{settings.metrics_port} "
                              f"({exc.strerror})") from None
        log.info("metrics served", extra={"fields": {"url": f"http://{settings.metrics_host}:"
                                                             f"{server.server_port}/metrics"}})
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        log.info("stopping after the batch in flight", extra={"fields": {"signal": name}})
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        StreamWorker(engine, settings, metrics, trail=build_audit_trail(config)).run(stop)
    finally:
        if server is not None:
            server.shutdown()
        engine.vault.close()
    return 0


__all__ = ["main", "parser"]
