"""On SQLite only writers take the write lock: a page or a GET reads while a save is
open, and sees the text as it was before that save commits."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from drafts.commands import SaveRevision
from services.bootstrap import Accord
from tests.integration.world import World, build_world
from workflows.drafting import save_revision


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


async def test_a_read_proceeds_while_a_save_holds_the_write_lock(world: World) -> None:
    assert (await world.save("author", "The first text.\n")).status_code == 201
    read: httpx.Response | None = None
    async with world.accord.transaction() as uow:
        # A save that has written and not committed: it holds SQLite's write lock.
        await save_revision(
            SaveRevision(
                actor="author",
                paper=world.paper,
                section=world.section,
                language="en",
                body="The second text.\n",
                base_revision=1,
            ),
            uow,
        )
        await uow.session.flush()
        # Were reads to queue behind the writer, this would wait for the commit that
        # only comes after it (up to SQLite's busy timeout, 30 s) and then fail.
        read = await asyncio.wait_for(world.call("author", "GET", world.text_url()), 20)
        revisions = await asyncio.wait_for(
            world.call("author", "GET", world.text_url() + "/revisions"), 20
        )
    assert read.status_code == 200, read.text
    assert read.json()["current_revision"]["number"] == 1
    assert [r["number"] for r in revisions.json()["items"]] == [1]
    after = await world.call("author", "GET", world.text_url() + "/revisions")
    assert [r["number"] for r in after.json()["items"]] == [1, 2]


async def test_a_save_proceeds_while_a_read_is_open(world: World) -> None:
    assert (await world.save("author", "The first text.\n")).status_code == 201
    async with world.accord.uow() as reader:
        # A read transaction with its snapshot taken, left open.
        assert await reader.papers.get(world.paper) is not None
        saved = await asyncio.wait_for(world.save("author", "The second text.\n", base=1), 20)
        assert saved.status_code == 201, saved.text
