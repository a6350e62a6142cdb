"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from services.api import problems
from services.api.body_limit import BodyLimit
from services.api.routes import (
    comments,
    events,
    images,
    outline,
    papers,
    publications,
    review,
    revisions,
    status,
    users,
    word,
)
from services.bootstrap import Accord
from services.worker.inprocess import InProcessRunner
from services.worker.jobs import Jobs

API_PREFIX = "/api/v1"


def create_app(accord: Accord, *, run_jobs: bool | None = None) -> FastAPI:
    """The API over an already wired Accord; the app closes it on shutdown.

    Without a Redis URL (the embedded mode) the app also runs the jobs in process, unless
    `run_jobs` says otherwise.
    """
    in_process = accord.settings.redis_url is None if run_jobs is None else run_jobs

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = InProcessRunner(Jobs(accord)) if in_process else None
        wakeup = None
        if runner:
            runner.start()
        elif accord.settings.redis_url:
            from services.worker.arq_app import RedisWakeup

            wakeup = await RedisWakeup.connect(accord.settings.redis_url)
            accord.wake = wakeup.poke
        try:
            yield
        finally:
            if runner:
                await runner.stop()
            if wakeup:
                accord.wake = None
                await wakeup.close()
            await accord.close()

    app = FastAPI(
        title="Accord",
        version="0.1.0",
        summary="Write, review, translate and publish one consensus paper together.",
        lifespan=lifespan,
    )
    app.state.accord = accord
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
        word,
    ):
        app.include_router(module.router, prefix=API_PREFIX)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Ready when the database answers."""
        await accord.ping()
        return {"status": "ok"}

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    app.add_middleware(BodyLimit, limit=accord.settings.max_request_bytes)
    return app
