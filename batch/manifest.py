"""The run manifest: what is done, in ``OUTPUT/.phideid-manifest.sqlite``.

One row per input file or archive, by relative path: the SHA-256 of the content it was made from, its
status (``ok`` or ``failed``), the error class, code and reason when it failed, the policy
(``name@version@digest``), a fingerprint of every setting that changes the output, and how many times it
was processed (``attempts``: a rerun that redoes nothing finished leaves it unchanged). Rows of an archive
that failed are listed in ``row_errors``.

SQLite in WAL mode, committed after every chunk: a run killed at any point leaves a consistent manifest,
and a rerun skips exactly what was recorded as finished with the same content and settings. Only the
parent process writes it. It holds relative paths (which may name patients) and error codes, never
content; it is as sensitive as the input's file names.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = ".phideid-manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error_class TEXT,
    error_code TEXT,
    reason TEXT,
    policy TEXT NOT NULL,
    settings TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    rows_ok INTEGER,
    rows_failed INTEGER,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS row_errors (
    path TEXT NOT NULL,
    row INTEGER NOT NULL,
    id TEXT,
    error_class TEXT NOT NULL,
    error_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (path, row)
);
"""


@dataclass(frozen=True)
class Entry:
    path: str
    sha256: str
    status: str
    error_class: str | None
    error_code: str | None
    reason: str | None
    policy: str
    settings: str
    attempts: int
    rows_ok: int | None = None
    rows_failed: int | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    id: str | None
    error_class: str
    error_code: str
    reason: str


class Manifest:
    """The manifest of one OUTPUT folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a recorded 'ok' must survive a power cut
        self._db.executescript(_SCHEMA)
        self._db.commit()

    @classmethod
    def in_folder(cls, output: Path) -> Manifest:
        return cls(output / MANIFEST_NAME)

    def entries(self) -> dict[str, Entry]:
        rows = self._db.execute(
            "SELECT path, sha256, status, error_class, error_code, reason, policy, settings, attempts, "
            "rows_ok, rows_failed FROM items")
        return {r[0]: Entry(*r) for r in rows}

    def is_done(self, entry: Entry | None, sha256: str, policy: str, settings: str) -> bool:
        return (entry is not None and entry.status == "ok" and entry.sha256 == sha256
                and entry.policy == policy and entry.settings == settings)

    def record(self, entries: Iterable[Entry]) -> None:
        """Record finished items (one transaction); ``attempts`` counts up from what was there."""
        with self._db:
            for e in entries:
                self._upsert(e)

    def record_archive(self, entry: Entry, errors: Iterable[RowError]) -> None:
        """Record an archive and replace its row errors, in one transaction."""
        with self._db:
            self._db.execute("DELETE FROM row_errors WHERE path = ?", (entry.path,))
            self._db.executemany(
                "INSERT INTO row_errors (path, row, id, error_class, error_code, reason) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(entry.path, e.row, e.id, e.error_class, e.error_code, e.reason) for e in errors])
            self._upsert(entry)

    def _upsert(self, e: Entry) -> None:
        self._db.execute(
            "INSERT INTO items (path, sha256, status, error_class, error_code, reason, policy, settings, "
            "attempts, rows_ok, rows_failed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, status=excluded.status, "
            "error_class=excluded.error_class, error_code=excluded.error_code, reason=excluded.reason, "
            "policy=excluded.policy, settings=excluded.settings, attempts=items.attempts + 1, "
            "rows_ok=excluded.rows_ok, rows_failed=excluded.rows_failed, updated_at=excluded.updated_at",
            (e.path, e.sha256, e.status, e.error_class, e.error_code, e.reason, e.policy, e.settings,
             e.rows_ok, e.rows_failed, time.time()))

    def row_errors(self, path: str) -> list[RowError]:
        rows = self._db.execute(
            "SELECT row, id, error_class, error_code, reason FROM row_errors WHERE path = ? ORDER BY row",
            (path,))
        return [RowError(*r) for r in rows]

    def close(self) -> None:
        self._db.close()


__all__ = ["MANIFEST_NAME", "Entry", "Manifest", "RowError"]
