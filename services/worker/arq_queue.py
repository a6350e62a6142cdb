"""The runner's queue on Redis, as arq holds it: jobs queued, and the renders it ran.

A job is queued in one round trip, by a script that does what arq's `enqueue_job` does in
three (watch the job's key, check it and its result, then write both in a transaction):
the relay queues an event's jobs one after another, between its commit and their start.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from arq.utils import timestamp_ms
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from services.worker.queues import RENDER_QUEUE, consequence_queue
from workflows.consequences import TABLE, Table
from workflows.ports import ConsequenceJob, RenderJob

QUEUE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)

# Queues a job unless one of its id is queued, running or kept as a result (arq's rule:
# one job per id); KEYS: the job, its result, the queue; ARGV: expiry, job, id, score.
QUEUE_ONCE = """
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('PSETEX', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
return 1
"""


def queue(redis: Redis) -> ArqRedis:
    """arq's view of the queue held by a Redis client's connections."""
    return ArqRedis(connection_pool=redis.connection_pool)


async def queue_once(
    redis: ArqRedis,
    function: str,
    *args: Any,
    job_id: str,
    queue_name: str,
    due: datetime.datetime | None = None,
) -> bool:
    """Queue a job as arq's `enqueue_job` does, in one round trip; whether it was queued."""
    now = timestamp_ms()
    score = int(due.timestamp() * 1000) if due is not None else now
    job = serialize_job(function, args, {}, None, now, serializer=redis.job_serializer)
    queued = await redis.eval(  # type: ignore[misc]
        QUEUE_ONCE,
        3,
        job_key_prefix + job_id,
        result_key_prefix + job_id,
        queue_name,
        str(score - now + redis.expires_extra_ms),
        job,  # type: ignore[arg-type]  # bytes, as redis-py sends them
        job_id,
        str(score),
    )
    return bool(queued)


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
        await queue_once(
            redis,
            "render",
            job.publication,
            job.language,
            job.format,
            job_id=job.id,
            due=due,
            queue_name=RENDER_QUEUE,
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
        await queue_once(
            self.redis,
            "consequence",
            job.consequence,
            job.handler,
            job.attempts,
            job_id=job.id,
            queue_name=consequence_queue(job.handler, self.table),
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
