"""How much work waits: read for the metrics, never for a decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.store.tables import OutboxRow


async def outbox_backlog(session: AsyncSession) -> tuple[int, datetime | None]:
    """The number of outbox rows and when the oldest of them was written."""
    row = (await session.execute(select(func.count(), func.min(OutboxRow.created_at)))).one()
    return int(row[0] or 0), row[1]
