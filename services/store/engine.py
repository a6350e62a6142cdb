"""Engines for PostgreSQL (production) and SQLite (the embedded default)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# The execution option of an engine whose transactions only read (see `readers`).
READ_ONLY = "accord_read_only"
# How long a writer waits for SQLite's write lock (the driver's busy timeout, too).
SQLITE_BUSY_SECONDS = 30
# A pooled connection idle longer than this is tried before it is handed out.
PING_AFTER_IDLE_SECONDS = 2.0


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite, set up so concurrent writers wait instead of failing."""
    if not is_sqlite(url):
        engine = create_async_engine(url, **kwargs)
        _ping_when_idle(engine)
        return engine
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with "database
        # is locked" when another writer got in between; taking the write lock at BEGIN
        # makes writers queue (up to busy_timeout) and read a consistent head. A reader
        # takes no lock at all: in WAL mode it reads its snapshot while a writer writes.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def readers(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool, for transactions that only read: on SQLite they begin
    deferred and so never queue behind (or hold up) a writer."""
    return engine.execution_options(**{READ_ONLY: True})


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Try a connection before handing it out only when it sat idle in the pool.

    SQLAlchemy's `pool_pre_ping` tries every one, and asyncpg's try is three round trips
    (BEGIN, an empty query, ROLLBACK): under load that was a sixth of a save's. A
    connection used a moment ago is as good as its last answer; if the server went away
    since, the statement fails as a disconnect, SQLAlchemy drops the pool's connections,
    and that one request is answered 503 like any other during an outage.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        # A new connection (no `idle_since`) has just answered; a busy one recently did.
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            # The pool throws this connection away and hands out another.
            raise DisconnectionError("the pooled connection is gone") from error


class WriterTurns:
    """On SQLite, this process's write transactions take turns here before they take a
    connection, first come first served.

    SQLite lets one writer in at a time; the others wait in BEGIN IMMEDIATE, each holding
    a pooled connection and polling the lock with sleeps of up to 100 ms. With 32 savers
    the pool was all waiting writers (a GET then queued for a connection behind them)
    and the lock often stood free while they slept. Here a writer waits without a
    connection and starts the moment the one before it ends. Other processes (workers)
    still meet at SQLite's lock. On PostgreSQL there is nothing to wait for.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if self._lock is None:
            yield
            return
        # As long as SQLite would have waited; TimeoutError is answered 503 like its own.
        async with asyncio.timeout(SQLITE_BUSY_SECONDS):
            await self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()


async def ping_database(engine: AsyncEngine) -> None:
    """Return when the database answers a trivial query; raise otherwise."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
