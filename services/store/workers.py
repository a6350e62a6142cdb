"""Worker heartbeats: which worker processes are alive, by when each last reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.store.consequence_tables import WorkerRow


@dataclass(frozen=True)
class WorkerBeat:
    name: str
    host: str
    pid: int
    started_at: datetime
    seen_at: datetime
    connected: bool


class SqlWorkers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def beat(self, beat: WorkerBeat) -> None:
        """Record that the worker is alive now (inserted the first time)."""
        row = await self.session.get(WorkerRow, beat.name)
        if row is None:
            self.session.add(WorkerRow(**beat.__dict__))
            return
        row.seen_at = beat.seen_at
        row.connected = beat.connected

    async def seen_since(self, moment: datetime) -> list[WorkerBeat]:
        rows = await self.session.scalars(
            select(WorkerRow).where(WorkerRow.seen_at >= moment).order_by(WorkerRow.name)
        )
        return [
            WorkerBeat(r.name, r.host, r.pid, r.started_at, r.seen_at, r.connected) for r in rows
        ]

    async def forget(self, name: str) -> None:
        """A worker that stops says so, rather than being counted until it times out."""
        await self.session.execute(delete(WorkerRow).where(WorkerRow.name == name))

    async def forget_before(self, moment: datetime) -> None:
        """Remove workers not seen since `moment` (killed ones never say goodbye)."""
        await self.session.execute(delete(WorkerRow).where(WorkerRow.seen_at < moment))
