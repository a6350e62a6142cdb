"""A job the queue no longer runs is taken up again: on real Redis with real arq workers
(in this process), on PostgreSQL, with the real renderer.

A worker holds the jobs it runs as a lease it renews while it lives (a killed worker's
job is free again within one lease: see test_worker_redis.py); a render whose job Redis
lost altogether is queued again by the sweeper, and its version completes.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from arq.constants import in_progress_key_prefix
from arq.worker import func
from redis.asyncio import Redis

from services.bootstrap import Accord
from services.worker.arq_queue import ArqQueue, queue
from services.worker.job_functions import consequence, render
from services.worker.jobs import Jobs
from services.worker.lease import LeasingWorker
from services.worker.queues import CONSEQUENCE_QUEUE, RENDER_QUEUE
from tests.integration.world import build_world
from workflows.render_jobs import sweep

pytestmark = pytest.mark.redis


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    return postgresql_url


async def renders_queued(redis: Redis) -> list[str]:
    """The render jobs waiting in the render queue (heavy consequences may wait there too)."""
    waiting = [m.decode() for m in await redis.zrange(RENDER_QUEUE, 0, -1)]
    return sorted(m for m in waiting if m.startswith("render:"))


async def hold(ctx: dict[str, Any], seconds: float) -> str:
    await asyncio.sleep(seconds)
    return "held"


async def test_a_running_job_is_held_by_a_lease_renewed_while_it_runs(redis: Redis) -> None:
    # The function may run 15 minutes, yet its job is held one lease at a time: arq alone
    # would hold it (and a killed worker's copy of it) for 15 minutes and 10 s.
    lease = 1.0
    worker = LeasingWorker(
        functions=[func(hold, name="hold", timeout=900)],
        redis_pool=queue(redis),
        burst=True,
        poll_delay=0.02,
        handle_signals=False,
        lease=lease,
    )
    await queue(redis).enqueue_job("hold", 2.5 * lease, _job_id="held")
    key = in_progress_key_prefix + "held"
    running = asyncio.create_task(worker.main())
    try:
        seen: list[int] = []
        started = time.monotonic()
        while not running.done():
            ttl = await redis.pttl(key)
            if ttl > 0:
                seen.append(ttl)
            elapsed = time.monotonic() - started
            if elapsed > 2 * lease:
                # Past two leases the job is still held, and never for more than one.
                assert ttl > 0, "the running job's hold expired"
                break
            await asyncio.sleep(0.05)
        assert seen and max(seen) <= lease * 1000
        await running
    finally:
        running.cancel()
        await worker.close()
    assert not await redis.exists(key)  # done: nothing holds it any more
    assert worker.jobs_complete == 1


async def test_a_render_whose_job_redis_lost_is_queued_again_and_completes(
    accord: Accord, client: httpx.AsyncClient, redis: Redis
) -> None:
    world = await build_world(accord, client)
    assert (await world.save("author", "The text.\n")).status_code == 201
    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": "0.1", "kind": "draft", "languages": ["en"]},
    )
    assert r.status_code == 201, r.text

    arq = queue(redis)
    jobs = Jobs(accord, ArqQueue(arq))

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["jobs"] = jobs

    async def work(*functions: Any, on: str) -> None:
        # Until the queue is empty (arq's count of a burst's jobs counts a job twice once
        # it has finished and before the next poll, so a limit ends the burst early).
        worker = LeasingWorker(
            functions=list(functions),
            redis_pool=arq,
            queue_name=on,
            burst=True,
            poll_delay=0.01,
            handle_signals=False,
            on_startup=startup,
            lease=30,
        )
        try:
            await worker.main()
        finally:
            await worker.close()

    # The request's consequences (only) run: one of them queues the two renders ...
    await jobs.relay()
    await work(func(consequence, name="consequence"), on=CONSEQUENCE_QUEUE)
    assert await renders_queued(redis) == ["render:1:en:docx", "render:1:en:pdf"]
    # ... and Redis loses them (restarted with nothing on disk) before any worker ran them.
    await redis.flushdb()
    version = f"/papers/{world.paper}/publications/0.1"
    assert (await world.call("sec", "GET", version)).json()["status"] == "rendering"

    # The sweeper queues each render still pending, once: a job still queued is not doubled.
    assert await sweep(accord.transaction, jobs.queue_render, 0) == 2
    assert await sweep(accord.transaction, jobs.queue_render, 0) == 2
    assert await renders_queued(redis) == ["render:1:en:docx", "render:1:en:pdf"]

    # Each is queued again on the render queue, which the render loop serves.
    await work(func(render, name="render"), func(consequence, name="consequence"), on=RENDER_QUEUE)
    done = (await world.call("sec", "GET", version)).json()
    assert done["status"] == "published", done
    assert sorted(a["format"] for a in done["artifacts"]) == ["docx", "pdf"]
    jobs.close()
