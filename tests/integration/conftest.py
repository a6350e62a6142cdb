"""Fixtures of the integration tests that use Redis and `accord worker` processes."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from tests.servers import REDIS_URL, require


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    """The test run's Redis database, empty before and after the test."""
    require(REDIS_URL, 6379, "Redis")
    client = Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The worker processes a test starts (`worker_processes.start_worker`), stopped
    after it: asked to first, killed if they do not end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
