"""The runner's queue on Redis, as arq holds it: jobs queued, and the renders it ran."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from services.worker.queues import RENDER_QUEUE, consequence_queue
from workflows.consequences import TABLE, Table
from workflows.ports import ConsequenceJob, RenderJob

QUEUE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


def queue(redis: Redis) -> ArqRedis:
    """arq's view of the queue held by a Redis client's connections."""
    return ArqRedis(connection_pool=redis.connection_pool)


def enqueuer(redis: ArqRedis) -> Any:
    """Queues render jobs in the order given (the relay gives the longest first).

    arq scores a job by the millisecond it was queued and serves one millisecond's jobs in
    the order of their ids; each job is therefore due a millisecond after the one before.
    """
    last_ms = 0

    async def enqueue(job: RenderJob) -> None:
        nonlocal last_ms
        last_ms = max(int(time.time() * 1000), last_ms + 1)
        due = datetime.datetime.fromtimestamp(last_ms / 1000, datetime.UTC)
        await redis.enqueue_job(
            "render",
            job.publication,
            job.language,
            job.format,
            _job_id=job.id,
            _defer_until=due,
            # Named every time: a worker's connection defaults to the queue of its loop.
            _queue_name=RENDER_QUEUE,
        )

    return enqueue


class ArqQueue:
    """The runner's queue on Redis: renders in the order given, consequences by try, each
    on its queue. A job id is one arq job whichever queue holds it (its keys are shared),
    so a try queued twice, on either queue, runs once."""

    def __init__(self, redis: ArqRedis, table: Table = TABLE) -> None:
        self.redis = redis
        self.table = table
        self._render = enqueuer(redis)

    async def render(self, job: RenderJob) -> None:
        await self._render(job)

    async def consequence(self, job: ConsequenceJob) -> None:
        await self.redis.enqueue_job(
            "consequence",
            job.consequence,
            job.handler,
            job.attempts,
            _job_id=job.id,
            _queue_name=consequence_queue(job.handler, self.table),
        )


class NotConnected:
    """The queue of a worker that has not reached Redis (yet, or again)."""

    async def render(self, job: RenderJob) -> None:
        raise RedisConnectionError("the worker is not connected to Redis")

    async def consequence(self, job: ConsequenceJob) -> None:
        raise RedisConnectionError("the worker is not connected to Redis")


@dataclass(frozen=True)
class RenderRun:
    """One render job arq still keeps the result of: when it was queued, started, finished."""

    job: RenderJob
    queued: datetime.datetime
    started: datetime.datetime
    finished: datetime.datetime


async def render_runs(redis: ArqRedis) -> list[RenderRun]:
    """The render jobs finished within arq's `keep_result` time, for measuring them."""
    return [
        RenderRun(RenderJob(*r.args), r.enqueue_time, r.start_time, r.finish_time)
        for r in await redis.all_job_results()
        if r.function == "render"
    ]
