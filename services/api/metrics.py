"""`/metrics`: the process's metrics for Prometheus, with the shared backlog read now."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.bootstrap import Accord
from services.observability import metrics
from services.store.backlog import outbox_backlog
from services.worker.probes import QueueProbe, live_workers
from services.worker.queues import QUEUES

router = APIRouter(include_in_schema=False)
log = logging.getLogger("accord.metrics")

# A scrape must answer even when the database or Redis does not: what could not be read
# in this time keeps its last value (the queue depth shows -1).
READ_SECONDS = 2.0


async def refresh(accord: Accord, queue: QueueProbe | None) -> None:
    """Read the backlog gauges from the database and Redis."""
    pool = accord.engine.pool
    checked_out = getattr(pool, "checkedout", None)
    if checked_out is not None:
        metrics.DATABASE_CONNECTIONS.set(checked_out())
    try:
        async with asyncio.timeout(READ_SECONDS), accord.uow() as uow:
            waiting, oldest = await outbox_backlog(uow.session)
        metrics.OUTBOX_WAITING.set(waiting)
        age = (datetime.now(UTC) - _aware(oldest)).total_seconds() if oldest else 0.0
        metrics.OUTBOX_OLDEST_AGE.set(max(0.0, age))
        if queue is not None:
            metrics.WORKERS_LIVE.set(len(await live_workers(accord)))
    except Exception as error:
        log.warning("metrics: the database could not be read: %s", type(error).__name__)
    if queue is not None:
        depths = dict.fromkeys(QUEUES, -1)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(READ_SECONDS):
                depths = await queue.depths()
        for name, depth in depths.items():
            metrics.QUEUE_DEPTH.labels(name).set(depth)


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive times (written in UTC).
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@router.get("/metrics")
async def get_metrics(request: Request) -> Response:
    """The metrics in Prometheus' text format."""
    await refresh(request.app.state.accord, request.app.state.queue)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
