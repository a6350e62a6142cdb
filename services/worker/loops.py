"""The two arq loops of a worker process, one per queue (`queues.py`): their settings,
and connecting and disconnecting them.

The render loop runs renders and heavy consequences one at a time; the consequence loop
runs light consequences and the cron jobs several at once. arq's worker exits when Redis
goes away: `supervise` connects a new pair (with backoff) whenever one loses Redis, in
the same process, and a worker's hold on its running jobs is a short lease (`lease.py`),
so that the jobs of a worker that was killed are taken up by another one within seconds.
Job ids are deterministic, so a job queued twice runs once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker, func

from services.config import Settings
from services.worker.arq_queue import ArqQueue
from services.worker.job_functions import (
    consequence,
    mail_tick,
    relay_tick,
    render,
    sweep_tick,
    webhook_tick,
)
from services.worker.jobs import Jobs
from services.worker.lease import LeasingWorker
from services.worker.queues import CONSEQUENCE_QUEUE, RENDER_QUEUE
from workflows.consequences import TABLE


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
