"""Queries on the fingerprints of what Word files brought in."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Track
from services.store.tables import WordMarkRow


class SqlWordMarks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known(self, track: Track, fingerprints: list[str]) -> dict[str, int]:
        if not fingerprints:
            return {}
        rows = await self.session.execute(
            select(WordMarkRow.fingerprint, WordMarkRow.comment_id).where(
                WordMarkRow.track_id == track.id, WordMarkRow.fingerprint.in_(fingerprints)
            )
        )
        return {fingerprint: comment for fingerprint, comment in rows.all()}

    async def add(self, track: Track, fingerprint: str, comment: int) -> None:
        assert track.id is not None
        self.session.add(
            WordMarkRow(
                track_id=track.id,
                fingerprint=fingerprint,
                comment_id=comment,
                created_at=datetime.now(UTC),
            )
        )
        await self.session.flush()
