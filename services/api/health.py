"""Probes for whoever runs the service: is the process alive, and can it do its work?

`/livez` answers as long as the process serves HTTP at all (it touches nothing else), so
a supervisor restarts only a process that is truly stuck. `/readyz` checks what a request
needs (the database; Redis and live workers when jobs go through Redis) and answers 503
while any is missing, so a load balancer sends the traffic elsewhere in the meantime.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.api.problems import RETRY_AFTER_SECONDS
from services.bootstrap import Accord
from services.worker.probes import QueueProbe, live_workers

router = APIRouter(include_in_schema=False)

# A probe is answered within this time whatever is down: a hung dependency is a failed
# check, not a hung probe.
CHECK_SECONDS = 2.0


async def _timed(check: Callable[[], Awaitable[dict[str, Any] | None]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            found = await check()
    except TimeoutError:
        return {"status": "failing", "error": f"no answer within {CHECK_SECONDS:g} s"}
    except NoLiveWorker as none:
        return {"status": "failing", "error": str(none), **none.counts}
    except Exception as error:
        return {"status": "failing", "error": type(error).__name__}
    result: dict[str, Any] = {
        "status": "ok",
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    result.update(found or {})
    return result


async def readiness(accord: Accord, queue: QueueProbe | None) -> dict[str, dict[str, Any]]:
    """Each dependency's check: `status` ok or failing, and what was found."""

    async def database() -> None:
        await accord.ping()

    checks: dict[str, Callable[[], Awaitable[dict[str, Any] | None]]] = {"database": database}
    if queue is not None:
        probe = queue

        async def redis() -> dict[str, Any]:
            await probe.ping()
            return {"queued": await probe.depth()}

        async def workers() -> dict[str, Any]:
            found = await live_workers(accord)
            counts = {"live": len(found), "connected": sum(w.connected for w in found)}
            if not counts["connected"]:
                # Alive but cut off from the queue (or still starting) renders nothing.
                raise NoLiveWorker(counts)
            return counts

        checks["redis"] = redis
        checks["workers"] = workers
    results = await asyncio.gather(*(_timed(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


class NoLiveWorker(Exception):
    """No worker connected to the queue sent a heartbeat lately: no render would run."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__("no live worker is connected to the queue")
        self.counts = counts


@router.get("/livez")
async def livez() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 when every dependency answers, else 503 naming the failing ones."""
    accord: Accord = request.app.state.accord
    checks = await readiness(accord, request.app.state.queue)
    ready = all(c["status"] == "ok" for c in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
        headers=None if ready else {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
