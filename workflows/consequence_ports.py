"""The ports of consequences: what a domain event must still make happen, stored and run
later with retries, and the job runner that wakes to run it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class ConsequenceStatus(StrEnum):
    PENDING = "pending"  # due at `available_at` (a first try, or a retry after a failure)
    RUNNING = "running"  # a try has started; `available_at` is when its lease runs out
    DONE = "done"
    DEAD = "dead"  # every try failed, or one failed for good: waits for an operator


@dataclass
class Consequence:
    """One handler's work on one event, and where it stands: the dispatcher's record."""

    id: int
    event_id: str
    event_name: str
    paper: str | None
    handler: str
    status: ConsequenceStatus
    attempts: int
    available_at: datetime
    created_at: datetime
    queued_at: datetime | None = None
    finished_at: datetime | None = None
    last_error: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class NewConsequence:
    """A consequence the relay writes: pending (due at once), or done at once when its
    handler said it has nothing to do for the event."""

    event_id: str
    event_name: str
    paper: str | None
    handler: str
    nothing_to_do: bool = False


# The outcome of a consequence written done by the relay.
NOTHING_TO_DO = "nothing to do"


class ConsequenceRepository(Protocol):
    async def add(self, consequences: Sequence[NewConsequence], now: datetime) -> None:
        """Write them all at once (one statement); one that exists already is kept."""
        ...

    async def get(self, consequence_id: int, *, lock: bool = False) -> Consequence | None: ...
    async def update(self, consequence: Consequence) -> None: ...
    async def claim_due(
        self, now: datetime, queued_before: datetime, limit: int
    ) -> list[Consequence]:
        """Consequences to queue: pending and due (not queued since `queued_before`), or
        running past their lease; locked, so that concurrent relays take different ones."""
        ...

    async def page(
        self, status: ConsequenceStatus | None, handler: str | None, after: int, limit: int
    ) -> list[Consequence]: ...
    async def counts(self) -> dict[tuple[str, ConsequenceStatus], int]:
        """How many consequences each handler has in each state."""
        ...


class JobRunner(Protocol):
    """What sets off the consequences of commits: the in-process runner of the embedded
    mode, or the wake-ups that a process sends the workers through Redis."""

    async def start(self) -> None: ...
    async def wake(self) -> None:
        """Events were committed: relay them soon. Only a wake-up: the relay also polls,
        so one that is lost costs a little latency, never an event."""
        ...

    async def stop(self) -> None: ...
