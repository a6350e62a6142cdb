"""Consequences through arq on a real Redis, with a real arq worker (in this process, so
that it can be given a table of test handlers), on PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from arq.worker import Worker, func
from redis.asyncio import Redis

from services.bootstrap import Accord
from services.worker.arq_queue import ArqQueue, queue
from services.worker.job_functions import consequence
from services.worker.jobs import Jobs
from services.worker.queues import CONSEQUENCE_QUEUE, RENDER_QUEUE
from tests.integration.test_dispatch import record_submissions, statuses, table_of
from tests.unit.test_dispatcher import Flaky
from workflows.consequence_ports import ConsequenceStatus
from workflows.consequences import TABLE, Table
from workflows.ports import ConsequenceJob

pytestmark = pytest.mark.redis


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    return postgresql_url


async def work_through(accord: Accord, redis: Redis, table: Table) -> None:
    """One burst of a real arq worker over what is queued now."""

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["jobs"] = Jobs(accord, ArqQueue(ctx["redis"]), table=table)

    worker = Worker(
        functions=[func(consequence, name="consequence")],
        redis_pool=queue(redis),
        queue_name=CONSEQUENCE_QUEUE,
        burst=True,
        on_startup=startup,
        poll_delay=0.01,
        handle_signals=False,
        keep_result=60,
    )
    try:
        await worker.main()
    finally:
        await worker.close()


async def test_a_flaky_handler_is_retried_through_arq_until_done(
    accord: Accord, redis: Redis
) -> None:
    flaky = Flaky(2)
    table = table_of(flaky, retries=(0.05, 0.05, 0.05))
    await record_submissions(accord, 3)
    jobs = Jobs(accord, ArqQueue(queue(redis)), table=table)
    # Two relays before any worker: one job per consequence waits in the queue.
    await jobs.relay()
    await jobs.relay()
    assert await redis.zcard(CONSEQUENCE_QUEUE) == 3
    async with asyncio.timeout(30):
        while await statuses(accord) != {ConsequenceStatus.DONE: 3}:
            await work_through(accord, redis, table)
            await asyncio.sleep(0.06)  # the retry's delay
            await jobs.relay()  # the worker's cron relay, once a second in production
    # The first consequence failed twice; the other two ran once each.
    assert len(flaky.runs) == 5 and len(set(flaky.runs)) == 3


async def test_heavy_consequences_wait_with_the_renders_light_ones_apart(redis: Redis) -> None:
    # The redlines hold a processor like a render: on the render queue, one at a time per
    # worker; mail and webhooks on their own queue, never behind a render.
    arq = ArqQueue(queue(redis), TABLE)
    for job in (
        ConsequenceJob(1, "render-redlines", 0),
        ConsequenceJob(2, "notify", 0),
        ConsequenceJob(3, "webhooks", 0),
        ConsequenceJob(2, "notify", 0),  # queued again (a second relay): one job
    ):
        await arq.consequence(job)
    renders = [m.decode() for m in await redis.zrange(RENDER_QUEUE, 0, -1)]
    light = [m.decode() for m in await redis.zrange(CONSEQUENCE_QUEUE, 0, -1)]
    assert renders == ["consequence:render-redlines:1:0"]
    assert sorted(light) == ["consequence:notify:2:0", "consequence:webhooks:3:0"]
    # A job id is one job whichever queue is asked: the heavy one is not queued twice.
    await ArqQueue(queue(redis), Table({})).consequence(ConsequenceJob(1, "render-redlines", 0))
    assert await redis.zcard(CONSEQUENCE_QUEUE) == 2
