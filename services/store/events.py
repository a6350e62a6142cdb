"""The audit log and the outbox, written in the same transaction as the state they record."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.events import Event
from services.observability.context import current_request_id
from services.store.tables import EventRow, OutboxRow, core
from workflows.event_ports import LoggedEvent, OutboxItem

EVENTS = core(EventRow)
OUTBOX = core(OutboxRow)
_COLUMNS = ("id", "name", "actor", "paper", "occurred_at", "payload", "request_id")
# PostgreSQL: an event and its outbox row in one statement, compiled once (several events
# are its parameter sets, in the order they were recorded, hence numbered in that order).
_WRITTEN = (
    insert(EVENTS)
    .values({name: bindparam(name, type_=EVENTS.c[name].type) for name in _COLUMNS})
    .returning(EVENTS.c.id, EVENTS.c.name)
    .cte("written")
)
_MOMENT = bindparam("now", type_=OUTBOX.c.created_at.type)
_EVENT_AND_OUTBOX = insert(OUTBOX).from_select(
    ["event_id", "name", "created_at", "available_at", "attempts"],
    select(_WRITTEN.c.id, _WRITTEN.c.name, _MOMENT, _MOMENT, literal(0)),
)


async def append_events(session: AsyncSession, events: list[Event]) -> None:
    """Add each event to the audit log and to the outbox of work still to do, numbered in
    the order the transactions commit.

    A reader follows a paper's log by its numbers ("after 41"), so a number must never
    become visible after a higher one of the same paper: it would be skipped for good.
    On PostgreSQL two transactions may take numbers in one order and commit in the other,
    so an event is written with a provisional number and the database numbers it during
    the COMMIT, under a per-paper lock held from numbering to commit (migration 0015):
    saves of one paper wait for each other only that long, never for a round trip.
    SQLite writes one transaction at a time, so there the order holds by itself.
    """
    if not events:
        return
    now = datetime.now(UTC)
    request_id = current_request_id.get()
    rows = [
        {
            "id": e.id,
            "name": e.name,
            "actor": e.actor,
            "paper": e.paper,
            "occurred_at": e.occurred_at,
            "payload": e.payload(),
            "request_id": request_id,
        }
        for e in events
    ]
    # Core INSERTs, not ORM objects: nothing here is read back, and the flush of new
    # objects (identity map, RETURNING of each key) cost more than the statements.
    if session.get_bind().dialect.name == "postgresql":
        # One round trip for both: the outbox row is made from the event written.
        await session.execute(_EVENT_AND_OUTBOX, [{**row, "now": now} for row in rows])
        return
    await session.execute(insert(EVENTS), rows)
    await session.execute(
        insert(OUTBOX),
        [
            {"event_id": e.id, "name": e.name, "created_at": now, "available_at": now}
            for e in events
        ],
    )


class SqlEventLog:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]:
        rows = await self.session.scalars(
            select(EventRow)
            .where(EventRow.paper == paper, EventRow.seq > after)
            .order_by(EventRow.seq)
            .limit(limit)
        )
        return [
            LoggedEvent(
                seq=r.seq,
                id=r.id,
                name=r.name,
                actor=r.actor,
                paper=r.paper,
                occurred_at=r.occurred_at,
                payload=dict(r.payload),
            )
            for r in rows
        ]

    async def get(self, event_id: str) -> LoggedEvent | None:
        r = await self.session.scalar(select(EventRow).where(EventRow.id == event_id))
        if r is None:
            return None
        return LoggedEvent(
            seq=r.seq,
            id=r.id,
            name=r.name,
            actor=r.actor,
            paper=r.paper,
            occurred_at=r.occurred_at,
            payload=dict(r.payload),
        )

    async def latest(self, paper: str) -> int:
        newest = await self.session.scalar(
            select(func.max(EventRow.seq)).where(EventRow.paper == paper)
        )
        return int(newest or 0)


class SqlOutbox:
    """The events whose consequences are not yet set off."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, limit: int) -> list[OutboxItem]:
        """The oldest waiting events, locked so that concurrent relays take different ones.

        SKIP LOCKED is PostgreSQL's; SQLite has one writer at a time already, and
        SQLAlchemy leaves the clause out there.
        """
        query = (
            select(OutboxRow.event_id, EventRow.name, EventRow.paper, EventRow.payload)
            .join(EventRow, EventRow.id == OutboxRow.event_id)
            .order_by(OutboxRow.created_at, EventRow.seq)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=OutboxRow, skip_locked=True)
        rows = await self.session.execute(query)
        return [OutboxItem(eid, name, paper, dict(payload)) for eid, name, paper, payload in rows]

    async def done(self, event_ids: list[str]) -> None:
        if event_ids:
            await self.session.execute(delete(OutboxRow).where(OutboxRow.event_id.in_(event_ids)))

    async def waiting(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(OutboxRow)) or 0)
