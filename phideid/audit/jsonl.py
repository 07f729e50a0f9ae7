"""The audit trail as a JSON Lines file: one record per line, appended under an exclusive lock.

The file is opened for appending only and created with mode 0600. Each write takes ``flock`` on the
file, reads the last line's chain value, writes its lines in one ``write`` and ``fsync``s, so processes
sharing the file (``phideid serve --workers``, ``phideid batch --jobs``) keep one chain. Concurrent
appends of one process share a write (``GroupCommit``).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Sequence
from pathlib import Path

from phideid.audit.event import AuditEvent
from phideid.audit.trail import GENESIS, AuditQuery, GroupCommit, Verification, chain_of, verify_chain
from phideid.errors import AuditError

_TAIL_BYTES = 64 * 1024  # a record is well under 4 KB; the last line is always in this tail


class FileTrail:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.location = f"file://{self.path}"
        self._commit = GroupCommit(self._write)

    def __repr__(self) -> str:
        return f"FileTrail({self.location})"

    def append(self, event: AuditEvent) -> None:
        self._commit.append(event)

    def _write(self, events: Sequence[AuditEvent]) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                chain, lines = self._last_chain(fd), []
                for event in events:
                    chain = chain_of(chain, event)
                    lines.append(json.dumps({**event.as_dict(), "chain": chain}, sort_keys=True,
                                            ensure_ascii=True) + "\n")
                os.write(fd, "".join(lines).encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)  # releases the flock
        except OSError as exc:
            raise AuditError(
                f"cannot append to the audit trail {self.location}: {exc.strerror or type(exc).__name__}"
            ) from None

    def _last_chain(self, fd: int) -> str:
        size = os.fstat(fd).st_size
        if size == 0:
            return GENESIS
        start = max(0, size - _TAIL_BYTES)
        tail = os.pread(fd, size - start, start).rstrip(b"\n")
        last = tail.rsplit(b"\n", 1)[-1]
        try:
            return str(json.loads(last)["chain"])
        except (ValueError, KeyError, TypeError):
            raise AuditError(
                f"the last line of the audit trail {self.location} is damaged; run 'phideid audit --verify'"
            ) from None

    def _rows(self) -> list[tuple[AuditEvent, str]]:
        try:
            lines = self.path.read_text(encoding="ascii").splitlines()
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise AuditError(f"cannot read the audit trail {self.location}: {reason}") from None
        rows = []
        for number, line in enumerate(lines, 1):
            try:
                data = json.loads(line)
                rows.append((AuditEvent.from_dict(data), str(data["chain"])))
            except (ValueError, KeyError, TypeError):
                raise AuditError(f"line {number} of the audit trail {self.location} is not a record") \
                    from None
        return rows

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        found = [event for event, _ in reversed(self._rows()) if query.matches(event)]
        return found[: query.limit]

    def verify(self) -> Verification:
        try:
            return verify_chain(self._rows())
        except AuditError as exc:
            return Verification(0, 0, str(exc))

    def close(self) -> None:
        pass


__all__ = ["FileTrail"]
