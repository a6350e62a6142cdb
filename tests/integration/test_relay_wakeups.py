"""The API's wake-ups reach the workers' relay over Redis, and nothing hangs on them.

A commit with no worker listening leaves its event in the outbox: the relay that starts
listening later relays it first thing. A commit while one listens is relayed without
waiting for the relay's cron tick (which does not run here at all).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from drafts.commands import CreateUser
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.consequence_tables import ConsequenceRow
from services.worker.arq_queue import ArqQueue, queue
from services.worker.jobs import Jobs
from services.worker.queues import CONSEQUENCE_QUEUE
from services.worker.wakeups import RedisWakeup, RelayOnWake
from tests.servers import REDIS_URL, require
from workflows.consequences import Handler, Table
from workflows.event_ports import LoggedEvent
from workflows.ports import Adapters
from workflows.users import SYSTEM_ACTOR, create_user

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    require(REDIS_URL, 6379, "Redis")
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def api(settings: Settings, accord: Accord, redis: Redis) -> AsyncIterator[Accord]:
    """The API's side: an Accord whose commits publish wake-ups (the `accord` fixture has
    migrated and emptied the database)."""
    api = bootstrap(settings.model_copy(update={"redis_url": REDIS_URL}))
    await api.start()
    assert isinstance(api.runner, RedisWakeup)
    yield api
    await api.close()


async def welcome(event: LoggedEvent, adapters: Adapters) -> str | None:
    return None


WELCOME = Table({"UserCreated": (Handler("welcome", welcome),)})


async def add_user(accord: Accord, name: str) -> None:
    async with accord.transaction() as uow:
        await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org"),
            uow,
            accord.tokens,
        )


async def consequences(accord: Accord) -> int:
    async with accord.uow() as uow:
        return len(list(await uow.session.scalars(select(ConsequenceRow.id))))


async def eventually(accord: Accord, count: int) -> None:
    """Until `count` consequences exist (a generous bound: a failure, not a timing)."""
    async with asyncio.timeout(20):
        while await consequences(accord) < count:  # noqa: ASYNC110 - another process writes them
            await asyncio.sleep(0.02)


async def test_a_relay_that_was_not_listening_relays_what_was_committed_meanwhile(
    accord: Accord, api: Accord, redis: Redis
) -> None:
    await add_user(api, "ann")  # its wake-up reaches no one
    assert await consequences(accord) == 0
    async with accord.uow() as uow:
        assert await uow.outbox.waiting() == 1

    # A table whose handler has work for every new user (the real table's webhooks have
    # none for an event of no paper: their consequences are done without a job).
    jobs = Jobs(accord, ArqQueue(queue(redis)), table=WELCOME)
    listening = asyncio.create_task(RelayOnWake(REDIS_URL, jobs).forever())
    try:
        await eventually(accord, 1)
        # And from now on each commit is relayed on its wake-up alone.
        await add_user(api, "bob")
        await eventually(accord, 2)
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        jobs.close()
    async with accord.uow() as uow:
        assert await uow.outbox.waiting() == 0
        queued = list(await uow.session.scalars(select(ConsequenceRow.queued_at)))
    # Queued for the workers too: arq holds one job per consequence.
    assert all(at is not None for at in queued)
    assert len(await redis.zrange(CONSEQUENCE_QUEUE, 0, -1)) == 2
