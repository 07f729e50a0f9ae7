"""The audit trail as a database table, in SQLite (a file) or PostgreSQL (shared by many workers).

::

    phideid_audit_event  seq (ascending), id TEXT UNIQUE, at TEXT (ISO 8601, UTC),
                         channel, actor, action, outcome TEXT,   (for queries)
                         record TEXT (the record as JSON), chain TEXT (see phideid.audit.trail)

Triggers refuse UPDATE, DELETE (and in PostgreSQL TRUNCATE): the table is append-only to anyone who
does not drop the triggers. An append takes the table's write lock (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL ``LOCK TABLE``), so concurrent writers keep one chain.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import Any

from phideid.audit.event import AuditEvent
from phideid.audit.trail import GENESIS, AuditQuery, GroupCommit, Verification, chain_of, verify_chain
from phideid.errors import AuditError, PhideidError
from phideid.vault.urls import redact_url, scheme_of

_TABLE = """CREATE TABLE IF NOT EXISTS phideid_audit_event (
    seq {seq},
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    record TEXT NOT NULL,
    chain TEXT NOT NULL
)"""
_INDEX = "CREATE INDEX IF NOT EXISTS phideid_audit_event_at ON phideid_audit_event (at)"
_SQLITE_TRIGGERS = tuple(
    f"""CREATE TRIGGER IF NOT EXISTS phideid_audit_event_no_{verb.lower()}
        BEFORE {verb} ON phideid_audit_event
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"""
    for verb in ("UPDATE", "DELETE")
)
_PG_FUNCTION = """CREATE OR REPLACE FUNCTION phideid_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"""
_PG_TRIGGERS = (
    """CREATE OR REPLACE TRIGGER phideid_audit_event_no_change BEFORE UPDATE OR DELETE ON phideid_audit_event
        FOR EACH ROW EXECUTE FUNCTION phideid_audit_append_only()""",
    """CREATE OR REPLACE TRIGGER phideid_audit_event_no_truncate BEFORE TRUNCATE ON phideid_audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION phideid_audit_append_only()""",
)
_PG_SCHEMA_LOCK = 0x70686961  # "phia": serialises table creation across starting processes


def _iso(when) -> str:
    return when.astimezone(UTC).isoformat(timespec="microseconds")


class SqlTrail:
    """The audit table behind ``url`` (``sqlite:///PATH`` or ``postgresql://...``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = redact_url(url)
        self._scheme = "sqlite" if scheme_of(url) == "sqlite" else "postgresql"
        self._lock = threading.Lock()
        self._conn: Any = None
        self._pid = 0
        self._commit = GroupCommit(self._write)
        with self._lock:
            self._connection()  # fail at start-up, not on the first record

    def __repr__(self) -> str:
        return f"SqlTrail({self.location})"

    # ------------------------------------------------------------------ connections

    def _q(self, sql: str) -> str:
        return sql if self._scheme == "sqlite" else sql.replace("?", "%s")

    def _connection(self) -> Any:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            self._conn = self._connect_sqlite() if self._scheme == "sqlite" else self._connect_postgres()
        except PhideidError:
            raise
        except Exception as exc:  # driver errors may quote the URL's password: name the class only
            raise AuditError(f"cannot open the audit trail {self.location}: {type(exc).__name__}") from None
        self._pid = os.getpid()
        return self._conn

    def _connect_sqlite(self) -> sqlite3.Connection:
        from phideid.vault.sqlite import MEMORY, sqlite_path

        path = sqlite_path(self.url)
        if path != MEMORY:
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        if path != MEMORY:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in (_TABLE.format(seq="INTEGER PRIMARY KEY AUTOINCREMENT"), _INDEX,
                              *_SQLITE_TRIGGERS):
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return conn

    def _connect_postgres(self) -> Any:
        import psycopg

        from phideid.vault.postgres import split_schema

        url, schema = split_schema(self.url)
        conn = psycopg.connect(url, autocommit=True)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_SCHEMA_LOCK,))
            if schema:  # a checked name (split_schema)
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                conn.execute(f'SET search_path TO "{schema}"')
            for statement in (_TABLE.format(seq="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"), _INDEX,
                              _PG_FUNCTION, *_PG_TRIGGERS):
                conn.execute(statement)
        if schema:
            conn.execute(f'SET search_path TO "{schema}"')
        return conn

    @contextmanager
    def _tx(self, *, write: bool) -> Iterator[Any]:
        with self._lock:
            try:
                conn = self._connection()
                if self._scheme == "sqlite":
                    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                    try:
                        yield conn
                        conn.execute("COMMIT")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                else:
                    with conn.transaction():
                        if write:
                            conn.execute("LOCK TABLE phideid_audit_event IN SHARE ROW EXCLUSIVE MODE")
                        yield conn
            except PhideidError:
                raise
            except Exception as exc:
                self._drop_broken()
                raise AuditError(f"the audit trail {self.location} failed: {type(exc).__name__}") from None

    def _drop_broken(self) -> None:
        try:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
        except Exception:  # noqa: S110 - already failing; the next call reconnects
            pass
        self._conn = None

    # ------------------------------------------------------------------ the trail

    def append(self, event: AuditEvent) -> None:
        self._commit.append(event)

    def _write(self, events: Sequence[AuditEvent]) -> None:
        with self._tx(write=True) as conn:
            row = conn.execute("SELECT chain FROM phideid_audit_event ORDER BY seq DESC LIMIT 1").fetchone()
            chain = row[0] if row else GENESIS
            for event in events:
                chain = chain_of(chain, event)
                conn.execute(
                    self._q("INSERT INTO phideid_audit_event (id, at, channel, actor, action, outcome, "
                            "record, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    (event.id, _iso(event.at), event.channel, event.actor, event.action, event.outcome,
                     event.to_json(), chain),
                )

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        where, params = [], []
        for column, value in (("actor", query.actor), ("action", query.action),
                              ("outcome", query.outcome), ("channel", query.channel)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.since is not None:
            where.append("at >= ?")
            params.append(_iso(query.since))
        if query.until is not None:
            where.append("at < ?")
            params.append(_iso(query.until))
        sql = "SELECT record FROM phideid_audit_event"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(int(query.limit))
        with self._tx(write=False) as conn:
            rows = conn.execute(self._q(sql), params).fetchall()
        return [AuditEvent.from_dict(json.loads(record)) for (record,) in rows]

    def verify(self) -> Verification:
        with self._tx(write=False) as conn:
            rows = conn.execute("SELECT record, chain FROM phideid_audit_event ORDER BY seq").fetchall()
        return verify_chain([(AuditEvent.from_dict(json.loads(record)), chain) for record, chain in rows])

    def close(self) -> None:
        with self._lock:
            self._drop_broken()


__all__ = ["SqlTrail"]
