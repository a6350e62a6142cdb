"""The job functions, the same whether arq or the in-process runner calls them."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from services.bootstrap import Accord
from workflows.render_jobs import Enqueue, RenderJob, fail_artifact, relay, render_artifact, sweep

log = logging.getLogger("accord.worker")


class RenderTimedOut(Exception):
    """A render ran past its time limit; worth another try."""


class Jobs:
    """Runs renders on a few long-lived threads of their own.

    Long-lived threads keep each thread's Typst compiler (and its caches) warm; a render
    is CPU-bound, so more threads than cores only make every render slower.
    """

    def __init__(self, accord: Accord, *, threads: int = 2) -> None:
        self.accord = accord
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="render")

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
                    job, self.accord.uow, self.accord.renderer, self.accord.files, self._blocking
                ),
                timeout=self.accord.settings.render_timeout_seconds,
            )
        except TimeoutError:
            raise RenderTimedOut(job.id) from None
        log.info("%s: %s", job.id, outcome)
        return outcome

    async def give_up(self, job: RenderJob, reason: str) -> None:
        await fail_artifact(job, self.accord.uow, reason)

    async def relay(self, enqueue: Enqueue) -> int:
        return await relay(self.accord.uow, enqueue)

    async def sweep(self, enqueue: Enqueue) -> int:
        return await sweep(self.accord.uow, enqueue, self.accord.settings.render_overdue_seconds)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
