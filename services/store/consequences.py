"""The dispatcher's record: one row per (event, handler), from pending to done or dead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from services.store.consequence_tables import ConsequenceRow
from workflows.consequence_ports import (
    NOTHING_TO_DO,
    Consequence,
    ConsequenceStatus,
    NewConsequence,
)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every moment stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _consequence(row: ConsequenceRow) -> Consequence:
    return Consequence(
        id=row.id,
        event_id=row.event_id,
        event_name=row.event_name,
        paper=row.paper,
        handler=row.handler,
        status=ConsequenceStatus(row.status),
        attempts=row.attempts,
        available_at=_utc(row.available_at),
        created_at=_utc(row.created_at),
        queued_at=_utc(row.queued_at) if row.queued_at else None,
        finished_at=_utc(row.finished_at) if row.finished_at else None,
        last_error=row.last_error,
        outcome=row.outcome,
    )


class SqlConsequences:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _postgresql(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def add(self, consequences: Sequence[NewConsequence], now: datetime) -> None:
        if not consequences:
            return
        rows = [
            {
                "event_id": c.event_id,
                "event_name": c.event_name,
                "paper": c.paper,
                "handler": c.handler,
                "status": (
                    ConsequenceStatus.DONE if c.nothing_to_do else ConsequenceStatus.PENDING
                ).value,
                "attempts": 0,
                "available_at": now,
                "created_at": now,
                "finished_at": now if c.nothing_to_do else None,
                "outcome": NOTHING_TO_DO if c.nothing_to_do else None,
            }
            for c in consequences
        ]
        insert = postgresql.insert if self._postgresql() else sqlite.insert
        # Two relays that read the same outbox row (SQLite reads take no lock) make one.
        await self.session.execute(
            insert(ConsequenceRow)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["event_id", "handler"])
        )

    async def get(self, consequence_id: int, *, lock: bool = False) -> Consequence | None:
        query = select(ConsequenceRow).where(ConsequenceRow.id == consequence_id)
        if lock:
            query = query.with_for_update()
        row = await self.session.scalar(query.execution_options(populate_existing=True))
        return _consequence(row) if row else None

    async def update(self, consequence: Consequence) -> None:
        # One UPDATE, not a load and a flush: each try of each event's consequences
        # updates its row two or three times.
        await self.session.execute(
            update(ConsequenceRow)
            .where(ConsequenceRow.id == consequence.id)
            .values(
                status=consequence.status.value,
                attempts=consequence.attempts,
                available_at=consequence.available_at,
                queued_at=consequence.queued_at,
                finished_at=consequence.finished_at,
                last_error=consequence.last_error,
                outcome=consequence.outcome,
            )
        )

    async def claim_due(
        self, now: datetime, queued_before: datetime, limit: int
    ) -> list[Consequence]:
        """Due consequences, locked with SKIP LOCKED on PostgreSQL so that concurrent relays
        take different ones (SQLite has one writer at a time already)."""
        not_queued = or_(
            ConsequenceRow.queued_at.is_(None), ConsequenceRow.queued_at < queued_before
        )
        query = (
            select(ConsequenceRow)
            .where(
                ConsequenceRow.status.in_(
                    [ConsequenceStatus.PENDING.value, ConsequenceStatus.RUNNING.value]
                ),
                and_(ConsequenceRow.available_at <= now, not_queued),
            )
            .order_by(ConsequenceRow.available_at, ConsequenceRow.id)
            .limit(limit)
        )
        if self._postgresql():
            query = query.with_for_update(skip_locked=True)
        rows = await self.session.scalars(query.execution_options(populate_existing=True))
        return [_consequence(r) for r in rows]

    async def page(
        self, status: ConsequenceStatus | None, handler: str | None, after: int, limit: int
    ) -> list[Consequence]:
        query = select(ConsequenceRow).where(ConsequenceRow.id > after)
        if status is not None:
            query = query.where(ConsequenceRow.status == status.value)
        if handler is not None:
            query = query.where(ConsequenceRow.handler == handler)
        rows = await self.session.scalars(query.order_by(ConsequenceRow.id).limit(limit))
        return [_consequence(r) for r in rows]

    async def counts(self) -> dict[tuple[str, ConsequenceStatus], int]:
        rows = await self.session.execute(
            select(ConsequenceRow.handler, ConsequenceRow.status, func.count()).group_by(
                ConsequenceRow.handler, ConsequenceRow.status
            )
        )
        return {(h, ConsequenceStatus(s)): int(n) for h, s, n in rows}
