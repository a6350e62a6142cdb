"""`accord worker`: one process that outlives its connections to Redis.

arq's worker exits as soon as Redis goes away. This loop keeps the process, its warm
renderer and its heartbeat, and connects a new arq worker with a growing pause (up to
30 s) until Redis answers again. The heartbeat goes to the database every few seconds,
so readiness and the publications can tell whether any worker is alive, whether or not
Redis is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid
from datetime import UTC, datetime, timedelta

from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.workers import WorkerBeat
from services.worker.arq_queue import QUEUE_ERRORS, NotConnected
from services.worker.jobs import Jobs
from services.worker.loops import connect_workers, disconnect_worker
from services.worker.wakeups import RelayOnWake, WakeOwnRelay

log = logging.getLogger("accord.worker")

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 30.0
# A worker that kept its connection this long starts over from the first pause.
STEADY_SECONDS = 60.0


class Heart:
    """Reports this process as alive, and whether it is connected to its queue."""

    def __init__(self, accord: Accord) -> None:
        self.accord = accord
        self.connected = False
        now = datetime.now(UTC)
        self.beat = WorkerBeat(
            name=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
            host=socket.gethostname(),
            pid=os.getpid(),
            started_at=now,
            seen_at=now,
            connected=False,
        )

    async def once(self) -> None:
        now = datetime.now(UTC)
        beat = WorkerBeat(**{**self.beat.__dict__, "seen_at": now, "connected": self.connected})
        async with self.accord.transaction() as uow:
            await uow.workers.beat(beat)
            # Killed workers never say goodbye: keep the table to the living (and recent).
            await uow.workers.forget_before(now - timedelta(hours=1))

    async def reached_queue(self) -> None:
        """The worker is connected: say so now, not at the next beat."""
        self.connected = True
        try:
            await self.once()
        except Exception as error:
            log.warning("heartbeat not recorded: %s", type(error).__name__)

    async def forever(self) -> None:
        interval = self.accord.settings.worker_heartbeat_seconds
        while True:
            try:
                await self.once()
            except Exception as error:  # the database may be down: try again next beat
                log.warning("heartbeat not recorded: %s", type(error).__name__)
            await asyncio.sleep(interval)

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            async with self.accord.transaction() as uow:
                await uow.workers.forget(self.beat.name)


async def supervise(settings: Settings) -> None:
    """Run arq workers one after another until SIGINT or SIGTERM."""
    own_relay = WakeOwnRelay()
    accord = bootstrap(settings, runner=lambda _: own_relay)
    jobs = Jobs(accord, NotConnected(), threads=1)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    heart = Heart(accord)
    beating = asyncio.create_task(heart.forever(), name="heartbeat")
    assert settings.redis_url, "a worker needs ACCORD_REDIS_URL"
    relay_on_wake = RelayOnWake(settings.redis_url, jobs)
    own_relay.relay = relay_on_wake
    # Started: the events this worker commits wake its relay at once.
    await accord.start()
    waking = asyncio.create_task(relay_on_wake.forever(), name="wakeups")
    pause = FIRST_PAUSE
    try:
        await jobs.warm()
        while not stopping.is_set():
            # The render loop and the consequence loop: when either loses Redis, both
            # are connected again together (one connection state, one backoff).
            workers = connect_workers(settings, jobs, heart.reached_queue)
            connected_at = loop.time()
            running = [
                asyncio.create_task(worker.main(), name=f"arq-worker:{worker.queue_name}")
                for worker in workers
            ]
            asked_to_stop = asyncio.create_task(stopping.wait())
            await asyncio.wait({*running, asked_to_stop}, return_when=asyncio.FIRST_COMPLETED)
            heart.connected = False
            asked_to_stop.cancel()
            # The first to end says why; the others are stopped for it.
            ended = [task for task in running if task.done()]
            for task in running:
                if not task.done():
                    task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*running, return_exceptions=True)
            for worker in workers:
                await disconnect_worker(worker)
            if stopping.is_set():
                break
            failure = next(
                (
                    task.exception()
                    for task in ended
                    if not task.cancelled() and task.exception() is not None
                ),
                None,
            )
            if failure is not None and not isinstance(failure, QUEUE_ERRORS):
                log.error("the worker stopped on an unexpected error", exc_info=failure)
            if loop.time() - connected_at > STEADY_SECONDS:
                pause = FIRST_PAUSE
            log.warning(
                "lost the queue (%s); connecting again in %.1f s",
                type(failure).__name__ if failure else "worker ended",
                pause,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), pause)
            pause = min(pause * 2, LONGEST_PAUSE)
    finally:
        for task in (beating, waking):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await heart.stop()
        jobs.close()
        await accord.close()


def run(settings: Settings) -> None:
    asyncio.run(supervise(settings))
