"""The audit trail's contract: append a record, query records, verify that none was altered or removed.

Records are chained: each stores ``chain = SHA-256(previous chain || record JSON)``, so editing, removing
or reordering a record breaks every chain value after it, and ``verify`` says where. (An attacker who can
rewrite the whole store can rebuild the chain too; ship the trail to write-once storage for that.)
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from phideid.audit.event import AuditEvent

GENESIS = "0" * 64


def chain_of(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256((previous + event.to_json()).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class AuditQuery:
    """Which records to return, newest first; every filter is optional."""

    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    action: str | None = None
    outcome: str | None = None
    channel: str | None = None
    limit: int = 100

    def __post_init__(self) -> None:
        for name in ("since", "until"):  # a time without a zone is UTC, as the records are
            when = getattr(self, name)
            if when is not None and when.tzinfo is None:
                object.__setattr__(self, name, when.replace(tzinfo=UTC))

    def matches(self, event: AuditEvent) -> bool:
        return (
            (self.since is None or event.at >= self.since)
            and (self.until is None or event.at < self.until)
            and (self.actor is None or event.actor == self.actor)
            and (self.action is None or event.action == self.action)
            and (self.outcome is None or event.outcome == self.outcome)
            and (self.channel is None or event.channel == self.channel)
        )


@dataclass(frozen=True)
class Verification:
    """The outcome of ``verify``: how many records were checked, and the first broken one (1-based)."""

    records: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


class AuditTrail(Protocol):
    location: str  # where it is, safe to show (no password)

    def append(self, event: AuditEvent) -> None:
        """Write ``event`` durably, or raise ``AuditError``: the caller must then refuse its output."""

    def query(self, query: AuditQuery) -> list[AuditEvent]: ...

    def verify(self) -> Verification: ...

    def close(self) -> None: ...


def verify_chain(rows: list[tuple[AuditEvent, str]]) -> Verification:
    """Check stored chain values against recomputed ones, oldest first."""
    previous = GENESIS
    for number, (event, stored) in enumerate(rows, 1):
        expected = chain_of(previous, event)
        if stored != expected:
            return Verification(len(rows), number, "its chain value does not match: the record, or one "
                                "before it, was altered, removed or inserted")
        previous = stored
    return Verification(len(rows))


class GroupCommit:
    """Appends from many threads share one write and one sync: whoever finds no write in progress writes
    everything queued so far, the others wait for it. Each caller returns only once its own record is
    durable (or raises the write's error), so "no record, no output" holds; under load one ``fsync``
    covers many records instead of one each."""

    def __init__(self, write: Callable[[Sequence[AuditEvent]], None]) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._queue: list[_Ticket] = []
        self._writing = False

    def append(self, event: AuditEvent) -> None:
        ticket = _Ticket(event)
        with self._cond:
            self._queue.append(ticket)
            while not ticket.done:
                if self._writing:
                    self._cond.wait()
                    continue
                batch, self._queue, self._writing = self._queue, [], True
                self._cond.release()
                error: BaseException | None = None
                try:
                    self._write([t.event for t in batch])
                except BaseException as exc:  # every caller of the batch gets the write's error
                    error = exc
                finally:
                    self._cond.acquire()
                    for t in batch:
                        t.done, t.error = True, error
                    self._writing = False
                    self._cond.notify_all()
        if ticket.error is not None:
            raise ticket.error


class _Ticket:
    __slots__ = ("event", "done", "error")

    def __init__(self, event: AuditEvent) -> None:
        self.event = event
        self.done = False
        self.error: BaseException | None = None


__all__ = ["AuditQuery", "AuditTrail", "GENESIS", "GroupCommit", "Verification", "chain_of", "verify_chain"]
