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
    redlines,
    review,
    revisions,
    status,
    users,
    word,
)
from services.bootstrap import Accord

API_PREFIX = "/api/v1"


def create_app(accord: Accord) -> FastAPI:
    """The API over an already wired Accord; the app starts its job runner on start-up
    (in the embedded mode, the jobs run in this process) and closes it on shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await accord.start()
        try:
            yield
        finally:
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
        redlines,
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
