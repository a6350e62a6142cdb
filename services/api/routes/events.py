"""The audit log."""

from __future__ import annotations

from fastapi import APIRouter

from services.api import cursors
from services.api.deps import After, CurrentUser, Limit, UowDep
from services.api.schemas import EventOut, PageOut
from workflows.audit import list_events

router = APIRouter(tags=["events"])


@router.get("/papers/{paper}/events", response_model=PageOut[EventOut])
async def get_events(
    paper: str, uow: UowDep, caller: CurrentUser, after: After = None, limit: Limit = 100
) -> PageOut[EventOut]:
    """The paper's audit log, oldest first: who did what, when."""
    page = await list_events(uow, paper, caller.name, cursors.decode(after), limit)
    return PageOut(items=[EventOut.of(e) for e in page.items], next=cursors.encode(page.next_after))
