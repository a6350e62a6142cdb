"""Stored first answers of create calls, by (user, Idempotency-Key)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.store.tables import IdempotencyRow
from workflows.idempotency_ports import StoredResponse


class SqlIdempotency:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user: str, key: str) -> StoredResponse | None:
        row = await self.session.scalar(
            select(IdempotencyRow).where(
                IdempotencyRow.user_name == user, IdempotencyRow.key == key
            )
        )
        if row is None:
            return None
        return StoredResponse(row.fingerprint, row.status, row.body, dict(row.headers))

    async def add(self, user: str, key: str, response: StoredResponse) -> None:
        self.session.add(
            IdempotencyRow(
                user_name=user,
                key=key,
                fingerprint=response.fingerprint,
                status=response.status,
                body=response.body,
                headers=response.headers,
                created_at=datetime.now(UTC),
            )
        )
