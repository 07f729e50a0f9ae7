"""A batch run: plan from the manifest, hand chunks to the workers, record what finished, report.

The parent process discovers the inputs, hashes them, and skips every one the manifest records as done
with the same SHA-256, policy and settings. The rest goes to the workers in chunks of ``batch_size`` files
or archive rows (one engine call, one model call, per chunk), at most ``2 * jobs`` chunks in flight. Files
are written by the workers; archives by the parent, rows in input order, into a temporary file renamed
into place when the archive is complete. The manifest is committed after every chunk, so a run killed at
any point is resumed by running it again.

Resume granularity: a file, and an archive as a whole (an archive killed half way, or with a failed row,
is redone whole on the next run). Split very large archives, or publish them with ``--to-kafka``.

Bad inputs are listed in ``OUTPUT/errors.jsonl`` (rewritten by every run: path, row and id for archives,
error class, code, reason; never content), and the run goes on. The report is a local file beside the
outputs and holds file names and row ids, which can name patients; stderr shows only counts and the
report's path.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from batch import work
from batch.inputs import ArchiveColumns, Row, Source, count_rows, discover, header, read_rows, sha256_file
from batch.manifest import Entry, Manifest, RowError
from batch.outputs import ArchiveWriter, sweep_temporaries, write_atomic
from phideid.config import EngineConfig
from phideid.errors import InputError, PhideidError
from phideid.policy import load_policy

ERROR_REPORT = "errors.jsonl"


@dataclass(frozen=True)
class BatchSettings:
    input: Path
    output: Path
    config: EngineConfig
    columns: ArchiveColumns
    jobs: int = 1
    batch_size: int = 32
    progress: bool = False


@dataclass
class Summary:
    done: int = 0
    failed: int = 0
    unchanged: int = 0
    unsupported: int = 0
    rows_done: int = 0
    rows_failed: int = 0
    seconds: float = 0.0
    report: Path | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.rows_failed else 0

    def line(self) -> str:
        rate = (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0
        text = (f"phideid batch: {self.done} done, {self.failed} failed, {self.unchanged} unchanged "
                f"(skipped), {self.unsupported} unsupported")
        if self.rows_done or self.rows_failed:
            text += f"; archive rows: {self.rows_done} done, {self.rows_failed} failed"
        text += f"; {self.seconds:.1f} s ({rate:.1f} inputs/s)"
        if self.report is not None:
            text += f"; error report: {self.report}"
        return text


class _Inline(Executor):
    """``--jobs 1``: the chunks run in this process, on an engine built once."""

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        work.close_worker()


@dataclass
class _Archive:
    """An archive being written: its rows' chunks come back in any order and are written in order."""

    source: Source
    sha256: str
    writer: ArchiveWriter | None
    rows: dict[int, list[Row]] = field(default_factory=dict)
    results: dict[int, list[work.Outcome]] = field(default_factory=dict)
    next_seq: int = 0
    chunks: int = 0
    reading: bool = True
    failure: PhideidError | None = None
    errors: list[RowError] = field(default_factory=list)
    written: int = 0


class BatchRun:
    def __init__(self, settings: BatchSettings) -> None:
        self.s = settings
        policy = load_policy(settings.config.policy)
        self.policy = f"{policy.name}@{policy.version}@{policy.digest[:12]}"
        # everything that changes an output; a change redoes the work
        self.engine_settings = settings.config.model_dump(mode="json",
                                                          exclude={"stream", "vault_url", "audit_url"})
        self.summary = Summary()
        self.manifest: Manifest | None = None
        self._progress: Callable[[int], object] = lambda n: None

    def settings_of(self, source: Source) -> str:
        extra = {"columns": self.s.columns.describe()} if source.kind == "archive" else {}
        return json.dumps({**self.engine_settings, **extra}, sort_keys=True)

    def run(self) -> Summary:
        started = time.monotonic()
        s = self.s
        s.output.mkdir(parents=True, exist_ok=True)
        sweep_temporaries(s.output)
        sources = discover(s.input, exclude=s.output)
        self.manifest = Manifest.in_folder(s.output)
        try:
            files, archives = self._plan(sources)
            total = len(files) + sum(count_rows(a.path) for a, _ in archives)
            with _progress_bar(total, s.progress) as bar:
                self._progress = bar.update
                self._execute(files, archives)
        finally:
            self.summary.seconds = time.monotonic() - started
            self.summary.report = self._write_report(sources)
            self.manifest.close()
        return self.summary

    def _plan(self, sources: list[Source]) -> tuple[list[tuple[Source, str]], list[tuple[Source, str]]]:
        assert self.manifest is not None
        known = self.manifest.entries()
        files, archives = [], []
        for source in sources:
            if source.kind == "unsupported":
                self.summary.unsupported += 1
                continue
            try:
                sha = sha256_file(source.path)
            except OSError as exc:
                self._record_failure(source, "", InputError(f"cannot read the file ({exc.strerror})"))
                continue
            if self.manifest.is_done(known.get(source.rel), sha, self.policy, self.settings_of(source)):
                self.summary.unchanged += 1
            elif source.kind == "archive":
                archives.append((source, sha))
            else:
                files.append((source, sha))
        return files, archives

    def _execute(self, files: list[tuple[Source, str]], archives: list[tuple[Source, str]]) -> None:
        s = self.s
        if s.jobs > 1:
            executor: Executor = ProcessPoolExecutor(
                s.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=work.init_worker,
                initargs=(s.config,))
        else:
            work.init_worker(s.config)
            executor = _Inline()
        pending: dict[Future, Callable[[list[work.Outcome]], None]] = {}
        tasks = self._tasks(files, archives)
        try:
            while True:
                while len(pending) < 2 * s.jobs:
                    task = next(tasks, None)
                    if task is None:
                        break
                    fn, arg, handle = task
                    pending[executor.submit(fn, arg)] = handle
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.pop(future)(future.result())
        finally:
            for future in pending:
                future.cancel()
            executor.shutdown(wait=True, cancel_futures=True)

    def _tasks(self, files: list[tuple[Source, str]], archives: list[tuple[Source, str]]) -> Iterator[tuple]:
        size = self.s.batch_size
        for start in range(0, len(files), size):
            chunk = files[start:start + size]
            tasks = [work.FileTask(src.rel, str(src.path), src.format, str(self.s.output / src.rel))
                     for src, _ in chunk]
            yield work.run_files, tasks, self._files_done(chunk)
        for source, sha in archives:
            yield from self._archive_tasks(source, sha)

    def _files_done(self, chunk: list[tuple[Source, str]]) -> Callable[[list[work.Outcome]], None]:
        def handle(outcomes: list[work.Outcome]) -> None:
            assert self.manifest is not None
            entries = []
            for (source, sha), outcome in zip(chunk, outcomes, strict=True):
                entries.append(self._entry(source, outcome.sha256 or sha, outcome))
                if outcome.ok:
                    self.summary.done += 1
                else:
                    self.summary.failed += 1
            self.manifest.record(entries)
            self._progress(len(chunk))
        return handle

    def _entry(self, source: Source, sha: str, outcome: work.Outcome, **rows: int) -> Entry:
        return Entry(source.rel, sha, "ok" if outcome.ok else "failed", outcome.error_class,
                     outcome.error_code, outcome.reason, self.policy, self.settings_of(source), 0,
                     rows.get("ok"), rows.get("failed"))

    def _record_failure(self, source: Source, sha: str, error: PhideidError) -> None:
        assert self.manifest is not None
        self.manifest.record([self._entry(source, sha, work.Outcome.failed(error))])
        self.summary.failed += 1

    # archives -----------------------------------------------------------------------------------------

    def _archive_tasks(self, source: Source, sha: str) -> Iterator[tuple]:
        target = self.s.output / source.rel
        try:
            state = _Archive(source, sha, ArchiveWriter(target, self.s.columns, header(source.path)))
        except InputError as exc:
            state = _Archive(source, sha, None, failure=exc)
        chunk: list[Row] = []
        if state.failure is None:
            try:
                for row in read_rows(source.path, self.s.columns):
                    if row.problem is not None:
                        self._row_failed(state, row, work.Outcome.failed(row.problem))
                        self._progress(1)
                        continue
                    chunk.append(row)
                    if len(chunk) >= self.s.batch_size:
                        yield self._row_task(state, chunk)
                        chunk = []
                if chunk:
                    yield self._row_task(state, chunk)
            except InputError as exc:
                state.failure = exc
            except OSError as exc:
                state.failure = InputError(f"cannot read the archive ({exc.strerror})")
        state.reading = False
        self._archive_progress(state)

    def _row_task(self, state: _Archive, rows: list[Row]) -> tuple:
        seq = state.chunks
        state.chunks += 1
        state.rows[seq] = rows

        def handle(outcomes: list[work.Outcome]) -> None:
            state.results[seq] = outcomes
            self._archive_progress(state)
        return work.run_rows, [(r.text or "", r.patient) for r in rows], handle

    def _row_failed(self, state: _Archive, row: Row, outcome: work.Outcome) -> None:
        ident = row.ident(self.s.columns)
        ident = None if ident is None else str(ident)
        state.errors.append(RowError(row.number, ident, outcome.error_class or "", outcome.error_code or "",
                                     outcome.reason or ""))

    def _archive_progress(self, state: _Archive) -> None:
        """Write the chunks that are next in order; finish the archive when all are in."""
        while state.next_seq in state.results:
            rows, outcomes = state.rows.pop(state.next_seq), state.results.pop(state.next_seq)
            for row, outcome in zip(rows, outcomes, strict=True):
                if outcome.ok and state.writer is not None and state.failure is None:
                    state.writer.write(row.fields, outcome.text or "")
                    state.written += 1
                elif not outcome.ok:
                    self._row_failed(state, row, outcome)
            self._progress(len(rows))
            state.next_seq += 1
        if not state.reading and state.next_seq == state.chunks:
            self._finish_archive(state)

    def _finish_archive(self, state: _Archive) -> None:
        assert self.manifest is not None
        source = state.source
        if state.failure is None:
            try:
                if sha256_file(source.path) != state.sha256:
                    state.failure = InputError("the archive changed while it was read; run again")
            except OSError as exc:
                state.failure = InputError(f"cannot read the archive ({exc.strerror})")
        errors = sorted(state.errors, key=lambda e: e.row)
        if state.failure is not None:
            if state.writer is not None:
                state.writer.abort()
            (self.s.output / source.rel).unlink(missing_ok=True)
            outcome = work.Outcome.failed(state.failure)
            self.summary.failed += 1
        else:
            assert state.writer is not None
            state.writer.commit()
            if errors:
                outcome = work.Outcome(None, "RowsFailed", "rows_failed",
                                       f"{len(errors)} rows could not be de-identified (see their entries)")
                self.summary.failed += 1
            else:
                outcome = work.Outcome()
                self.summary.done += 1
        self.summary.rows_done += state.written
        self.summary.rows_failed += len(errors)
        self.manifest.record_archive(
            self._entry(source, state.sha256, outcome, ok=state.written, failed=len(errors)), errors)

    # the error report ---------------------------------------------------------------------------------

    def _write_report(self, sources: list[Source]) -> Path | None:
        if self.manifest is None:
            return None
        known = self.manifest.entries()
        lines = []
        for source in sources:
            if source.kind == "unsupported":
                lines.append({"path": source.rel, "status": "skipped", "error": "UnsupportedFile",
                              "code": "unsupported_file_type",
                              "reason": "not a note, HL7 v2, FHIR, DICOM file or JSONL/CSV archive "
                                        "(by its extension)"})
                continue
            entry = known.get(source.rel)
            if entry is None or entry.status == "ok":
                continue
            if entry.error_code != "rows_failed":
                lines.append({"path": source.rel, "status": "failed", "error": entry.error_class,
                              "code": entry.error_code, "reason": entry.reason})
            for e in self.manifest.row_errors(source.rel):
                lines.append({"path": source.rel, "row": e.row, "id": e.id, "status": "failed",
                              "error": e.error_class, "code": e.error_code, "reason": e.reason})
        target = self.s.output / ERROR_REPORT
        write_atomic(target, "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8"))
        return target


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None


def _progress_bar(total: int, show: bool):
    if not show:
        return _NoBar()
    from tqdm import tqdm

    # counts and rate only: never a file name, which may name a patient
    return tqdm(total=total, unit="input", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def run_batch(settings: BatchSettings) -> Summary:
    return BatchRun(settings).run()


__all__ = ["BatchRun", "BatchSettings", "ERROR_REPORT", "Summary", "run_batch"]
