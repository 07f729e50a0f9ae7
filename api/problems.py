"""RFC 7807 problem documents (``application/problem+json``) from errors, and the app's error handlers.

The HTTP status is chosen here, from the error's class alone (DESIGN.md: status codes only at the edge).
``detail`` is phideid's own message, which never quotes input; validation errors keep where and what was
wrong but never the input value (FastAPI's default 422 echoes it), and a name the client chose (an unknown
JSON key) is masked. An unexpected exception is answered with its class name only: a bug's message may
quote a payload.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from phideid.errors import (
    AuditError,
    ConfigError,
    DeidentificationError,
    DetectionError,
    FormatError,
    InputError,
    PhideidError,
    ReidentificationDenied,
    VaultError,
)
from phideid.formats.media import UnsupportedContentType

log = logging.getLogger("phideid.api")

PROBLEM_MEDIA = "application/problem+json"
TYPE_BASE = "https://phideid.dev/problems/"

#: most specific class first; the first match gives the status
STATUS: tuple[tuple[type[PhideidError], int], ...] = (
    (UnsupportedContentType, 415),
    (FormatError, 422),  # read, but not valid in its format (HL7 v2, FHIR, DICOM)
    (InputError, 400),  # cannot be read at all (encoding, unknown format, too large for the engine)
    (ConfigError, 400),  # in a request, only a policy the caller named
    (DeidentificationError, 422),  # refused: it could not be de-identified completely
    (ReidentificationDenied, 403),
    (AuditError, 503),  # no audit record, no answer
    (DetectionError, 503),  # the model failed: not the caller's fault, retry later
    (VaultError, 503),
)
TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    413: "Payload too large", 415: "Unsupported media type", 422: "Unprocessable content",
    500: "Internal server error", 503: "Service unavailable",
}


class ApiProblem(Exception):
    """A problem the API itself finds (authentication, size, envelope shape); its detail quotes no input."""

    def __init__(self, status: int, code: str, detail: str, *, headers: Mapping[str, str] | None = None,
                 errors: list[dict[str, object]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = dict(headers or {})
        self.errors = errors


def status_of(error: PhideidError) -> int:
    for cls, status in STATUS:
        if isinstance(error, cls):
            return status
    return 500


def problem(status: int, code: str, detail: str, **extra: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "type": TYPE_BASE + code, "title": TITLES.get(status, "Error"), "status": status, "detail": detail,
        "code": code,
    }
    doc.update({k: v for k, v in extra.items() if v is not None})
    return doc


def problem_of(error: BaseException) -> dict[str, object]:
    """The problem document of any error (per-item problems of a batch use it too)."""
    if isinstance(error, ApiProblem):
        return problem(error.status, error.code, error.detail, errors=error.errors)
    if isinstance(error, PhideidError):
        return problem(status_of(error), error.code, " ".join(str(error).split()))
    return problem(500, "internal_error", f"an internal error occurred ({error.__class__.__name__})")


def response(doc: Mapping[str, object], headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(dict(doc), status_code=int(doc["status"]), headers=dict(headers or {}),
                        media_type=PROBLEM_MEDIA)


def safe_errors(errors: Iterable[Mapping[str, object]], known: Iterable[str] = ()) -> list[dict[str, object]]:
    """Pydantic/FastAPI errors without ``input`` or ``ctx``; loc parts the client named are masked."""
    names = set(known) | {"body", "query", "header", "path"}
    out = []
    for e in errors:
        loc = [p if isinstance(p, int) or p in names else "<key>" for p in e.get("loc", ())]
        out.append({"loc": loc, "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))})
    return out


def install(app: FastAPI, known_names: Iterable[str]) -> None:
    """Answer every error raised by a route with a problem document."""
    known = tuple(known_names)

    async def on_api_problem(_request: Request, exc: ApiProblem) -> JSONResponse:
        return response(problem_of(exc), exc.headers)

    async def on_phideid_error(_request: Request, exc: PhideidError) -> JSONResponse:
        return response(problem_of(exc))

    async def on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = safe_errors(exc.errors(), known)
        return response(problem(422, "validation_error", f"{len(errors)} invalid value(s) in the request",
                                errors=errors))

    async def on_http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, f"http_{exc.status_code}")
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
        return response(problem(exc.status_code, code, detail), getattr(exc, "headers", None))

    app.add_exception_handler(ApiProblem, on_api_problem)
    app.add_exception_handler(PhideidError, on_phideid_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)


__all__ = ["ApiProblem", "PROBLEM_MEDIA", "TYPE_BASE", "install", "problem", "problem_of", "response",
           "safe_errors", "status_of"]
