"""Reading a request body under a size limit: by its Content-Length first, then while it streams in (a
chunked upload names no length, and a client may send more than it announced); and parsing it as JSON
with errors that say where, never what."""

from __future__ import annotations

import json

from fastapi import Request

from api.problems import ApiProblem


def too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "payload_too_large", f"the request body exceeds the limit of {limit} bytes")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiProblem(400, "bad_request", "Content-Length is not a number of bytes")
        if int(declared) > limit:
            raise too_large(limit)
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> object:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise ApiProblem(400, "invalid_json", "the body is not UTF-8 JSON") from None
    except ValueError as exc:  # JSONDecodeError: where, never what
        where = f" (line {exc.lineno}, column {exc.colno})" if hasattr(exc, "lineno") else ""
        raise ApiProblem(400, "invalid_json", f"the body is not valid JSON{where}") from None


__all__ = ["parse_json", "read_body", "too_large"]
