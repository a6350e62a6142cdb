"""The job functions, the same whether arq or the in-process runner calls them.

`Jobs` is also what a consequence's handler gets as its `Adapters`: the units of work
and a way to queue renders, through whichever runner runs the jobs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.bootstrap import Accord
from services.observability.context import request_context
from services.observability.metrics import RENDERS
from services.render.redline import cached_redline
from services.store.requests import request_of_consequence, request_of_publication
from services.store.unit_of_work import SqlUnitOfWork
from workflows.consequences import TABLE, Table
from workflows.dispatch import relay, run_consequence
from workflows.ports import ConsequenceJob, Mailer, OutboundSetup, RenderJob, WebhookSender
from workflows.render_jobs import RenderDeferred, fail_artifact, render_artifact, sweep
from workflows.rendering import Edition

log = logging.getLogger("accord.worker")


OUTER_GRACE_SECONDS = 30.0


class RenderTimedOut(Exception):
    """A render ran past its time limit; worth another try."""


class RenderLater(Exception):
    """Try the job again after `delay` seconds (its file could not be stored yet)."""

    def __init__(self, reason: str, delay: float) -> None:
        super().__init__(reason)
        self.delay = delay


LONGEST_STORAGE_PAUSE = 300.0


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

    @property
    def webhook_sender(self) -> WebhookSender:
        return self.accord.webhook_sender

    @property
    def mailer(self) -> Mailer:
        return self.accord.mailer

    @property
    def outbound(self) -> OutboundSetup:
        return self.accord.outbound

    # The jobs.

    async def _blocking(self, function: Callable[..., bytes], *args: Any) -> bytes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args))

    async def warm(self) -> None:
        """Load fonts and the reference document before the first job, not during it."""
        warm = getattr(self.accord.renderer, "warm", None)
        if warm is not None:
            await asyncio.get_running_loop().run_in_executor(self._executor, warm)

    async def _request_id(
        self, lookup: Callable[[AsyncSession], Awaitable[str | None]]
    ) -> str | None:
        # Only for the logs: a job whose request cannot be looked up still runs.
        try:
            async with self.accord.uow() as uow:
                return await lookup(uow.session)
        except Exception:
            return None

    async def render(self, job: RenderJob) -> str:
        """Render one artifact, logged under the id of the request that asked for it."""
        found = await self._request_id(lambda s: request_of_publication(s, job.publication))
        with request_context(found):
            return await self._render(job)

    async def _render(self, job: RenderJob) -> str:
        """Render one artifact within the time limit; RenderTimedOut if it ran over.

        The renderer kills a render at its deadline; this outer limit (a little longer)
        only bounds the job as a whole, database included.
        """
        limit = self.accord.settings.render_timeout_seconds + OUTER_GRACE_SECONDS
        started = time.perf_counter()

        def measured(outcome: str) -> None:
            RENDERS.labels(job.language, job.format, outcome).observe(time.perf_counter() - started)

        try:
            outcome = await asyncio.wait_for(
                render_artifact(
                    job,
                    self.accord.transaction,
                    self.accord.renderer,
                    self.accord.files,
                    self._blocking,
                ),
                timeout=limit,
            )
        except TimeoutError as timeout:
            measured("timed_out")
            raise RenderTimedOut(str(timeout) or f"ran longer than {limit:g} s") from None
        except RenderDeferred as deferred:
            measured("storage_error")
            settings = self.accord.settings
            if deferred.tries >= settings.storage_max_tries:
                await self.give_up(job, f"{deferred.reason} ({deferred.tries} tries)")
                log.error("%s: gave up: %s", job.id, deferred.reason)
                return "failed"
            delay = min(
                settings.storage_retry_seconds * 2 ** (deferred.tries - 1), LONGEST_STORAGE_PAUSE
            )
            log.warning("%s: %s; trying again in %g s", job.id, deferred.reason, delay)
            raise RenderLater(deferred.reason, delay) from None
        if outcome in ("rendered", "reused", "failed"):
            measured(outcome)
        log.info("%s: %s", job.id, outcome)
        return outcome

    async def give_up(self, job: RenderJob, reason: str) -> None:
        await fail_artifact(job, self.accord.transaction, reason)

    async def consequence(self, job: ConsequenceJob) -> str:
        """One try of one consequence; its failures are recorded, never raised. Logged
        (and its events recorded) under the id of the request that set it off."""
        found = await self._request_id(lambda s: request_of_consequence(s, job.consequence))
        with request_context(found):
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
