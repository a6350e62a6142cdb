"""The ports of events: the audit log as it is read, and the outbox of events whose
consequences are still to be set off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class LoggedEvent:
    """An event as the audit log keeps it, with its place in the log."""

    seq: int
    id: str
    name: str
    actor: str
    paper: str | None
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class OutboxItem:
    """An event whose consequences are still to be set off."""

    event_id: str
    name: str
    paper: str | None
    payload: dict[str, Any]


class Outbox(Protocol):
    async def claim(self, limit: int) -> list[OutboxItem]: ...
    async def done(self, event_ids: list[str]) -> None: ...
    async def waiting(self) -> int: ...


class EventLog(Protocol):
    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]: ...
    async def get(self, event_id: str) -> LoggedEvent | None: ...
    async def latest(self, paper: str) -> int:
        """The place in the log of the paper's newest event; 0 when it has none."""
        ...
