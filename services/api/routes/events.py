"""The audit log: cursor pages, or live as server-sent events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from services.api import cursors, live
from services.api.deps import AccordDep, After, CurrentUser, Limit, UowDep
from services.api.schemas import EventOut, PageOut
from workflows.audit import follow_from, list_events

router = APIRouter(tags=["events"])

EVENT_STREAM = "text/event-stream"


@router.get(
    "/papers/{paper}/events",
    response_model=PageOut[EventOut],
    responses={
        200: {
            "content": {
                EVENT_STREAM: {
                    "schema": {"type": "string"},
                    "example": 'id: cDQy\ndata: {"id": "…", "type": "RevisionSaved", …}\n\n',
                }
            },
            "description": "A page of the log; with `Accept: text/event-stream`, the live "
            "log, one message per event with its cursor as the message id.",
        }
    },
)
async def get_events(
    paper: str,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    after: After = None,
    limit: Limit = 100,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=64,
            description="Live log only: the id of the last message received; the stream "
            "resumes after it (sent by EventSource when it reconnects)",
        ),
    ] = None,
) -> PageOut[EventOut] | StreamingResponse:
    """The paper's audit log, oldest first: who did what, when.

    Asked for `text/event-stream`, the log goes on live: events after `after` (or after
    `Last-Event-ID`; with neither, from now on), then each new one as it is recorded.
    """
    if accept and EVENT_STREAM in accept:
        resume = last_event_id or after
        start = await follow_from(
            uow, paper, caller.name, cursors.decode(resume) if resume else None
        )
        # The stream opens its own short units of work; this one must not hold a
        # transaction (on SQLite, the write lock) for as long as the stream lasts.
        await uow.rollback()
        return StreamingResponse(
            live.follow(accord, paper, caller.name, start),
            media_type=EVENT_STREAM,
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    page = await list_events(uow, paper, caller.name, cursors.decode(after), limit)
    return PageOut(items=[EventOut.of(e) for e in page.items], next=cursors.encode(page.next_after))
