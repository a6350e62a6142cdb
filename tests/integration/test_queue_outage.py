"""Redis goes away and comes back under a batch of publications: the workers stay.

Two `accord worker` processes serve a private Redis (it keeps nothing on disk, so its
restart also empties the queue). It is killed while versions are rendering and started
again: the workers reconnect by themselves, the sweeper queues what the restart lost,
and every version is published, with both worker processes still the ones started.
Meanwhile readiness says what is missing, and a version no live worker would render says
so.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.bootstrap import Accord
from services.config import Settings
from tests.integration import worker_processes
from tests.integration.world import World, build_world
from tests.live_server import serving
from tests.private_servers import PrivateRedis, private_redis

pytestmark = [pytest.mark.slow, pytest.mark.redis]

VERSIONS = 4
HEARTBEAT = 0.5


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    return postgresql_url


@pytest.fixture
def queue_server() -> Iterator[PrivateRedis]:
    with private_redis() as server:
        yield server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, queue_server: PrivateRedis) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        redis_url=queue_server.url,
        data_dir=tmp_path / "data",
        token_secret="test-secret-" + "x" * 32,
        worker_heartbeat_seconds=HEARTBEAT,
    )


def start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    return worker_processes.start_worker(
        settings,
        log,
        str(settings.redis_url),
        {
            "ACCORD_RENDER_OVERDUE_SECONDS": "3",
            "ACCORD_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "ACCORD_LOG_FORMAT": "text",
        },
    )


async def ready(http: httpx.AsyncClient) -> httpx.Response:
    return await http.get("/readyz")


async def publication(world: World, version: str) -> dict[str, object]:
    r = await world.call("sec", "GET", f"/papers/{world.paper}/publications/{version}")
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_workers_outlive_a_redis_restart_and_every_version_is_published(
    accord: Accord,
    queue_server: PrivateRedis,
    workers: list[subprocess.Popen[bytes]],
    settings: Settings,
    tmp_path: Path,
) -> None:
    log = tmp_path / "workers.log"
    async with (
        serving(accord) as base,
        httpx.AsyncClient(base_url=base + "/api/v1", timeout=10) as client,
        httpx.AsyncClient(base_url=base, timeout=10) as probe,
    ):
        world = await build_world(accord, client)
        assert (await world.save("author", "The first text.\n")).status_code == 201

        # No worker yet: readiness says so, and so does a version waiting for one.
        not_yet = await ready(probe)
        assert not_yet.status_code == 503
        assert not_yet.json()["checks"]["workers"]["status"] == "failing"
        assert not_yet.json()["checks"]["redis"]["status"] == "ok"
        r = await world.call(
            "sec",
            "POST",
            f"/papers/{world.paper}/publications",
            json={"version": "0.1", "kind": "draft", "languages": ["en"]},
        )
        assert r.status_code == 201, r.text
        waiting = await publication(world, "0.1")
        assert waiting["status"] == "rendering"
        assert "worker" in str(waiting["waiting_for"])

        workers.extend(start_worker(settings, log) for _ in range(2))
        started = time.monotonic()
        while (await ready(probe)).json()["checks"]["workers"].get("connected") != 2:
            assert time.monotonic() - started < 90, log.read_text()[-3000:]
            await asyncio.sleep(0.2)
        assert (await ready(probe)).status_code == 200
        # The depth of each queue is its own series (-1 would be Redis not answering).
        scraped = (await probe.get("/metrics")).text
        for name in ("renders", "consequences"):
            depth = re.search(rf'^accord_queue_jobs\{{queue="{name}"\}} (\S+)$', scraped, re.M)
            assert depth is not None and float(depth.group(1)) >= 0, scraped

        for n in range(2, VERSIONS + 1):
            saved = await world.save("author", f"The text of version 0.{n}.\n", base=n - 1)
            assert saved.status_code == 201, saved.text
            r = await world.call(
                "sec",
                "POST",
                f"/papers/{world.paper}/publications",
                json={"version": f"0.{n}", "kind": "draft", "languages": ["en"]},
            )
            assert r.status_code == 201, r.text

        versions = [f"0.{n}" for n in range(1, VERSIONS + 1)]
        before = [(await publication(world, v))["status"] for v in versions]
        assert "rendering" in before, before  # the outage meets work in progress
        queue_server.stop()
        down_at = time.monotonic()
        await asyncio.sleep(1.5)
        during = await ready(probe)
        assert during.status_code == 503
        assert during.json()["checks"]["redis"]["status"] == "failing"
        assert [w.poll() for w in workers] == [None, None], log.read_text()[-3000:]
        queue_server.start()
        up_at = time.monotonic()

        while True:
            states = [(await publication(world, v))["status"] for v in versions]
            if all(s == "published" for s in states):
                break
            assert "failed" not in states, states
            assert time.monotonic() - up_at < 120, (states, log.read_text()[-3000:])
            await asyncio.sleep(0.3)
        recovered = time.monotonic() - up_at
        while (await ready(probe)).status_code != 200:
            assert time.monotonic() - up_at < 60, (await ready(probe)).text
            await asyncio.sleep(0.2)
        print(
            f"\nRedis down {up_at - down_at:.1f} s; {VERSIONS} versions published "
            f"{recovered:.1f} s after it came back; ready again "
            f"{time.monotonic() - up_at:.1f} s after"
        )
    # The same two processes did it all: neither exited and was replaced.
    assert [w.poll() for w in workers] == [None, None], log.read_text()[-3000:]
    assert "connecting again" in log.read_text()
