"""What events set off, for operators: consequences by state, and replaying dead letters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.api import cursors
from services.api.deps import After, CurrentUser, Limit, NumberInPath, UowDep
from services.api.schemas import PageOut
from workflows.consequence_ports import Consequence, ConsequenceStatus
from workflows.dispatch import (
    consequence_counts,
    get_consequence,
    list_consequences,
    replay,
    replay_dead,
)

router = APIRouter(tags=["operations"])

ADMIN = "/admin/consequences"
HandlerName = Annotated[
    str | None, Query(max_length=64, description="Only this handler's consequences")
]


class ConsequenceOut(BaseModel):
    id: int
    event: str
    event_type: str
    paper: str | None
    handler: str
    status: ConsequenceStatus
    attempts: int
    due_at: datetime | None  # pending: the next try; running: when its lease runs out
    created_at: datetime
    finished_at: datetime | None
    last_error: str | None
    outcome: str | None

    @classmethod
    def of(cls, c: Consequence) -> ConsequenceOut:
        finished = c.status in (ConsequenceStatus.DONE, ConsequenceStatus.DEAD)
        return cls(
            id=c.id,
            event=c.event_id,
            event_type=c.event_name,
            paper=c.paper,
            handler=c.handler,
            status=c.status,
            attempts=c.attempts,
            due_at=None if finished else c.available_at,
            created_at=c.created_at,
            finished_at=c.finished_at,
            last_error=c.last_error,
            outcome=c.outcome,
        )


class HandlerCountsOut(BaseModel):
    handler: str
    pending: int = 0
    running: int = 0
    done: int = 0
    dead: int = 0


class ReplayedOut(BaseModel):
    replayed: list[int]


@router.get(ADMIN, response_model=PageOut[ConsequenceOut])
async def get_consequences(
    uow: UowDep,
    caller: CurrentUser,
    status: Annotated[ConsequenceStatus | None, Query(description="Only this state")] = None,
    handler: HandlerName = None,
    after: After = None,
    limit: Limit = 50,
) -> PageOut[ConsequenceOut]:
    """What events set off, oldest first; `status=dead` lists the dead letters (admins)."""
    page = await list_consequences(uow, caller, status, handler, cursors.decode(after), limit)
    return PageOut(
        items=[ConsequenceOut.of(c) for c in page.items], next=cursors.encode(page.next_after)
    )


@router.get(ADMIN + "/summary", response_model=list[HandlerCountsOut])
async def get_consequence_summary(uow: UowDep, caller: CurrentUser) -> list[HandlerCountsOut]:
    """How many consequences each handler has in each state (admins)."""
    counts = await consequence_counts(uow, caller)
    return [
        HandlerCountsOut(handler=handler, **{s.value: n for s, n in states.items()})
        for handler, states in sorted(counts.items())
    ]


@router.get(ADMIN + "/{consequence}", response_model=ConsequenceOut)
async def get_one_consequence(
    consequence: NumberInPath, uow: UowDep, caller: CurrentUser
) -> ConsequenceOut:
    """One consequence: its event, handler, tries and last error (admins)."""
    return ConsequenceOut.of(await get_consequence(uow, caller, consequence))


@router.post(ADMIN + "/{consequence}/replay", response_model=ConsequenceOut)
async def replay_consequence(
    consequence: NumberInPath, uow: UowDep, caller: CurrentUser
) -> ConsequenceOut:
    """Run a dead-lettered consequence again, from its first try (admins); 409 otherwise."""
    return ConsequenceOut.of(await replay(uow, caller, consequence))


@router.post(ADMIN + "/replay", response_model=ReplayedOut)
async def replay_dead_consequences(
    uow: UowDep, caller: CurrentUser, handler: HandlerName = None
) -> ReplayedOut:
    """Run every dead-lettered consequence again (of one handler if given; admins)."""
    return ReplayedOut(replayed=[c.id for c in await replay_dead(uow, caller, handler)])
