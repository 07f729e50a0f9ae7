"""The app factory: ``create_app(engine, settings)`` builds the FastAPI app around a ready engine.

``app_from_env`` is the factory uvicorn calls in each worker process of ``phideid serve --workers N``
(``uvicorn.run("api.app:app_from_env", factory=True)``): it builds the engine from the phideid config
(``PHIDEID_CONFIG``, ``PHIDEID_POLICY``...) and the settings from ``PHIDEID_API_*``, so the model is loaded
once per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.access import AccessMiddleware
from api.audit import audit
from api.auth import load_api_keys
from api.batcher import MicroBatcher
from api.health import health, metrics
from api.metrics import ApiMetrics
from api.problems import install
from api.reidentify import ReidentifyRequest, reidentify
from api.routes import router
from api.schemas import KNOWN_NAMES, Envelope, EnvelopeOut
from api.settings import ApiSettings, build_settings
from api.state import ApiState
from phideid.audit import AuditTrail, open_trail
from phideid.deidentifier import ENGINE_VERSION, Deidentifier

log = logging.getLogger("phideid.api")


def create_app(engine: Deidentifier, settings: ApiSettings | None = None, *,
               metrics_: ApiMetrics | None = None, close_engine: bool = False,
               trail: AuditTrail | None = None) -> FastAPI:
    """The app serving ``engine``; ``close_engine`` closes its vault when the app stops. Every call is
    audited to ``trail`` (default: ``PHIDEID_AUDIT_URL`` or the file in ``PHIDEID_HOME``)."""
    settings = settings or ApiSettings()
    trail = trail or open_trail()
    # uvicorn's access line quotes the URL, query string included (a patient id may be there): off, always;
    # AccessMiddleware logs the route template instead
    logging.getLogger("uvicorn.access").disabled = True
    registry = metrics_ or ApiMetrics()
    batcher = MicroBatcher(engine, max_batch=settings.max_batch, wait_ms=settings.batch_wait_ms,
                           on_batch=registry.on_batch)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await batcher.start()
        log.info("serving with %d detector(s), %s keys, micro-batches up to %d within %.1f ms",
                 len(engine.detectors), "with" if settings.api_keys else "without", settings.max_batch,
                 settings.batch_wait_ms)
        try:
            yield
        finally:
            await batcher.stop()
            trail.close()
            if close_engine:
                engine.vault.close()

    app = FastAPI(title="phideid", version=ENGINE_VERSION, lifespan=lifespan,
                  description="Clinical de-identification: notes, HL7 v2, FHIR and DICOM. Errors are "
                              "RFC 7807 problem documents; with keys set, send 'Authorization: Bearer KEY'.")
    app.state.phideid = ApiState(engine, settings, registry, batcher, trail)
    app.include_router(router)
    app.include_router(reidentify)
    app.include_router(audit)
    app.include_router(health)
    app.include_router(metrics)
    install(app, KNOWN_NAMES)
    app.add_middleware(AccessMiddleware, metrics=registry)
    _add_schemas(app)
    return app


def _add_schemas(app: FastAPI) -> None:
    """Put the envelope schemas into the OpenAPI components (routes read raw bodies: FastAPI cannot)."""
    default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = default()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (Envelope, EnvelopeOut, ReidentifyRequest):
                found = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(found.pop("$defs", {}))
                components[model.__name__] = found
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_env() -> FastAPI:
    """Build the engine and the app from the environment (one call per uvicorn worker process)."""
    from phideid.compose import build_audit_trail, build_deidentifier
    from phideid.config import load_config

    settings = build_settings(os.environ, api_keys=load_api_keys(os.environ))
    config = load_config()
    engine = build_deidentifier(config)
    return create_app(engine, settings, close_engine=True, trail=build_audit_trail(config))


__all__ = ["app_from_env", "create_app"]
