"""The dispatcher on SQLite and PostgreSQL: the in-process runner with a table of test
handlers, the operators' view and replay (API and command line), and concurrent relays."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from drafts.review_events import SectionSubmitted
from services.bootstrap import Accord
from services.config import Settings
from services.worker.inprocess import InProcessRunner
from tests.conftest import make_user
from tests.unit.test_dispatcher import Flaky
from workflows.consequence_ports import ConsequenceStatus
from workflows.consequences import Handler, Table

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "/admin/consequences"


def table_of(run: Flaky, retries: tuple[float, ...]) -> Table:
    return Table({"SectionSubmitted": (Handler("tell-reviewers", run, retries=retries),)})


async def record_submissions(accord: Accord, n: int) -> None:
    async with accord.transaction() as uow:
        uow.record(
            *(
                SectionSubmitted(actor="ann", paper="p", section=f"s{i}", language="en", revision=1)
                for i in range(n)
            )
        )


async def settle(runner: InProcessRunner, accord: Accord, seconds: float = 20) -> None:
    """Drain until no consequence is pending or running (retries included)."""
    async with asyncio.timeout(seconds):
        while True:
            await runner.drain()
            async with accord.uow() as uow:
                counts = await uow.consequences.counts()
            waiting = sum(
                n
                for (_, status), n in counts.items()
                if status in (ConsequenceStatus.PENDING, ConsequenceStatus.RUNNING)
            )
            if not waiting:
                return
            await asyncio.sleep(0.05)


async def statuses(accord: Accord) -> dict[ConsequenceStatus, int]:
    async with accord.uow() as uow:
        counts = await uow.consequences.counts()
    return {status: n for (_, status), n in counts.items()}


@pytest.fixture
async def admin(accord: Accord, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    token = await make_user(accord, "root", admin=True)
    client.headers["Authorization"] = f"Bearer {token}"
    yield client


async def test_a_handler_that_fails_twice_then_succeeds_is_run_three_times(
    accord: Accord,
) -> None:
    flaky = Flaky(2)
    runner = InProcessRunner(accord, table=table_of(flaky, retries=(0.05, 0.05, 0.05)))
    await record_submissions(accord, 1)
    await settle(runner, accord)
    assert len(flaky.runs) == 3
    assert await statuses(accord) == {ConsequenceStatus.DONE: 1}
    async with accord.uow() as uow:
        assert await uow.outbox.waiting() == 0


async def test_dead_letters_are_seen_and_replayed_by_an_admin(
    accord: Accord, admin: httpx.AsyncClient
) -> None:
    flaky = Flaky(4)  # two tries each time: dead, then dead again, then done
    runner = InProcessRunner(accord, table=table_of(flaky, retries=(0.05,)))
    await record_submissions(accord, 1)
    await settle(runner, accord)

    dead = (await admin.get(ADMIN, params={"status": "dead"})).json()
    [letter] = dead["items"]
    assert (letter["handler"], letter["event_type"], letter["attempts"]) == (
        "tell-reviewers",
        "SectionSubmitted",
        2,
    )
    assert "receiver is down" in letter["last_error"] and letter["due_at"] is None
    summary = (await admin.get(ADMIN + "/summary")).json()
    assert summary == [
        {"handler": "tell-reviewers", "pending": 0, "running": 0, "done": 0, "dead": 1}
    ]

    r = await admin.post(f"{ADMIN}/{letter['id']}/replay")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["attempts"]) == ("pending", 0)
    await settle(runner, accord)
    assert len(flaky.runs) == 4  # replayed: two more failed runs, dead again
    r = await admin.post(ADMIN + "/replay", params={"handler": "tell-reviewers"})
    assert r.json() == {"replayed": [letter["id"]]}
    await settle(runner, accord)
    done = (await admin.get(f"{ADMIN}/{letter['id']}")).json()
    assert (done["status"], done["outcome"]) == ("done", "delivered SectionSubmitted")
    assert len(flaky.runs) == 5

    again = await admin.post(f"{ADMIN}/{letter['id']}/replay")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert (await admin.get(f"{ADMIN}/999999")).status_code == 404


async def test_the_list_is_paged_and_filtered(accord: Accord, admin: httpx.AsyncClient) -> None:
    runner = InProcessRunner(accord, table=table_of(Flaky(0), retries=(0.05,)))
    await record_submissions(accord, 5)
    await settle(runner, accord)
    first = (await admin.get(ADMIN, params={"limit": 3})).json()
    second = (await admin.get(ADMIN, params={"limit": 3, "after": first["next"]})).json()
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert len(ids) == 5 == len(set(ids)) and ids == sorted(ids) and second["next"] is None
    assert (await admin.get(ADMIN, params={"status": "dead"})).json()["items"] == []
    assert (await admin.get(ADMIN, params={"status": "lost"})).status_code == 422


async def test_an_operator_lists_and_replays_dead_letters_from_the_command_line(
    accord: Accord, settings: Settings
) -> None:
    runner = InProcessRunner(accord, table=table_of(Flaky(9), retries=()))
    await record_submissions(accord, 2)
    await settle(runner, accord)
    env = {
        **os.environ,
        "ACCORD_ENVIRONMENT": "test",
        "ACCORD_DATABASE_URL": settings.database_url,
        "ACCORD_DATA_DIR": str(settings.data_dir),
        "ACCORD_TOKEN_SECRET": settings.token_secret,
    }

    def accord_cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "services.cli", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    listed = accord_cli("consequences", "list")
    assert listed.count("tell-reviewers") == 2 and "receiver is down" in listed
    first = int(listed.split()[0])
    assert accord_cli("consequences", "replay", str(first)).startswith("replayed 1")
    assert await statuses(accord) == {ConsequenceStatus.PENDING: 1, ConsequenceStatus.DEAD: 1}
    assert accord_cli("consequences", "replay", "--all-dead").startswith("replayed 1")
    assert await statuses(accord) == {ConsequenceStatus.PENDING: 2}
