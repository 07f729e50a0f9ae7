"""``phideid serve``: the composition root of the REST API.

It resolves the settings (command line over ``PHIDEID_API_*``), loads the API keys, refuses a non-loopback
address without them, builds the engine from the phideid config and runs uvicorn. With ``--workers N > 1``
each worker process builds its own engine through ``api.app:app_from_env``, reading the same settings from
the environment this process exports to it. uvicorn's access log stays off: a URL may hold a patient id;
the app logs route templates instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import uvicorn

from api.app import create_app
from api.auth import check_bind, load_api_keys
from api.settings import build_settings
from phideid.compose import build_audit_trail, build_deidentifier
from phideid.config import load_config

log = logging.getLogger("phideid.api")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid serve",
        description="Serve POST /deidentify over HTTP. Every option can also be set as PHIDEID_API_<NAME> "
                    "(PHIDEID_API_MAX_BODY_BYTES=...); API keys only as PHIDEID_API_KEYS (comma-separated, "
                    "or a path to a file with one key per line). Without keys only loopback is served.")
    p.add_argument("--config", help="phideid config file (default: $PHIDEID_CONFIG)")
    p.add_argument("--policy", help="default policy name or file (default: the config's)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8080; 0 picks a free one)")
    p.add_argument("--workers", type=int, help="processes, each with its own model (default 1)")
    p.add_argument("--max-body-bytes", type=int, help="largest request body, else 413 (default 16 MiB)")
    p.add_argument("--max-batch", type=int, help="most documents per engine call (default 64)")
    p.add_argument("--batch-wait-ms", type=float, help="longest wait for a micro-batch to fill (default 5)")
    p.add_argument("--max-batch-items", type=int,
                   help="most documents in one /deidentify/batch (default 1000)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logs (still without PHI)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cli = {k: v for k, v in vars(args).items() if k not in ("config", "policy", "verbose")}
    keys = load_api_keys(os.environ)
    settings = build_settings(os.environ, cli, keys)
    check_bind(settings.host, keys)  # a ConfigError: exit code 2 with the reason, before anything loads
    config = load_config(args.config)
    if args.policy:
        config = config.model_copy(update={"policy": args.policy})
    common = {"host": settings.host, "port": settings.port, "log_config": None, "access_log": False,
              "ws": "none", "timeout_graceful_shutdown": 30}
    if settings.workers > 1:
        # each worker builds its engine from the environment: hand it the resolved settings and config
        os.environ.update(settings.as_env())
        if args.config:
            os.environ["PHIDEID_CONFIG"] = os.path.abspath(args.config)
        if args.policy:
            os.environ["PHIDEID_POLICY"] = args.policy
        from phideid.policy import load_policy

        load_policy(config.policy)  # a bad policy stops start-up here, not in N workers
        log.info("starting %d workers on %s:%d", settings.workers, settings.host, settings.port)
        uvicorn.run("api.app:app_from_env", factory=True, workers=settings.workers, **common)
        return 0
    engine = build_deidentifier(config)
    log.info("listening on %s:%d", settings.host, settings.port)
    uvicorn.run(create_app(engine, settings, close_engine=True, trail=build_audit_trail(config)), **common)
    return 0


__all__ = ["main", "parser"]
