"""The job functions, the same whether arq or the in-process runner calls them.

`Jobs` is also what a consequence's handler gets as its `Adapters`: the units of work
and a way to queue renders, through whichever runner runs the jobs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from services.bootstrap import Accord
from services.render.redline import cached_redline
from services.store.unit_of_work import SqlUnitOfWork
from workflows.consequences import TABLE, Table
from workflows.dispatch import relay, run_consequence
from workflows.ports import ConsequenceJob, RenderJob
from workflows.render_jobs import fail_artifact, render_artifact, sweep
from workflows.rendering import Edition

log = logging.getLogger("accord.worker")


class RenderTimedOut(Exception):
    """A render ran past its time limit; worth another try."""


class Queue(Protocol):
    """Where a runner puts the jobs it is given (arq's Redis queue, or its own tasks).
    Queueing a job id already queued or running queues nothing."""

    async def render(self, job: RenderJob) -> None: ...
    async def consequence(self, job: ConsequenceJob) -> None: ...


class Jobs:
    """Runs renders on a few long-lived threads of their own, and consequences.

    Long-lived threads keep each thread's Typst compiler (and its caches) warm; a render
    is CPU-bound, so more threads than cores only make every render slower.
    """

    def __init__(
        self, accord: Accord, queue: Queue, *, threads: int = 2, table: Table = TABLE
    ) -> None:
        self.accord = accord
        self.queue = queue
        self.table = table
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="render")

    # The adapters a handler may use (the `Adapters` port).

    def transaction(self) -> AbstractAsyncContextManager[SqlUnitOfWork]:
        return self.accord.transaction()

    async def queue_render(self, job: RenderJob) -> None:
        await self.queue.render(job)

    async def render_redline(self, edition: Edition) -> None:
        await self._blocking(cached_redline, self.accord.renderer, self.accord.files, edition)

    # The jobs.

    async def _blocking(self, function: Callable[..., bytes], *args: Any) -> bytes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args))

    async def warm(self) -> None:
        """Load fonts and the reference document before the first job, not during it."""
        warm = getattr(self.accord.renderer, "warm", None)
        if warm is not None:
            await asyncio.get_running_loop().run_in_executor(self._executor, warm)

    async def render(self, job: RenderJob) -> str:
        """Render one artifact within the time limit; RenderTimedOut if it ran over."""
        try:
            outcome = await asyncio.wait_for(
                render_artifact(
                    job,
                    self.accord.transaction,
                    self.accord.renderer,
                    self.accord.files,
                    self._blocking,
                ),
                timeout=self.accord.settings.render_timeout_seconds,
            )
        except TimeoutError:
            raise RenderTimedOut(job.id) from None
        log.info("%s: %s", job.id, outcome)
        return outcome

    async def give_up(self, job: RenderJob, reason: str) -> None:
        await fail_artifact(job, self.accord.transaction, reason)

    async def consequence(self, job: ConsequenceJob) -> str:
        """One try of one consequence; its failures are recorded, never raised."""
        outcome = await run_consequence(job, self, table=self.table)
        log.info("%s: %s", job.id, outcome)
        return outcome

    async def relay(self) -> int:
        """Dispatch the outbox and queue the consequences that are due."""
        return await relay(self.accord.transaction, self.queue.consequence, table=self.table)

    async def sweep(self) -> int:
        """Queue again the renders still pending after a while."""
        return await sweep(
            self.accord.transaction, self.queue.render, self.accord.settings.render_overdue_seconds
        )

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
