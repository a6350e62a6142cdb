"""The baseline of `benchmarks.saves`: a bare FastAPI endpoint doing one INSERT per save.

    BARE_DATABASE_URL=postgresql+asyncpg://... uvicorn benchmarks.bare_save:app

The same framework, server, driver, pool size and JSON body as Accord's save, and nothing
else: no authentication, no reads, no events. What Accord does beyond this is its cost.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.config import Settings

_defaults = Settings()
engine = create_async_engine(
    os.environ["BARE_DATABASE_URL"],
    pool_size=_defaults.database_pool_size,
    max_overflow=_defaults.database_max_overflow,
)

CREATE = """CREATE TABLE IF NOT EXISTS bare_saves (
    id BIGSERIAL PRIMARY KEY, section TEXT NOT NULL, body TEXT NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL)"""
INSERT = "INSERT INTO bare_saves (section, body, saved_at) VALUES (:section, :body, :at)"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as connection:
        await connection.execute(text(CREATE))
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


class SaveIn(BaseModel):
    body: str
    base_revision: int | None = None


@app.post("/api/v1/papers/{paper}/sections/{section}/languages/{lang}/revisions", status_code=201)
async def save(paper: str, section: str, lang: str, body: SaveIn) -> dict[str, object]:
    async with engine.begin() as connection:
        await connection.execute(
            text(INSERT), {"section": section, "body": body.body, "at": datetime.now(UTC)}
        )
    return {"number": (body.base_revision or 0) + 1, "section": section}
