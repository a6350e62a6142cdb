"""Driving events to their webhooks and mails in tests, as the workers do."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from services.bootstrap import Accord
from services.worker.inprocess import InProcessRunner


async def dispatch(accord: Accord) -> None:
    """Relay the outbox and run every consequence due (the webhook and notice handlers
    among them), then the couriers' catch-up: what a worker does, until nothing is left."""
    runner = InProcessRunner(accord)
    try:
        await runner.drain()
    finally:
        await runner.stop()


async def until(
    check: Callable[[], Awaitable[bool]], step: Callable[[], Awaitable[object]]
) -> None:
    """Run `step` until `check` holds (at most about a hundred rounds)."""
    for _ in range(100):
        if await check():
            return
        await step()
        await asyncio.sleep(0.05)
    assert await check(), "the condition never held"
