"""What the API may ask about the workers: is the queue there, how long is it, who is alive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arq.constants import default_queue_name
from redis.asyncio import Redis

from services.bootstrap import Accord
from services.config import Settings
from services.store.workers import WorkerBeat

# A worker is live when seen within this many heartbeats (one late beat is no death).
LIVE_BEATS = 3


class QueueProbe:
    """A Redis client of its own with short timeouts: a probe never waits long."""

    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)

    async def ping(self) -> None:
        await self.redis.ping()

    async def depth(self) -> int:
        """Jobs waiting in the queue (due now or later)."""
        return int(await self.redis.zcard(default_queue_name))

    async def close(self) -> None:
        await self.redis.aclose()


def live_since(settings: Settings) -> datetime:
    """A worker seen after this moment is live."""
    window = settings.worker_heartbeat_seconds * LIVE_BEATS
    return datetime.now(UTC) - timedelta(seconds=window)


async def live_workers(accord: Accord) -> list[WorkerBeat]:
    """The workers seen within the last few heartbeats."""
    async with accord.uow() as uow:
        return await uow.workers.seen_since(live_since(accord.settings))
