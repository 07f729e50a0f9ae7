"""Gathers concurrent requests into micro-batches: one engine call (and one model call) for many callers.

Callers ``submit`` documents (``Document``: notes that need spans back) or payloads (``Payload``: any
format); each becomes a job on a queue with its own future. One task takes the first job, then waits at
most ``wait_ms`` (or until ``max_batch`` jobs) for more, and runs ONE engine pass for them in a single
worker thread: ``deidentify_many`` for the documents and ``deidentify_payloads`` for the payloads (both
when the batch holds both). The event loop never runs engine code, and the engine is only ever used by
that one thread. While a batch runs, new jobs queue up, so under load batches fill without waiting.

A failure of the whole pass (the model or the vault) fails every job of that batch with the same error;
a payload that cannot be de-identified fails alone, as the engine reports it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from phideid.deidentifier import Deidentifier, Document, Payload, PayloadResult, Result

log = logging.getLogger("phideid.api")

Item = Document | Payload
Outcome = Result | PayloadResult


@dataclass
class _Job:
    item: Item
    future: asyncio.Future[Outcome]


class MicroBatcher:
    """Parameters
    ----------
    engine:
        Used from the batcher's one worker thread only.
    max_batch:
        Most jobs per engine pass.
    wait_ms:
        Longest wait, after the first job, for a batch to fill.
    on_batch:
        Called with (jobs, seconds) after each pass, from the event loop (metrics).
    """

    def __init__(self, engine: Deidentifier, *, max_batch: int = 64, wait_ms: float = 5.0,
                 on_batch: Callable[[int, float], None] | None = None) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self.wait_s = wait_ms / 1000
        self.on_batch = on_batch
        self.batches = 0
        self.largest = 0
        self._queue: asyncio.Queue[_Job] | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phideid-engine")

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._loop(), name="phideid-micro-batcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        while self._queue is not None and not self._queue.empty():
            job = self._queue.get_nowait()
            if not job.future.done():
                job.future.set_exception(RuntimeError("the server is stopping"))
        self._thread.shutdown(wait=True)

    async def submit(self, items: Sequence[Item]) -> list[Outcome]:
        """The outcome of each item, in order; raises when the whole engine pass failed."""
        if self._queue is None:
            raise RuntimeError("the micro-batcher is not started")
        loop = asyncio.get_running_loop()
        jobs = [_Job(item, loop.create_future()) for item in items]
        for job in jobs:
            self._queue.put_nowait(job)
        return list(await asyncio.gather(*(job.future for job in jobs)))

    async def run_in_engine_thread(self, fn: Callable[[], object]) -> object:
        """Run ``fn`` on the engine's thread (a readiness probe of the vault, say)."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn)

    async def _gather(self) -> list[_Job]:
        assert self._queue is not None
        jobs = [await self._queue.get()]
        deadline = time.monotonic() + self.wait_s
        while len(jobs) < self.max_batch:
            if not self._queue.empty():
                jobs.append(self._queue.get_nowait())
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                jobs.append(await asyncio.wait_for(self._queue.get(), left))
            except TimeoutError:
                break
        return jobs

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = await self._gather()
            live = [j for j in jobs if not j.future.done()]  # a caller that went away needs no work
            if not live:
                continue
            started = time.perf_counter()
            try:
                outcomes = await loop.run_in_executor(self._thread, _run, self.engine, [j.item for j in live])
            except Exception as exc:  # the whole pass failed: every caller of the batch learns why
                for job in live:
                    if not job.future.done():
                        job.future.set_exception(exc)
                log.warning("engine pass of %d documents failed (%s)", len(live), exc.__class__.__name__)
                continue
            for job, outcome in zip(live, outcomes, strict=True):
                if not job.future.done():
                    job.future.set_result(outcome)
            self.batches += 1
            self.largest = max(self.largest, len(live))
            if self.on_batch is not None:
                self.on_batch(len(live), time.perf_counter() - started)


def _run(engine: Deidentifier, items: Sequence[Item]) -> list[Outcome]:
    """One engine pass: documents through ``deidentify_many``, payloads through ``deidentify_payloads``."""
    documents = [(i, it) for i, it in enumerate(items) if isinstance(it, Document)]
    payloads = [(i, it) for i, it in enumerate(items) if isinstance(it, Payload)]
    out: list[Outcome | None] = [None] * len(items)
    if documents:
        for (i, _), result in zip(documents, engine.deidentify_many([d for _, d in documents]), strict=True):
            out[i] = result
    if payloads:
        for (i, _), done in zip(payloads, engine.deidentify_payloads([p for _, p in payloads]), strict=True):
            out[i] = done
    return out  # type: ignore[return-value]  # every slot is filled above


__all__ = ["MicroBatcher"]
