"""Where the tests find the real servers, and what happens when one is down.

Outside CI a missing server skips the tests that need it; in CI (`CI=true`) it fails them,
so a green CI run always means the tests ran against real PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

POSTGRES_URL = os.environ.get(
    "ACCORD_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("ACCORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def missing(message: str) -> None:
    """Skip locally, fail in CI: a green CI run never hides a test that did not run."""
    if in_ci():
        pytest.fail(message + " (in CI a missing server or program is a failure)")
    pytest.skip(message)


def require(url: str, default_port: int, what: str) -> None:
    if not reachable(url, default_port):
        missing(f"{what} is not reachable at {url}")


def require_program(path: str, what: str) -> str:
    """The program's path; a test that needs it skips (locally) or fails (CI) without it."""
    found = shutil.which(path)
    if found is None:
        missing(f"{what} is not installed ({path})")
    assert found is not None
    return found
