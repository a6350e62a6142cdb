"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.api import health, metrics, problems
from services.api.long_lived import long_lived_objects
from services.api.observe import Observe
from services.api.request_body import RequestBody
from services.api.routes import (
    comments,
    consequences,
    coverage,
    events,
    images,
    notifications,
    outline,
    papers,
    practice_exchange,
    practices,
    publications,
    redlines,
    review,
    revisions,
    sessions,
    status,
    users,
    webhooks,
    word,
)
from services.board import app as board
from services.bootstrap import Accord
from services.worker.probes import QueueProbe

API_PREFIX = "/api/v1"


def create_app(accord: Accord) -> FastAPI:
    """The API over an already wired Accord; the app starts its job runner on start-up
    (in the embedded mode, the jobs run in this process) and closes it on shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.queue = (
            QueueProbe(accord.settings.redis_url) if accord.settings.redis_url else None
        )
        await accord.start()
        try:
            with long_lived_objects():
                yield
        finally:
            if app.state.queue is not None:
                await app.state.queue.close()
            await accord.close()

    app = FastAPI(
        title="Accord",
        version="0.1.0",
        summary="Write, review, translate and publish one consensus paper together.",
        lifespan=lifespan,
    )
    app.state.accord = accord
    # Set by the lifespan when jobs go through Redis; read by /readyz and /metrics.
    app.state.queue = None
    problems.install(app)
    for module in (
        users,
        papers,
        outline,
        revisions,
        review,
        comments,
        status,
        publications,
        images,
        events,
        sessions,
        consequences,
        webhooks,
        notifications,
        word,
        redlines,
        coverage,
        practice_exchange,
        practices,
    ):
        app.include_router(module.router, prefix=API_PREFIX)

    # Probes and metrics live outside /api/v1: they are for the operator, not clients.
    app.include_router(health.router)
    app.include_router(metrics.router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Ready when the database answers (kept for older probes; see /readyz)."""
        await accord.ping()
        return {"status": "ok"}

    board.install(app)
    app.add_middleware(
        RequestBody,
        limit=accord.settings.max_request_bytes,
        seconds=accord.settings.body_read_seconds,
    )
    # Outermost: the id, the log line and the latency cover the refusals above too.
    app.add_middleware(Observe)
    return app
