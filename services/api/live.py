"""The audit log as server-sent events: what happens to a paper, as it happens.

Each event goes out as one SSE message whose `id` is the event's cursor, so a client
that loses the connection reconnects with `Last-Event-ID` and misses nothing. The
stream polls the database, the one place every process (API or worker) writes to, and
hears at once of what its own process commits. It holds no transaction between polls:
on SQLite a transaction holds the write lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

from drafts.errors import DomainError
from services.api import cursors
from services.api.schemas import EventOut
from services.bootstrap import Accord
from workflows.audit import list_events

# A comment line this often keeps proxies from closing a quiet stream.
HEARTBEAT_SECONDS = 15.0
# How long a browser's EventSource waits before it reconnects.
RETRY_MILLISECONDS = 3000
BATCH = 200


def message(event: EventOut, cursor: str) -> str:
    """One SSE message: the event as the paged log shows it, its cursor as the id."""
    return f"id: {cursor}\ndata: {json.dumps(event.model_dump(mode='json'))}\n\n"


async def follow(accord: Accord, paper: str, user: str, after: int) -> AsyncIterator[str]:
    """Messages for the paper's events after `after`, for as long as the stream may last.

    Ends after `ACCORD_EVENTS_STREAM_SECONDS` (the client reconnects where it stopped,
    and proves again who it is) or as soon as the caller is no longer a member.
    """
    settings = accord.settings
    ends = time.monotonic() + settings.events_stream_seconds
    quiet_since = time.monotonic()
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    while time.monotonic() < ends:
        with accord.commits.listening() as committed:
            try:
                async with accord.uow() as uow:
                    page = await list_events(uow, paper, user, after, BATCH)
            except DomainError:
                return  # the paper is gone or the caller no longer belongs to it
            for event in page.items:
                after = event.seq
                cursor = cursors.encode(event.seq)
                assert cursor is not None
                yield message(EventOut.of(event), cursor)
            if page.items:
                quiet_since = time.monotonic()
            if page.next_after is not None:
                continue  # a backlog: send it before waiting
            if time.monotonic() - quiet_since >= HEARTBEAT_SECONDS:
                quiet_since = time.monotonic()
                yield ": keep-alive\n\n"
            # Until this process commits, or the poll is due (for other processes' news).
            wait = min(settings.events_poll_seconds, max(0.0, ends - time.monotonic()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(committed.wait(), wait)
