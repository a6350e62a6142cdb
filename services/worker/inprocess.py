"""Jobs without Redis: the embedded mode runs the same job functions in this process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from services.bootstrap import Accord
from services.worker.jobs import Jobs, RenderLater, RenderTimedOut
from services.worker.outbound import Outbound
from workflows.consequences import TABLE, Table
from workflows.ports import ConsequenceJob, RenderJob

log = logging.getLogger("accord.worker")


class InProcessRunner:
    """Polls the outbox, runs render jobs (a few at a time) and consequences, and sweeps
    what was missed. The job runner of the embedded mode."""

    def __init__(
        self,
        accord: Accord,
        *,
        concurrency: int = 2,
        poll_seconds: float = 0.2,
        threads: int = 2,
        table: Table = TABLE,
    ) -> None:
        self.jobs = Jobs(accord, self, threads=threads, table=table)
        self.poll_seconds = poll_seconds
        self._slots = asyncio.Semaphore(concurrency)
        # Consequences wait on the network more than on the processor: more at once.
        self._consequence_slots = asyncio.Semaphore(8)
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loop: asyncio.Task[None] | None = None
        self._outbound_loop: asyncio.Task[None] | None = None
        self.outbound = Outbound(accord)
        self._poked = asyncio.Event()
        self.max_tries = accord.settings.render_max_tries

    async def wake(self) -> None:
        """Something was committed: relay now rather than at the next poll."""
        self._poked.set()

    def _start(self, job_id: str, work: Callable[[], Awaitable[None]]) -> None:
        # Like arq's job ids: a job already queued or running is not queued again.
        if job_id in self._running:
            return
        self._running[job_id] = asyncio.create_task(self._tracked(job_id, work), name=job_id)

    async def _tracked(self, job_id: str, work: Callable[[], Awaitable[None]]) -> None:
        try:
            await work()
        finally:
            self._running.pop(job_id, None)

    async def render(self, job: RenderJob) -> None:
        self._start(job.id, lambda: self._render(job))

    async def consequence(self, job: ConsequenceJob) -> None:
        self._start(job.id, lambda: self._consequence(job))

    async def _render(self, job: RenderJob) -> None:
        failures = 0
        while True:
            async with self._slots:
                try:
                    await self.jobs.render(job)
                    return
                except RenderLater as later:
                    delay = later.delay  # its own bound is the job's
                except Exception as error:
                    failures += 1
                    reason = str(error) if isinstance(error, RenderTimedOut) else repr(error)
                    log.warning("%s: %s (try %d of %d)", job.id, reason, failures, self.max_tries)
                    if failures >= self.max_tries:
                        await self.jobs.give_up(job, f"{reason} ({failures} tries)")
                        return
                    delay = min(2.0**failures, 30.0)
            await asyncio.sleep(delay)

    async def _consequence(self, job: ConsequenceJob) -> None:
        # A heavy one (the redlines) takes a render's slot, as it would wait on arq's render
        # queue; the light ones have slots of their own and never wait for a render.
        heavy = self.jobs.table.is_heavy(job.handler)
        async with self._slots if heavy else self._consequence_slots:
            try:
                await self.jobs.consequence(job)
            except Exception:
                # The try stays running in the database; once its lease is over the
                # relay queues it again.
                log.exception("%s could not be run", job.id)
        # Its retry (if any) is due later: the next relay queues it then.

    async def tick(self) -> int:
        """Relay what is waiting in the outbox and what is due; how many there were."""
        return await self.jobs.relay()

    async def drain(self) -> None:
        """Relay and run until nothing is waiting, due or running (for the demo and
        tests); retries that are due later are left for later."""
        while True:
            handled = await self.tick()
            if not handled and not self._running:
                # Webhook retries and mail due now (digests wait for their time).
                await self.outbound.deliver_webhooks()
                await self.outbound.post_mail()
                return
            if self._running:
                await asyncio.wait(list(self._running.values()), timeout=self.poll_seconds)

    async def _forever(self) -> None:
        sweep_every = max(1, int(30 / self.poll_seconds))
        ticks = 0
        while True:
            # Cleared before the relay reads the outbox, not after: a commit during the
            # tick wakes the next one at once instead of waiting for the poll.
            self._poked.clear()
            try:
                await self.tick()
                if ticks % sweep_every == 0:
                    await self.jobs.sweep()
            except Exception:
                log.exception("the in-process relay failed; trying again")
            ticks += 1
            # Woken by a commit, else polling: a lost wake-up only delays, never loses.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poked.wait(), timeout=self.poll_seconds * 5)

    async def _outbound_forever(self) -> None:
        # Webhook retries and mail (digests, tries after a failure), apart from the relay:
        # a slow receiver must not hold up the relay or a render.
        while True:
            try:
                await self.outbound.deliver_webhooks()
                await self.outbound.post_mail()
            except Exception:
                log.exception("the in-process courier failed; trying again")
            await asyncio.sleep(self.poll_seconds * 5)

    async def start(self) -> None:
        self._loop = asyncio.create_task(self._forever(), name="accord-relay")
        self._outbound_loop = asyncio.create_task(self._outbound_forever(), name="accord-outbound")

    async def stop(self) -> None:
        tasks = [
            t for t in [self._loop, self._outbound_loop, *self._running.values()] if t is not None
        ]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.jobs.close()
