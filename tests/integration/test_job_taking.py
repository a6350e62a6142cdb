"""Jobs are queued and taken in one script each, with arq's rules: a job id is queued once
(not again while it waits, runs or keeps its result); a worker starts only jobs that are
due, that no other worker holds, no more than it has room for; two workers given one job
start it once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from arq.constants import in_progress_key_prefix, job_key_prefix, result_key_prefix
from arq.worker import func
from redis.asyncio import Redis

from services.worker.arq_queue import queue, queue_once
from services.worker.lease import LeasingWorker

pytestmark = pytest.mark.redis

QUEUE = "accord:test-taking"


def worker(redis: Redis, ran: list[int], *, max_jobs: int = 10) -> LeasingWorker:
    async def job(ctx: dict[str, Any], n: int) -> None:
        ran.append(n)

    return LeasingWorker(
        functions=[func(job, name="job")],
        redis_pool=queue(redis),
        queue_name=QUEUE,
        max_jobs=max_jobs,
        handle_signals=False,
        lease=30,
    )


async def finished(*workers: LeasingWorker) -> None:
    await asyncio.gather(*(t for w in workers for t in w.tasks.values()))


async def due_ids(redis: Redis) -> list[bytes]:
    return list(await redis.zrange(QUEUE, 0, -1))


async def test_only_due_jobs_that_no_other_worker_holds_are_started(redis: Redis) -> None:
    arq = queue(redis)
    await arq.enqueue_job("job", 1, _job_id="held", _queue_name=QUEUE)
    await redis.set(in_progress_key_prefix + "held", b"other", px=60_000)
    await arq.enqueue_job("job", 2, _job_id="later", _queue_name=QUEUE, _defer_by=60)
    await arq.enqueue_job("job", 3, _job_id="due", _queue_name=QUEUE)
    ran: list[int] = []
    taker = worker(redis, ran)
    await taker.start_jobs([b"held", b"later", b"due"])
    await finished(taker)
    assert ran == [3]
    # The other worker's mark is left as it was, and its job and the later one still wait.
    assert await redis.get(in_progress_key_prefix + "held") == b"other"
    assert await due_ids(redis) == [b"held", b"later"]
    assert not await redis.exists(in_progress_key_prefix + "later")


async def test_a_worker_starts_no_more_jobs_than_it_has_room_for(redis: Redis) -> None:
    arq = queue(redis)
    for n in (1, 2, 3):
        await arq.enqueue_job("job", n, _job_id=f"job-{n}", _queue_name=QUEUE)
    ran: list[int] = []
    taker = worker(redis, ran, max_jobs=2)
    await taker.start_jobs(await due_ids(redis))
    await finished(taker)
    assert sorted(ran) == [1, 2]
    assert not await redis.exists(in_progress_key_prefix + "job-3")


async def test_two_workers_given_the_same_job_start_it_once(redis: Redis) -> None:
    await queue(redis).enqueue_job("job", 7, _job_id="once", _queue_name=QUEUE)
    ran: list[int] = []
    first, second = worker(redis, ran), worker(redis, ran)
    await asyncio.gather(first.start_jobs([b"once"]), second.start_jobs([b"once"]))
    await finished(first, second)
    assert ran == [7]


async def test_a_job_id_is_queued_once_and_not_again_while_its_result_is_kept(
    redis: Redis,
) -> None:
    arq = queue(redis)
    assert await queue_once(arq, "job", 1, job_id="once", queue_name=QUEUE)
    assert not await queue_once(arq, "job", 2, job_id="once", queue_name=QUEUE)
    assert await due_ids(redis) == [b"once"]
    ran: list[int] = []
    taker = worker(redis, ran)
    await taker.start_jobs(await due_ids(redis))
    await finished(taker)
    assert ran == [1]
    await redis.set(result_key_prefix + "kept", b"a result")
    assert not await queue_once(arq, "job", 3, job_id="kept", queue_name=QUEUE)
    assert not await redis.exists(job_key_prefix + "kept")
