"""Driving events to their webhooks and mails in tests, as the workers do."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from services.bootstrap import Accord
from services.worker.outbound import Outbound


async def handle_logged_events(accord: Accord, paper: str = "habitat") -> int:
    """Run the outbound handlers for every event of the paper's log (they are idempotent,
    so events handled before change nothing)."""
    outbound = Outbound(accord)
    handled, after = 0, 0
    while True:
        async with accord.uow() as uow:
            events = await uow.events.list(paper, after, 200)
        for event in events:
            await outbound.event_handled(event.id)
            handled += 1
        if len(events) < 200:
            return handled
        after = events[-1].seq


async def until(
    check: Callable[[], Awaitable[bool]], step: Callable[[], Awaitable[object]]
) -> None:
    """Run `step` until `check` holds (at most about five seconds)."""
    for _ in range(100):
        if await check():
            return
        await step()
        await asyncio.sleep(0.05)
    assert await check(), "the condition never held"
