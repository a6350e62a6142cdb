"""The live audit log, as a browser's EventSource meets it: a real server on a real port.

httpx's in-memory transport waits for a whole response, so these tests start uvicorn on
a free port and read the stream as it comes, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn

from services.api.app import create_app
from services.bootstrap import Accord
from services.config import Settings
from tests.integration.world import World, build_world

# Longest a test waits for a message: the server polls every twentieth of a second.
WAIT = 5


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Poll often, so that a test waits tenths of a second rather than seconds.
    return settings.model_copy(update={"events_poll_seconds": 0.05})


@pytest.fixture
async def base_url(accord: Accord) -> AsyncIterator[str]:
    """The API served by uvicorn on a port of its own."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(accord),
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 - uvicorn tells start-up only by this flag
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}/api/v1"
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


@dataclass
class Message:
    id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    retry: int | None = None
    comment: bool = False


class Stream:
    """An open event stream, read one SSE message at a time."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def next(self) -> Message:
        async with asyncio.timeout(WAIT):
            return await self._read()

    async def _read(self) -> Message:
        message = Message()
        async for line in self._lines:
            if not line:
                return message
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "id":
                message.id = value
            elif name == "data":
                message.data = json.loads(value)
            elif name == "retry":
                message.retry = int(value)
            elif name == "":
                message.comment = True
        raise EOFError("the stream ended")

    async def event(self) -> Message:
        """The next message that carries an event (skipping retry hints and comments)."""
        while True:
            message = await self.next()
            if message.data:
                return message


@asynccontextmanager
async def streaming(
    base: str, world: World, who: str = "reviewer", **headers: str
) -> AsyncIterator[httpx.Response]:
    """The events of the paper, asked for as an EventSource asks, read as they come."""
    async with (
        httpx.AsyncClient(base_url=base, timeout=10) as client,
        client.stream(
            "GET",
            f"/papers/{world.paper}/events",
            headers={**world.auth(who), "Accept": "text/event-stream", **headers},
        ) as response,
    ):
        yield response


async def paged_after(world: World, cursor: str | None) -> list[dict[str, Any]]:
    url = f"/papers/{world.paper}/events"
    items: list[dict[str, Any]] = (
        await world.call("sec", "GET", url, params={"after": cursor})
    ).json()["items"]
    return items


async def test_a_member_sees_each_event_as_it_happens_and_nothing_from_before(
    world: World, base_url: str
) -> None:
    async with streaming(base_url, world) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = Stream(response)
        assert (await stream.next()).retry == 3000
        # The stream holds no transaction: on SQLite that would keep every writer out.
        saved = await asyncio.wait_for(world.save("author", "First words.\n"), 5)
        assert saved.status_code == 201, saved.text
        message = await stream.event()
    assert message.data["type"] == "RevisionSaved"
    assert message.data["actor"] == "author"
    assert message.data["data"]["section"] == world.section
    # Its id is the cursor of the paged log: the page after it is empty.
    assert await paged_after(world, message.id) == []


async def test_a_client_that_reconnects_with_last_event_id_misses_nothing(
    world: World, base_url: str
) -> None:
    async with streaming(base_url, world) as response:
        await world.save("author", "One.\n")
        first = await Stream(response).event()
    # While no one listens, two more things happen.
    assert (await world.save("author", "One. Two.\n", base=1)).status_code == 201
    submitted = await world.call("author", "POST", world.text_url() + "/submit")
    assert submitted.status_code == 200, submitted.text

    assert first.id is not None
    async with streaming(base_url, world, **{"Last-Event-ID": first.id}) as response:
        stream = Stream(response)
        missed = [(await stream.event()).data for _ in range(2)]
    assert missed == await paged_after(world, first.id)
    assert [e["type"] for e in missed] == ["RevisionSaved", "SectionSubmitted"]


async def test_the_stream_ends_when_the_caller_stops_being_a_member(
    world: World, base_url: str
) -> None:
    async with streaming(base_url, world, who="reviewer2") as response:
        stream = Stream(response)
        await stream.next()  # the retry hint: the stream is open
        removed = await world.call(
            "admin", "PUT", f"/papers/{world.paper}/members/reviewer2", json={"roles": []}
        )
        assert removed.status_code == 200, removed.text
        # Not even the event of their own removal: it is no longer theirs to read.
        with pytest.raises(EOFError):
            await stream.event()


async def test_the_stream_answers_outsiders_and_bad_cursors_as_the_pages_do(
    world: World, base_url: str
) -> None:
    url = f"/papers/{world.paper}/events"
    for who, cursor in (("outsider", None), ("reviewer", "not-a-cursor")):
        paged = await world.call(who, "GET", url, params={"after": cursor} if cursor else {})
        assert 400 <= paged.status_code < 500
        headers = {"Last-Event-ID": cursor} if cursor else {}
        async with streaming(base_url, world, who=who, **headers) as response:
            body = json.loads(await response.aread())
        assert response.status_code == paged.status_code
        assert response.headers["content-type"] == "application/problem+json"
        assert body["type"] == paged.json()["type"]
    assert paged.status_code != 404  # a bad cursor is the caller's mistake, not a secret
    assert (await world.call("outsider", "GET", url)).status_code == 404


async def test_a_stream_ends_after_its_time_and_the_client_resumes_where_it_stopped(
    accord: Accord, world: World, base_url: str
) -> None:
    accord.settings.events_stream_seconds = 0.5
    async with streaming(base_url, world) as response:
        stream = Stream(response)
        await world.save("author", "Words.\n")
        last = await stream.event()
        with pytest.raises(EOFError):
            await stream.next()
    assert last.id is not None
    assert (await world.save("author", "More words.\n", base=1)).status_code == 201
    async with streaming(base_url, world, **{"Last-Event-ID": last.id}) as response:
        resumed = await Stream(response).event()
    assert resumed.data == (await paged_after(world, last.id))[0]


async def test_a_commit_of_the_same_process_reaches_the_stream_before_the_next_poll(
    accord: Accord, world: World, base_url: str
) -> None:
    # The next poll is far off: only the process's own commit signal can bring the event.
    accord.settings.events_poll_seconds = 30
    async with streaming(base_url, world) as response:
        stream = Stream(response)
        await stream.next()  # the retry hint: the stream is open and has looked once
        await world.save("author", "Heard at once.\n")
        async with asyncio.timeout(2):
            message = await stream.event()
    assert message.data["type"] == "RevisionSaved"
