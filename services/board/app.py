"""The board's routes and static files, added to the one FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.board.pages import STATIC
from services.board.routes import (
    actions,
    coverage,
    interface,
    papers,
    signin,
    texts,
    versions,
)

ROUTERS = [
    module.router for module in (papers, texts, actions, versions, interface, signin, coverage)
]


def install(app: FastAPI) -> None:
    """Serve the board at `/` beside the API (its pages are not part of the API schema)."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
