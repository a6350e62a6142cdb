"""A process's own news of its commits, for whoever waits on it in the same process.

Live event streams poll the database, the one place every process writes to; this lets
them hear at once of what their own process committed, instead of at their next poll.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class CommitSignal:
    def __init__(self) -> None:
        self._listeners: set[asyncio.Event] = set()

    def notify(self) -> None:
        """Something was committed: wake every listener."""
        for heard in self._listeners:
            heard.set()

    @contextmanager
    def listening(self) -> Iterator[asyncio.Event]:
        """An event that is set by the next commit from now on. Listen before looking, so
        that a commit between the look and the wait is not missed."""
        heard = asyncio.Event()
        self._listeners.add(heard)
        try:
            yield heard
        finally:
            self._listeners.discard(heard)
