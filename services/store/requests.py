"""Which HTTP request set off a job: read from the event it follows, for its logs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.store.consequence_tables import ConsequenceRow
from services.store.tables import EventRow


async def request_of_consequence(session: AsyncSession, consequence: int) -> str | None:
    """The request id of the event a consequence handles."""
    found: str | None = await session.scalar(
        select(EventRow.request_id)
        .join(ConsequenceRow, ConsequenceRow.event_id == EventRow.id)
        .where(ConsequenceRow.id == consequence)
    )
    return found


async def request_of_publication(session: AsyncSession, publication: int) -> str | None:
    """The request id that last asked for the version (it may be asked for again)."""
    found: str | None = await session.scalar(
        select(EventRow.request_id)
        .where(
            EventRow.name == "PublicationRequested",
            EventRow.payload["publication"].as_integer() == publication,
        )
        .order_by(EventRow.seq.desc())
        .limit(1)
    )
    return found
