"""Per-request accounting as pure ASGI middleware: metrics and one log line per request, by route template.

The log line and the labels name the route template (``/deidentify``), never the URL: a query string may
hold a patient id. uvicorn's own access log is off for the same reason. An exception no handler answered
is turned into a 500 problem document here, logged by class only, and not re-raised, so no traceback (which
may quote a payload) reaches a log.
"""

from __future__ import annotations

import json
import logging
import time

from api.metrics import ApiMetrics
from api.problems import PROBLEM_MEDIA, problem_of

log = logging.getLogger("phideid.api")


class AccessMiddleware:
    def __init__(self, app, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def send_status(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except Exception as exc:
            log.error("unhandled %s on %s", exc.__class__.__name__, _route(scope))
            if not status["sent"]:
                body = json.dumps(problem_of(exc)).encode()
                await send_status({"type": "http.response.start", "status": 500, "headers": [
                    (b"content-type", PROBLEM_MEDIA.encode()), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
        elapsed = time.perf_counter() - started
        route = _route(scope)
        self.metrics.requests.labels(route, scope["method"], str(status["code"])).inc()
        self.metrics.latency.labels(route).observe(elapsed)
        log.info("%s %s %d %.1f ms", scope["method"], route, status["code"], elapsed * 1000)


def _route(scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


__all__ = ["AccessMiddleware"]
