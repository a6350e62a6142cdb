"""The arq worker against real Redis and PostgreSQL, with real pandoc and typst.

A version is requested while no worker runs (the relay "stopped" between the commit and
the enqueue); a worker is killed in the middle of a render; two fresh workers finish the
job. The version completes once, with exactly one artifact per (language, format).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from benchmarks.paper import section_body
from services.bootstrap import Accord
from services.config import Settings
from services.store.publication_tables import ArtifactRow
from services.store.tables import EventRow
from tests.integration import worker_processes
from tests.integration.world import World, build_world
from tests.servers import REDIS_URL

pytestmark = pytest.mark.redis
RENDER_TIMEOUT = 10
# The killed worker's render is free again after one lease: short here, so that the test
# waits for it briefly, yet renewed often enough that a busy machine keeps live leases.
LEASE = 6


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    """Workers are separate processes: production's shape, on PostgreSQL."""
    return postgresql_url


def start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    return worker_processes.start_worker(
        settings,
        log,
        REDIS_URL,
        {
            "ACCORD_RENDER_TIMEOUT_SECONDS": str(RENDER_TIMEOUT),
            "ACCORD_RENDER_OVERDUE_SECONDS": "5",
            "ACCORD_WORKER_LEASE_SECONDS": str(LEASE),
        },
    )


async def status(w: World, version: str) -> dict[str, object]:
    r = await w.call("sec", "GET", f"/papers/{w.paper}/publications/{version}")
    return dict(r.json())


async def test_a_killed_worker_loses_nothing_and_duplicates_nothing(
    accord: Accord,
    client: httpx.AsyncClient,
    settings: Settings,
    redis: Redis,
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    world = await build_world(accord, client)
    for lang, who in (("en", "author"), ("es", "translator"), ("fr", "translator")):
        body = "\n\n".join(section_body(i, lang) for i in range(1, 9))
        assert (await world.save(who, body, lang=lang)).status_code == 201

    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": "0.1", "kind": "draft"},
    )
    assert r.status_code == 201, r.text
    await asyncio.sleep(1.5)
    # Committed, not yet relayed: the request waits in the outbox, nothing is lost.
    async with accord.uow() as uow:
        assert await uow.outbox.waiting() >= 1
    assert (await status(world, "0.1"))["status"] == "rendering"

    log = tmp_path / "workers.log"
    workers.append(start_worker(settings, log))
    deadline = time.monotonic() + 60
    while not await redis.keys("arq:in-progress:render:*"):
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        await asyncio.sleep(0.05)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait(10)

    workers.append(start_worker(settings, log))
    workers.append(start_worker(settings, log))
    deadline = time.monotonic() + 120
    while (await status(world, "0.1"))["status"] == "rendering":
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        await asyncio.sleep(0.5)

    done = await status(world, "0.1")
    assert done["status"] == "published", done
    artifacts = done["artifacts"]
    assert isinstance(artifacts, list)
    assert sorted((a["language"], a["format"]) for a in artifacts) == sorted(
        (lang, fmt) for lang in ("en", "es", "fr") for fmt in ("docx", "pdf")
    )
    async with accord.uow() as uow:
        rows = await uow.session.scalar(select(func.count()).select_from(ArtifactRow))
        rendered = await uow.session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.name == "ArtifactRendered")
        )
        published = await uow.session.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.name == "PublicationPublished")
        )
    assert (rows, rendered, published) == (6, 6, 1)
    folder = settings.data_dir / world.paper / "0.1"
    finished = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".partial-"))
    assert finished == sorted(a["filename"] for a in artifacts)
    for a in artifacts:
        file = await world.call("sec", "GET", a["url"].removeprefix("/api/v1"))
        assert file.status_code == 200 and len(file.content) == a["size"]


async def test_render_jobs_wait_in_the_order_the_relay_gave_them(redis: Redis) -> None:
    # The relay gives the longest renders first; arq would serve jobs queued in the same
    # millisecond by id (en.docx first), so the order must survive the queue.
    from arq.constants import default_queue_name

    from services.worker.arq_queue import enqueuer, queue
    from workflows.render_jobs import RenderJob

    given = [
        RenderJob(7, lang, fmt) for fmt in ("pdf", "docx") for lang in ("fr", "es", "en", "ar")
    ]
    enqueue = enqueuer(queue(redis))
    for job in given:
        await enqueue(job)
    waiting = [member.decode() for member in await redis.zrange(default_queue_name, 0, -1)]
    assert waiting == [job.id for job in given]
