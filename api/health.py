"""``/healthz`` (the process answers), ``/readyz`` (engine built, vault answers) and ``/metrics``.

Health routes need no API key (load balancers and orchestrators probe them); ``/metrics`` does when keys
are set, though it holds only counts.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.problems import problem, response
from api.state import State, principal

health = APIRouter(tags=["health"])
metrics = APIRouter(tags=["health"], dependencies=[Depends(principal)])

READY_TIMEOUT_S = 5.0


@health.get("/healthz", summary="The process is alive")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@health.get("/readyz", summary="The engine is built and its vault answers a query")
async def readyz(state: State) -> Response:
    try:
        # counts only; on the engine's thread, after the batch in flight
        await asyncio.wait_for(state.batcher.run_in_engine_thread(state.engine.vault.stats), READY_TIMEOUT_S)
    except Exception as exc:
        return response(problem(503, "not_ready", f"the vault does not answer ({exc.__class__.__name__})"))
    return JSONResponse({"status": "ready", "detectors": state.detectors, "engine": state.engine_version,
                         "policy": state.engine.default_policy.name})


@metrics.get("/metrics", summary="Prometheus metrics: requests, documents, micro-batch sizes, latency")
async def prometheus(state: State) -> Response:
    return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)


__all__ = ["health", "metrics"]
