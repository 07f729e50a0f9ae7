"""The embedded vault: one SQLite file (``sqlite:///path``) or memory (``sqlite:///:memory:``).

``sqlite:///vault.db`` is relative to the working folder, ``sqlite:////var/lib/phideid/vault.db`` absolute
(the SQLAlchemy convention). The file runs in WAL mode with a busy timeout, so several processes can
share it; writes take the database's write lock up front (``BEGIN IMMEDIATE``), which makes get-or-create
race-free. A new file is created with mode 0600.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from phideid.errors import VaultError
from phideid.vault.sqlbase import SqlVault

MEMORY = ":memory:"
_PREFIX = "sqlite:///"


def sqlite_path(url: str) -> str:
    """The file path of a ``sqlite:///...`` URL, or ``:memory:``."""
    if not url.lower().startswith(_PREFIX):
        raise VaultError(f"a SQLite vault URL looks like sqlite:///PATH or sqlite:///:memory:, got {url!r}")
    path = url[len(_PREFIX):]
    if not path:
        raise VaultError("the SQLite vault URL names no file: use sqlite:///PATH or sqlite:///:memory:")
    return path


class SqliteVault(SqlVault):
    """The vault in a SQLite file. One connection per object, shared by its threads under a lock."""

    placeholder = "?"
    id_type = "INTEGER PRIMARY KEY"
    bytes_type = "BLOB"
    time_type = "TEXT"  # ISO 8601, UTC
    begin_write = "BEGIN IMMEDIATE"
    driver_error = sqlite3.Error

    def __init__(self, url: str, secret: bytes, *, busy_timeout_s: float = 30.0) -> None:
        self.path = sqlite_path(url)
        self._busy_timeout_s = busy_timeout_s
        super().__init__(url, secret)

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.path != MEMORY:
                self._create_file()
            conn = sqlite3.connect(
                self.path, timeout=self._busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_s * 1000)}")
            if self.path != MEMORY:
                self._set_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            return conn
        except (sqlite3.Error, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise VaultError(f"cannot open the SQLite vault {self.url}: {reason}") from None

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        # switching a fresh file to WAL can answer "database is locked" at once, without SQLite's busy
        # handler, while another process switches it too: retry until the busy timeout is spent
        deadline = time.monotonic() + self._busy_timeout_s
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _create_file(self) -> None:
        path = Path(self.path)
        if path.exists():
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)  # no O_EXCL: a racing process may create it
        os.close(fd)

    def _time_param(self, when: datetime) -> Any:
        return when.isoformat()

    def _time_value(self, value: Any) -> datetime:
        return datetime.fromisoformat(value)
