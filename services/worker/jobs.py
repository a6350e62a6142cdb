"""The job functions, the same whether arq or the in-process runner calls them."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from services.bootstrap import Accord
from workflows.publishing import Enqueue, RenderJob, fail_artifact, relay, render_artifact, sweep

log = logging.getLogger("accord.worker")


class RenderTimedOut(Exception):
    """A render ran past its time limit; worth another try."""


@dataclass
class Jobs:
    accord: Accord

    async def render(self, job: RenderJob) -> str:
        """Render one artifact within the time limit; RenderTimedOut if it ran over."""
        try:
            outcome = await asyncio.wait_for(
                render_artifact(job, self.accord.uow, self.accord.renderer, self.accord.files),
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
