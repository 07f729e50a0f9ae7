"""Structured JSON log lines for the stream worker: one object per line, fields given by the caller.

Callers pass counts, topics, partitions, offsets and error classes in ``extra={"fields": {...}}``; never
a key, a value, a header value or an exception's traceback (a bug's message may quote a payload).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in (getattr(record, "fields", None) or {}).items():
            line.setdefault(key, value)  # a field never overwrites when, how bad or what happened
        return json.dumps(line, default=str)


def setup_json_logging(level: int = logging.INFO, stream=sys.stderr) -> None:
    """Route every logger to one JSON handler (librdkafka's own logs included, via the client logger)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


__all__ = ["JsonFormatter", "setup_json_logging"]
