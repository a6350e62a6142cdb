"""The arq workers: render jobs, consequences, and the relay and sweeper as cron jobs.

Each worker process runs two arq loops, one per queue (`queues.py`): renders and heavy
consequences one at a time, light consequences and the cron jobs several at once.

arq delivers at least once, does not retry a job that timed out, and its worker exits
when Redis goes away. So renders catch their own timeout and ask for a retry, job ids are
deterministic, every job checks the database before working, `supervise` connects a
new arq worker (with backoff) whenever one loses Redis, in the same process, and a
worker's hold on its running jobs is a short lease (`lease.py`), so that the jobs of a
worker that was killed are taken up by another one within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from arq import Retry, cron
from arq.connections import ArqRedis, RedisSettings
from arq.worker import Worker, func
from redis.asyncio import ConnectionPool, Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from services.config import Settings
from services.worker.jobs import Jobs, RenderLater, RenderTimedOut
from services.worker.lease import LeasingWorker
from services.worker.outbound import Outbound
from services.worker.queues import CONSEQUENCE_QUEUE, RENDER_QUEUE, consequence_queue
from workflows.consequences import TABLE, Table
from workflows.ports import ConsequenceJob, RenderJob

log = logging.getLogger("accord.worker")
# The channel of the API's wake-ups for the workers' relay (see services.worker.wakeups).
WAKE_CHANNEL = "accord:relay-wake"


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


async def render(ctx: dict[str, Any], publication: int, language: str, fmt: str) -> str:
    jobs: Jobs = ctx["jobs"]
    job = RenderJob(publication, language, fmt)
    try:
        return await jobs.render(job)
    except RenderLater as later:
        raise Retry(defer=later.delay) from None
    except RenderTimedOut as timeout:
        tries = jobs.accord.settings.render_max_tries
        if ctx["job_try"] >= tries:
            await jobs.give_up(job, f"{timeout} ({tries} tries)")
            return "gave up"
        raise Retry(defer=5 * ctx["job_try"]) from None


async def consequence(ctx: dict[str, Any], consequence_id: int, handler: str, tries: int) -> str:
    # A failed try is recorded in the database and queued again by the relay when due:
    # never arq's retry, whose memory of the job ends with its result.
    jobs: Jobs = ctx["jobs"]
    return await jobs.consequence(ConsequenceJob(consequence_id, handler, tries))


async def relay_tick(ctx: dict[str, Any]) -> int:
    jobs: Jobs = ctx["jobs"]
    return await jobs.relay()


async def webhook_tick(ctx: dict[str, Any]) -> int:
    """Try the webhook deliveries that are due again (a few batches at most per tick)."""
    jobs: Jobs = ctx["jobs"]
    return await Outbound(jobs.accord).deliver_webhooks(rounds=3)


async def mail_tick(ctx: dict[str, Any]) -> int:
    """Put waiting notices into mails (digests when due) and send the mails due."""
    jobs: Jobs = ctx["jobs"]
    return await Outbound(jobs.accord).post_mail(rounds=3)


async def sweep_tick(ctx: dict[str, Any]) -> int:
    jobs: Jobs = ctx["jobs"]
    return await jobs.sweep()


def _common_settings(settings: Settings) -> dict[str, Any]:
    assert settings.redis_url, "a worker needs ACCORD_REDIS_URL"
    return {
        # A single try to connect: coming back after Redis is gone is the supervisor's
        # loop, with its own backoff, rather than arq's five tries and an exit.
        "redis_settings": dataclasses.replace(
            RedisSettings.from_dsn(settings.redis_url), conn_retries=0
        ),
        # How soon an idle loop sees a job queued (arq polls): most of the time from
        # an event's commit to the start of its consequences.
        "poll_delay": 0.01,
        "health_check_interval": 30,
        "keep_result": 60,
    }


def _consequence_function() -> Any:
    # A handler keeps its own time limit; this one only frees a stuck worker. Both loops
    # serve consequences (a heavy one on the render queue), with the same bound.
    handler_timeout = max((h.timeout for h in TABLE.handlers().values()), default=60.0)
    return func(consequence, name="consequence", timeout=handler_timeout + 10, max_tries=100)


def render_worker_settings(settings: Settings) -> dict[str, Any]:
    """The arq settings of a worker's render loop: renders and heavy consequences."""
    return {
        **_common_settings(settings),
        "queue_name": RENDER_QUEUE,
        # A job's timeout only ends a job that runs too long; how long a killed worker's
        # job stays locked is the lease (ACCORD_WORKER_LEASE_SECONDS), not these.
        "functions": [
            func(
                render,
                name="render",
                timeout=settings.render_timeout_seconds + 5,
                max_tries=10,
            ),
            _consequence_function(),
        ],
        # One job at a time: a worker never holds a render it cannot start while another
        # worker is idle, and never runs two renders' child processes and memory at once.
        "max_jobs": 1,
    }


def consequence_worker_settings(settings: Settings) -> dict[str, Any]:
    """The arq settings of a worker's consequence loop: light consequences and the cron
    jobs, several at once, none waiting behind a render."""
    return {
        **_common_settings(settings),
        "queue_name": CONSEQUENCE_QUEUE,
        "functions": [
            _consequence_function(),
            # The same relay, callable by name (arq files the cron one under
            # "cron:relay_tick").
            func(relay_tick, name="relay_tick", timeout=10, keep_result=0),
        ],
        # One id per tick (arq's `unique`), shared by every worker: each second one relay
        # runs, whichever worker takes it. (A fixed id stalls arq's cron to once a
        # minute: the next tick's enqueue meets the deferred one and is dropped.)
        "cron_jobs": [
            cron(relay_tick, second=set(range(60)), unique=True, timeout=10),
            cron(sweep_tick, second={15, 45}, unique=True, timeout=10),
            # Each try has its own deadline (ACCORD_WEBHOOK_TIMEOUT_SECONDS); three batches
            # of them fit in the tick's. A courier that dies leaves its claims to expire.
            cron(
                webhook_tick,
                second=set(range(60)),
                unique=True,
                timeout=3 * settings.webhook_timeout_seconds + 10,
            ),
            cron(mail_tick, second=set(range(0, 60, 5)), unique=True, timeout=60),
        ],
        "max_jobs": settings.worker_consequence_jobs,
    }


def queue(redis: Redis) -> ArqRedis:
    """arq's view of the queue held by a Redis client's connections."""
    return ArqRedis(connection_pool=redis.connection_pool)


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


class RedisWakeup:
    """The job runner of a process whose jobs the arq workers run: it wakes their relay
    right after a commit instead of at the next tick."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.redis: ArqRedis | None = None

    async def start(self) -> None:
        # No ping: the API starts (and serves) while Redis is away; a wake-up that cannot
        # be sent is only a delay, and the client reconnects by itself when it is back.
        self.redis = ArqRedis(connection_pool=ConnectionPool.from_url(self.url))

    async def wake(self) -> None:
        if self.redis is None:
            return
        # Heard by every worker's `RelayOnWake` (services.worker.wakeups).
        await self.redis.publish(WAKE_CHANNEL, b"1")

    async def stop(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
            self.redis = None


def connect_workers(
    settings: Settings, jobs: Jobs, connected: Callable[[], Awaitable[None]]
) -> list[Worker]:
    """The arq workers of one connection to the queues (the render loop, the consequence
    loop), sharing the process's long-lived `jobs` (and so its warm renderer) with the
    workers before and after them; `connected` is called once both have reached Redis.
    They stand or fall together (see `supervise`)."""
    started: set[str] = set()

    def worker(queue_settings: dict[str, Any]) -> Worker:
        async def startup(ctx: dict[str, Any]) -> None:
            # The jobs outlive this connection: they queue through one that is current
            # (each names the queue of every job it queues).
            jobs.queue = ArqQueue(ctx["redis"], jobs.table)
            started.add(queue_settings["queue_name"])
            if len(started) == 2:
                await connected()

        return LeasingWorker(
            **queue_settings,
            lease=settings.worker_lease_seconds,
            ctx={"jobs": jobs},
            on_startup=startup,
            handle_signals=False,
        )

    return [worker(render_worker_settings(settings)), worker(consequence_worker_settings(settings))]


async def disconnect_worker(worker: Worker) -> None:
    """Stop a worker's jobs and close its connections, whether or not Redis answers."""
    running = [task for task in worker.tasks.values() if not task.done()]
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    pool = worker._pool
    worker._pool = None
    if pool is not None:
        with contextlib.suppress(Exception):
            await pool.close(close_connection_pool=True)


QUEUE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


class NotConnected:
    """The queue of a worker that has not reached Redis (yet, or again)."""

    async def render(self, job: RenderJob) -> None:
        raise RedisConnectionError("the worker is not connected to Redis")

    async def consequence(self, job: ConsequenceJob) -> None:
        raise RedisConnectionError("the worker is not connected to Redis")
