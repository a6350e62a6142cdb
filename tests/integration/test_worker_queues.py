"""Light consequences do not wait behind renders: one real worker, real Redis and PostgreSQL,
real pandoc and Typst.

A version of a long paper is requested, and while the worker renders it (one render at a
time) a comment is added. The comment's notification and webhook jobs must start while a
render is still running on that same worker, not after the version's renders: they are on
a queue of their own, served beside the render.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from benchmarks.paper import section_body
from services.bootstrap import Accord
from services.config import Settings
from services.store.consequence_tables import ConsequenceRow
from services.worker.arq_queue import RenderRun, queue, render_runs
from tests.integration import worker_processes
from tests.integration.world import build_world
from tests.receivers import Receiver, webhook_receiver
from tests.servers import REDIS_URL

pytestmark = pytest.mark.redis


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    """The worker is a separate process: production's shape, on PostgreSQL."""
    return postgresql_url


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The paper's webhook endpoint is a receiver on this machine.
    return settings.model_copy(update={"webhook_allow_private_targets": True})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as receiver:
        yield receiver


def before_the_renders_queued_with_it(moment: object, runs: list[RenderRun]) -> bool:
    """Whether a job started while renders queued before it still waited: had it queued
    behind them, it would have started after the last of them. (Not "during a render":
    renders of a second or less leave gaps of milliseconds between them, and a job that
    starts in one of those did not wait for the renders either.)"""
    return len(runs) > 1 and moment < max(run.started for run in runs)  # type: ignore[operator]


async def test_a_comment_s_mail_and_webhooks_start_while_the_worker_renders(
    accord: Accord,
    client: httpx.AsyncClient,
    settings: Settings,
    redis: Redis,
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
    receiver: Receiver,
) -> None:
    world = await build_world(accord, client)
    # Texts in three languages: six renders of a second or so each, one after another, so
    # that the comment lands while one runs and five wait (its jobs start in milliseconds).
    for lang, who in (("en", "author"), ("es", "translator"), ("fr", "translator")):
        body = "\n\n".join(section_body(i, lang) for i in range(1, 21))
        assert (await world.save(who, body, lang=lang)).status_code == 201
    log = tmp_path / "worker.log"
    private = {"ACCORD_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"}
    workers.append(worker_processes.start_worker(settings, log, REDIS_URL, private))
    # An endpoint, so that the comment's webhooks have work (without one they are done
    # by the relay, with no job at all).
    r = await world.call(
        "sec", "POST", f"/papers/{world.paper}/webhooks", json={"url": receiver.url}
    )
    assert r.status_code == 201, r.text

    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": "0.1", "kind": "draft"},
    )
    assert r.status_code == 201, r.text
    deadline = time.monotonic() + 120
    while not await redis.keys("arq:in-progress:render:*"):
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        await asyncio.sleep(0.02)

    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Which sources?", "start": 0, "end": 5},
    )
    assert r.status_code == 201, r.text
    done: dict[int, str] = {}
    while len(done) < 2:
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        async with accord.uow() as uow:
            rows = await uow.session.execute(
                select(ConsequenceRow.id, ConsequenceRow.handler).where(
                    ConsequenceRow.event_name == "CommentAdded",
                    ConsequenceRow.status == "done",
                )
            )
            done = {row.id: row.handler for row in rows}
        await asyncio.sleep(0.1)
    assert sorted(done.values()) == ["notify", "webhooks"]

    path = f"/papers/{world.paper}/publications/0.1"
    while (await world.call("sec", "GET", path)).json()["status"] == "rendering":
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        await asyncio.sleep(0.2)

    # Each of the comment's jobs started while renders were running on the one worker,
    # queued before them, and still waiting.
    results = await queue(redis).all_job_results()
    started = {r.args[0]: r.start_time for r in results if r.function == "consequence"}
    renders = await render_runs(queue(redis))
    assert renders, log.read_text()[-3000:]
    for consequence, handler in done.items():
        assert consequence in started, (handler, sorted(started))
        moment = started[consequence]
        assert before_the_renders_queued_with_it(moment, renders), (handler, moment, renders)
