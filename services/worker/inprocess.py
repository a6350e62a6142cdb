"""Jobs without Redis: the embedded mode runs the same job functions in this process."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.worker.jobs import Jobs, RenderTimedOut
from workflows.render_jobs import RenderJob

log = logging.getLogger("accord.worker")


class InProcessRunner:
    """Polls the outbox, runs render jobs (a few at a time), and sweeps what was missed."""

    def __init__(self, jobs: Jobs, *, concurrency: int = 2, poll_seconds: float = 0.2) -> None:
        self.jobs = jobs
        self.poll_seconds = poll_seconds
        self._slots = asyncio.Semaphore(concurrency)
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loop: asyncio.Task[None] | None = None
        self._poked = asyncio.Event()
        self.max_tries = jobs.accord.settings.render_max_tries

    async def wake(self) -> None:
        """Something was committed: relay now rather than at the next poll."""
        self._poked.set()

    async def enqueue(self, job: RenderJob) -> None:
        # Like arq's job ids: a job already queued or running is not queued again.
        if job.id in self._running:
            return
        self._running[job.id] = asyncio.create_task(self._run(job), name=job.id)

    async def _run(self, job: RenderJob) -> None:
        try:
            for attempt in range(1, self.max_tries + 1):
                async with self._slots:
                    try:
                        await self.jobs.render(job)
                        return
                    except RenderTimedOut:
                        log.warning("%s timed out (try %d of %d)", job.id, attempt, self.max_tries)
                    except Exception:
                        log.exception("%s failed (try %d of %d)", job.id, attempt, self.max_tries)
                await asyncio.sleep(min(2.0**attempt, 30.0))
            await self.jobs.give_up(job, f"gave up after {self.max_tries} tries")
        finally:
            self._running.pop(job.id, None)

    async def tick(self) -> int:
        """Relay what is waiting in the outbox; the number of events handled."""
        return await self.jobs.relay(self.enqueue)

    async def drain(self) -> None:
        """Relay and run until nothing is waiting or running (for the demo and tests)."""
        while True:
            handled = await self.tick()
            if not handled and not self._running:
                return
            if self._running:
                await asyncio.wait(list(self._running.values()), timeout=self.poll_seconds)

    async def _forever(self) -> None:
        sweep_every = max(1, int(30 / self.poll_seconds))
        ticks = 0
        while True:
            try:
                await self.tick()
                if ticks % sweep_every == 0:
                    await self.jobs.sweep(self.enqueue)
            except Exception:
                log.exception("the in-process relay failed; trying again")
            ticks += 1
            self._poked.clear()
            # Woken by a commit, else polling: a lost wake-up only delays, never loses.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poked.wait(), timeout=self.poll_seconds * 5)

    async def start(self) -> None:
        self._loop = asyncio.create_task(self._forever(), name="accord-relay")

    async def stop(self) -> None:
        tasks = [t for t in [self._loop, *self._running.values()] if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.jobs.close()
