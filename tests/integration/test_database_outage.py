"""PostgreSQL crashes and comes back under write load: clients hear 503, never a reset.

A private cluster is stopped at once (`-m immediate`, a crash as far as clients can
tell) while writers save revisions over keep-alive connections, then started again.
Every answer is a 201 or a 503 problem with Retry-After on a connection that stays
open; writes are back soon after the server is; every 201 is in the database.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from services.bootstrap import Accord, NoJobs, bootstrap
from services.config import Settings
from services.store.migrate import upgrade
from tests.integration.world import World, build_world
from tests.live_server import serving
from tests.private_servers import PrivatePostgres, private_postgres

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WRITERS = 6
OUTAGE_SECONDS = 2.0


@pytest.fixture
async def crashable(tmp_path: Path) -> AsyncIterator[tuple[PrivatePostgres, Accord]]:
    with private_postgres() as server:
        accord = bootstrap(
            Settings(
                environment="test",
                database_url=server.url,
                data_dir=tmp_path / "data",
                token_secret="test-secret-" + "x" * 32,
                database_pool_timeout=2,
            ),
            runner=NoJobs,
        )
        await upgrade(accord.engine)
        yield server, accord
        await accord.close()


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    saved: list[tuple[str, int, str]] = field(default_factory=list)
    last_success: float = 0.0
    first_success_after: dict[float, float] = field(default_factory=dict)
    bad_503s: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)


async def writer(base: str, world: World, section: str, tally: Tally, stop: asyncio.Event) -> None:
    """Saves revision after revision of one section over one keep-alive connection."""
    url = f"/papers/{world.paper}/sections/{section}/languages/en/revisions"
    headers = world.auth("author")
    async with httpx.AsyncClient(base_url=base + "/api/v1", headers=headers, timeout=15) as http:
        base_revision: int | None = None
        n = 0
        while not stop.is_set():
            n += 1
            body = f"Paragraph {n} of {section}.\n"
            payload: dict[str, object] = {"body": body}
            if base_revision is not None:
                payload["base_revision"] = base_revision
            try:
                answer = await http.post(url, json=payload)
            except httpx.TransportError as error:
                tally.statuses[f"reset ({type(error).__name__})"] += 1
                await asyncio.sleep(0.05)
                continue
            tally.statuses[str(answer.status_code)] += 1
            if answer.status_code == 201:
                base_revision = answer.json()["number"]
                tally.saved.append((section, base_revision, body))
                tally.last_success = time.monotonic()
            elif answer.status_code == 503:
                if answer.headers.get("content-type") != "application/problem+json" or (
                    "retry-after" not in answer.headers
                ):
                    tally.bad_503s.append(answer.text)
                await asyncio.sleep(0.1)
            else:
                tally.others.append(answer.text[:300])
                await asyncio.sleep(0.05)


async def test_a_database_crash_under_writes_answers_503_and_loses_no_201(
    crashable: tuple[PrivatePostgres, Accord],
) -> None:
    server, accord = crashable
    async with serving(accord) as base, httpx.AsyncClient(base_url=base + "/api/v1") as setup:
        world = await build_world(accord, setup)
        sections = [f"s{n}" for n in range(WRITERS)]
        for key in sections:
            made = await world.call(
                "sec",
                "POST",
                f"/papers/{world.paper}/sections",
                json={"key": key, "titles": {"en": key}, "authors": ["author"]},
            )
            assert made.status_code == 201, made.text

        tally = Tally()
        stop = asyncio.Event()
        writers = [asyncio.create_task(writer(base, world, s, tally, stop)) for s in sections]
        started = time.monotonic()
        while len(tally.saved) < 2 * WRITERS:
            assert time.monotonic() - started < 20, tally.statuses
            await asyncio.sleep(0.05)

        await asyncio.to_thread(server.stop, "immediate")
        down_at = time.monotonic()
        async with httpx.AsyncClient(base_url=base, timeout=5) as probe:
            await asyncio.sleep(0.5)
            ready = await probe.get("/readyz")
            assert ready.status_code == 503, ready.text
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        await asyncio.to_thread(server.start)
        up_at = time.monotonic()
        while tally.last_success < up_at:
            assert time.monotonic() - up_at < 30, (
                f"no write since the restart: {tally.statuses}",
                tally.others[:3],
            )
            await asyncio.sleep(0.05)
        recovered = tally.last_success - up_at
        await asyncio.sleep(0.5)
        stop.set()
        await asyncio.gather(*writers)

        print(f"\nstatuses: {dict(tally.statuses)}; writes back {recovered:.2f} s after restart")
        assert set(tally.statuses) <= {"201", "503"}, (tally.statuses, tally.others[:3])
        assert tally.statuses["503"] > 0, "the outage was never seen"
        assert tally.bad_503s == []
        assert 0 <= recovered < 10

        # Every save that was answered 201 is in the database, with its text.
        async with httpx.AsyncClient(base_url=base + "/api/v1", headers=world.auth("sec")) as http:
            for section, number, body in tally.saved:
                url = f"/papers/{world.paper}/sections/{section}/languages/en/revisions/{number}"
                found = await http.get(url)
                assert found.status_code == 200, (section, number, found.text)
                assert found.json()["body"] == body
