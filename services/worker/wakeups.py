"""Wake-ups for the workers' relay: an event committed by the API is relayed at once.

The API publishes a wake-up on a Redis channel after each commit that recorded events;
every worker process listens, and runs the relay when one arrives (one run covers every
wake-up that came before it began). This is only a shortcut: the outbox is the record,
and the relay's cron tick every second still finds whatever a lost wake-up (no worker
listening, Redis away) left behind.

A worker's own commits (a render's ArtifactRendered and PublicationPublished, a dead
letter) wake its own relay directly (`WakeOwnRelay`): they used to wait for the tick.

It used to be an arq job with one id per tenth of a second: a commit that landed while
that job ran was dropped as a duplicate and waited for the next tick, and the job waited
for a worker free of renders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool, Redis

from services.worker.arq_queue import QUEUE_ERRORS
from services.worker.jobs import Jobs

log = logging.getLogger("accord.worker")
LONGEST_PAUSE = 30.0
WAKE_CHANNEL = "accord:relay-wake"


class RedisWakeup:
    """The job runner of a process whose jobs the arq workers run: it wakes their relay
    right after a commit instead of at the next tick."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.redis: ArqRedis | None = None

    async def start(self) -> None:
        # No ping: the API starts (and serves) while Redis is away; a wake-up that cannot
        # be sent is only a delay, and the client reconnects by itself when it is back.
        self.redis = ArqRedis(connection_pool=ConnectionPool.from_url(self.url))

    async def wake(self) -> None:
        if self.redis is None:
            return
        # Heard by every worker's `RelayOnWake`.
        await self.redis.publish(WAKE_CHANNEL, b"1")

    async def stop(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
            self.redis = None


class RelayOnWake:
    """Runs this worker's relay whenever a wake-up is published, reconnecting to Redis
    (with a growing pause) whenever it goes away."""

    def __init__(self, url: str, jobs: Jobs) -> None:
        self.url = url
        self.jobs = jobs
        self._poked = asyncio.Event()

    async def forever(self) -> None:
        relaying = asyncio.create_task(self._relay_when_poked(), name="relay-on-wake")
        pause = 0.5
        try:
            while True:
                try:
                    await self._listen()
                except QUEUE_ERRORS as error:
                    log.warning("wake-ups lost (%s); listening again in %.1f s", error, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
        finally:
            relaying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relaying

    def poke(self) -> None:
        """Relay now (this process committed events)."""
        self._poked.set()

    async def _listen(self) -> None:
        redis = Redis.from_url(self.url)
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.subscribe(WAKE_CHANNEL)
                # Whatever was committed while no one listened is relayed now.
                self._poked.set()
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        self._poked.set()
        finally:
            await redis.aclose()

    async def _relay_when_poked(self) -> None:
        while True:
            await self._poked.wait()
            # Cleared before the relay reads the outbox: a commit during this run
            # wakes the next one.
            self._poked.clear()
            try:
                await self.jobs.relay()
            except Exception as error:  # the database or the queue away: the tick retries
                log.warning("relay on wake-up failed: %s", type(error).__name__)


class WakeOwnRelay:
    """The job runner of a worker process's `Accord`: its commits poke the process's own
    relay, with no round trip through Redis (whose wake-ups it hears too)."""

    def __init__(self) -> None:
        self.relay: RelayOnWake | None = None

    async def start(self) -> None:
        pass

    async def wake(self) -> None:
        if self.relay is not None:
            self.relay.poke()

    async def stop(self) -> None:
        pass
