"""The audit log of a paper: who did what, when."""

from __future__ import annotations

from workflows.event_ports import LoggedEvent
from workflows.pages import Page, page_of
from workflows.papers import load_paper
from workflows.ports import UnitOfWork


async def list_events(
    uow: UnitOfWork, slug: str, user: str, after: int, limit: int
) -> Page[LoggedEvent]:
    """The paper's events in the order they were recorded; any member may read them."""
    paper = await load_paper(uow, slug, user)
    rows = await uow.events.list(paper.slug, after, limit + 1)
    return page_of(rows, limit, lambda e: e.seq)


async def follow_from(uow: UnitOfWork, slug: str, user: str, after: int | None) -> int:
    """Where a live follower of the log starts: after the given place, else after the
    newest event (only what happens from now on). Any member may follow."""
    paper = await load_paper(uow, slug, user)
    return after if after is not None else await uow.events.latest(paper.slug)
