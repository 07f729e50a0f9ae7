"""The worker side of a batch run: one engine per process, chunks of files or archive rows per call.

``init_worker`` builds the engine once from the config (the initializer of each worker process, or called
in-process with ``--jobs 1``). ``run_files`` reads a chunk of files, de-identifies them all in one engine
call (one model call for all their free text) and writes each output atomically; ``run_rows`` does the same
for archive rows and hands the texts back, since the parent writes an archive in order. Outcomes carry error
classes, codes and the engine's messages, which never quote input.

Each chunk writes one audit record (channel ``batch``, the OS user as actor) before any of its outputs
is written or handed back: when the record cannot be written, the whole chunk fails with ``audit_error``.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from batch.outputs import write_atomic
from phideid.audit import AuditTrail, deidentification_event
from phideid.compose import build_audit_trail, build_deidentifier
from phideid.config import EngineConfig
from phideid.deidentifier import Deidentifier, Document, Payload, PayloadResult, Result
from phideid.errors import AuditError, ConfigError, DeidentificationError, InputError, PhideidError


class OutputError(PhideidError):
    """An output could not be written (disk full, permissions); the input is fine."""

    code = "output_error"


@dataclass(frozen=True)
class FileTask:
    rel: str
    path: str
    format: str | None  # None: sniffed
    output: str


@dataclass(frozen=True)
class Outcome:
    """One file's or row's outcome: ``error_code`` None means done; ``text`` is a row's de-identified text."""

    sha256: str | None = None
    error_class: str | None = None
    error_code: str | None = None
    reason: str | None = None
    text: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @classmethod
    def failed(cls, error: PhideidError, sha256: str | None = None) -> Outcome:
        return cls(sha256, error.__class__.__name__, error.code, str(error))


_engine: Deidentifier | None = None
_trail: AuditTrail | None = None
_init_error: PhideidError | None = None


def init_worker(config: EngineConfig) -> None:
    """Build this process's engine; a failure is kept and raised by the first chunk, as a ``ConfigError``."""
    global _engine, _trail, _init_error
    try:
        _engine = build_deidentifier(config)
        _trail = build_audit_trail(config)
    except PhideidError as exc:
        _init_error = exc
    except Exception as exc:  # a bug's message may quote a path or value: the class only
        _init_error = ConfigError(f"the engine could not be built ({exc.__class__.__name__})")


def _the_engine() -> Deidentifier:
    if _engine is None:
        raise _init_error or ConfigError("the batch worker was not initialised")
    return _engine


def close_worker() -> None:
    global _engine, _trail
    if _engine is not None:
        _engine.vault.close()
        _engine = None
    if _trail is not None:
        _trail.close()
        _trail = None


def _audit(results: Sequence[Result | PayloadResult], refused: dict[str, int]) -> AuditError | None:
    """Write the chunk's audit record; the error to fail the chunk with when it cannot be written."""
    if _trail is None:
        return AuditError("the batch worker has no audit trail")
    detectors = ",".join(d.name for d in _the_engine().detectors)
    event = deidentification_event("batch", f"user:{getpass.getuser()}", results, detectors=detectors,
                                   errors=refused)
    try:
        _trail.append(event)
    except AuditError as exc:
        return exc
    return None


def run_files(tasks: Sequence[FileTask]) -> list[Outcome]:
    engine = _the_engine()
    outcomes: list[Outcome | None] = [None] * len(tasks)
    payloads, places, hashes = [], [], []
    for i, task in enumerate(tasks):
        try:
            data = Path(task.path).read_bytes()
        except OSError as exc:
            outcomes[i] = Outcome.failed(InputError(f"cannot read the file ({exc.strerror})"))
            continue
        payloads.append(Payload(data, format=task.format))
        places.append(i)
        hashes.append(hashlib.sha256(data).hexdigest())  # what was read, even if the file changed since
    try:
        results = engine.deidentify_payloads(payloads)
    except PhideidError as exc:  # the model or the vault failed: every payload of the chunk is undone
        results = None
        for i, sha in zip(places, hashes, strict=True):
            outcomes[i] = Outcome.failed(exc, sha)
    except Exception as exc:
        results = None
        error = DeidentificationError(f"the engine failed on the chunk ({exc.__class__.__name__})")
        for i, sha in zip(places, hashes, strict=True):
            outcomes[i] = Outcome.failed(error, sha)
    refused: dict[str, int] = {}
    for o in outcomes:  # read failures, or the whole chunk when the engine failed
        if o is not None:
            refused[o.error_code or ""] = refused.get(o.error_code or "", 0) + 1
    failure = _audit(results or [], refused)  # a failed chunk is recorded too
    if results is not None and failure is not None:  # no audit record, no output
        for i, sha in zip(places, hashes, strict=True):
            outcomes[i] = Outcome.failed(failure, sha)
        results = None
    for i, sha, result in zip(places, hashes, results or [], strict=False):
        target = Path(tasks[i].output)
        if result.error is not None:
            outcomes[i] = Outcome.failed(result.error, sha)
            continue
        try:
            write_atomic(target, result.data or b"")
        except OSError as exc:
            outcomes[i] = Outcome.failed(OutputError(f"cannot write the output ({exc.strerror})"), sha)
            continue
        outcomes[i] = Outcome(sha)
    for i, outcome in enumerate(outcomes):
        if outcome is not None and not outcome.ok:
            # an output made from an earlier version of this input must not stand in for this one
            Path(tasks[i].output).unlink(missing_ok=True)
    return [o for o in outcomes if o is not None]


def run_rows(rows: Sequence[tuple[str, str | None]]) -> list[Outcome]:
    """De-identify archive rows ``(text, patient key)`` in one engine call."""
    engine = _the_engine()
    try:
        results = engine.deidentify_many([Document(text, patient_id=patient) for text, patient in rows])
    except Exception as exc:
        error = exc if isinstance(exc, PhideidError) else DeidentificationError(
            f"the engine failed on the chunk ({exc.__class__.__name__})")
        _audit([], {error.code: len(rows)})  # a failed chunk is recorded too
        return [Outcome.failed(error) for _ in rows]
    failure = _audit(results, {})
    if failure is not None:  # no audit record, no output
        return [Outcome.failed(failure) for _ in rows]
    return [Outcome(text=r.text) if r.error is None else Outcome.failed(r.error) for r in results]


__all__ = ["FileTask", "Outcome", "OutputError", "close_worker", "init_worker", "run_files", "run_rows"]
