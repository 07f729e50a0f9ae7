"""The audit trail's contract: append a record, query records, verify that none was altered or removed.

Records are chained: each stores ``chain = SHA-256(previous chain || record JSON)``, so editing, removing
or reordering a record breaks every chain value after it, and ``verify`` says where. (An attacker who can
rewrite the whole store can rebuild the chain too; ship the trail to write-once storage for that.)
"""

from __future__ import annotations

import hashlib
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


__all__ = ["AuditQuery", "AuditTrail", "GENESIS", "Verification", "chain_of", "verify_chain"]
