"""Slow, stalled and vanishing clients never hold what other requests need.

A stalled upload (it declares megabytes and sends a few bytes) used to hold a pooled
database connection while its body was read; a pool's worth of them froze every route.
Served here over real TCP with a pool of two connections, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest

from services.bootstrap import Accord, NoJobs, bootstrap
from services.config import Settings
from tests.conftest import make_user
from tests.live_server import serving

POOL = 2
# More than the pool here, and more than the default pool (10 + 10 overflow) too.
STALLED = 24


@pytest.fixture
async def small_pool(accord: Accord, settings: Settings) -> AsyncIterator[Accord]:
    """An Accord over the test database whose pool holds two connections, no overflow."""
    small = bootstrap(
        settings.model_copy(
            update={
                "database_pool_size": POOL,
                "database_max_overflow": 0,
                "database_pool_timeout": 2,
                "body_read_seconds": 3,
            }
        ),
        runner=NoJobs,
    )
    yield small
    await small.close()


async def stalled_upload(
    base: str, token: str, path: str
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Start a PUT that declares 5 MB and sends four bytes, then goes quiet."""
    parts = urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(
        f"PUT {path} HTTP/1.1\r\nHost: accord\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: image/png\r\nContent-Length: {5 * 2**20}\r\n\r\n".encode()
        + b"\x89PNG"
    )
    await writer.drain()
    return reader, writer


async def test_stalled_uploads_beyond_the_pool_do_not_stop_other_requests(
    small_pool: Accord,
) -> None:
    token = await make_user(small_pool, "uploader")
    async with serving(small_pool) as base:
        stalled = [
            (await stalled_upload(base, token, f"/api/v1/papers/nowhere-{n}/images/x.png"))[1]
            for n in range(STALLED)
        ]
        await asyncio.sleep(0.3)  # every one of them is now being read
        try:
            # Before, these waited for the stalled uploads to end (for ever, here). The
            # limit leaves room for a busy machine; the answer itself takes milliseconds.
            async with httpx.AsyncClient(base_url=base, timeout=5) as http:
                health = await http.get("/healthz")
                assert health.status_code == 200
                me = await http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                assert me.status_code == 200, me.text
                assert me.json()["name"] == "uploader"
        finally:
            for writer in stalled:
                writer.close()


async def test_a_body_not_sent_in_time_is_answered_408(small_pool: Accord) -> None:
    token = await make_user(small_pool, "uploader")
    async with serving(small_pool) as base:
        reader, writer = await stalled_upload(base, token, "/api/v1/papers/nowhere/images/x.png")
        try:
            answer = await asyncio.wait_for(reader.read(65536), timeout=10)
        finally:
            writer.close()
    status_line, _, body = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"urn:accord:problem:request-timeout" in body


async def test_a_client_that_goes_away_mid_upload_is_no_server_error(
    small_pool: Accord, caplog: pytest.LogCaptureFixture
) -> None:
    token = await make_user(small_pool, "uploader")
    async with serving(small_pool) as base:
        with caplog.at_level(logging.INFO):
            for n in range(3):
                _, writer = await stalled_upload(base, token, f"/api/v1/papers/p{n}/images/x.png")
                await asyncio.sleep(0.1)
                writer.close()
                with contextlib.suppress(ConnectionError):
                    await writer.wait_closed()
            await asyncio.sleep(0.3)
            async with httpx.AsyncClient(base_url=base, timeout=3) as http:
                assert (await http.get("/healthz")).status_code == 200
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert any("went away" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/papers/a%00b",
        "/api/v1/papers/habitat/sections/x%00/languages/en",
        "/api/v1/papers?after=%00",
        "/api/v1/users/n%00/tokens",
    ],
)
async def test_a_nul_in_the_path_or_query_is_a_clear_422(
    accord: Accord, client: httpx.AsyncClient, path: str
) -> None:
    token = await make_user(accord, "someone")
    answer = await client.get(
        path.removeprefix("/api/v1"), headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:accord:problem:invalid-request"
