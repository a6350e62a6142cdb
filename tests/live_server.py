"""The API served over real TCP by uvicorn, inside the test's own event loop.

httpx's in-memory transport hands the app a whole body at once and never resets a
connection; what a slow, vanishing or keep-alive client does needs a real server.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import uvicorn

from services.api.app import create_app
from services.bootstrap import Accord


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serving(accord: Accord) -> AsyncIterator[str]:
    """The base URL of the app served on a free port, for as long as the block runs (the
    app starts the Accord's job runner, and closes the Accord when it stops)."""
    port = free_port()
    config = uvicorn.Config(
        create_app(accord),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
