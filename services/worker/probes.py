"""What the API may ask about the workers: is the queue there, how long is it, who is alive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from services.bootstrap import Accord
from services.config import Settings
from services.store.workers import WorkerBeat
from services.worker.queues import QUEUES

# A worker is live when seen within this many heartbeats (one late beat is no death).
LIVE_BEATS = 3


class QueueProbe:
    """A Redis client of its own with short timeouts: a probe never waits long."""

    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)

    async def ping(self) -> None:
        await self.redis.ping()

    async def depths(self) -> dict[str, int]:
        """Jobs waiting in each queue (due now or later), by the queue's metric name."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in QUEUES.values():
                pipe.zcard(key)
            counts = await pipe.execute()
        return {name: int(count) for name, count in zip(QUEUES, counts, strict=True)}

    async def depth(self) -> int:
        """Jobs waiting in all the queues."""
        return sum((await self.depths()).values())

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
