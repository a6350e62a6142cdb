"""Queries on sections and their per-language tracks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper, Section, SectionState, Track
from services.store.paging import only_sections
from services.store.tables import SectionRow, TrackRow

# Overviews read a section's columns, not the mapped row: a row object with its identity
# and change tracking cost more than all the rest for the 1,000 sections of a big paper.
_SECTION = (
    SectionRow.key,
    SectionRow.position,
    SectionRow.titles,
    SectionRow.authors,
    SectionRow.retired_at,
    SectionRow.id,
)


def _section(row: SectionRow | Row[*tuple[Any, ...]]) -> Section:
    return Section(
        key=row.key,
        position=row.position,
        titles=dict(row.titles),
        authors=tuple(row.authors),
        retired_at=row.retired_at,
        id=row.id,
    )


_TRACK = (TrackRow.language, TrackRow.state, TrackRow.head, TrackRow.approved, TrackRow.id)


def _track(row: TrackRow | Row[*tuple[Any, ...]], section_key: str) -> Track:
    return Track(
        section=section_key,
        language=row.language,
        state=SectionState(row.state),
        head=row.head,
        approved=row.approved,
        id=row.id,
    )


class SqlSections:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(self, paper: Paper, after: int, limit: int) -> list[Section]:
        rows = await self.session.execute(
            select(*_SECTION)
            .where(
                SectionRow.paper_id == paper.id,
                SectionRow.retired_at.is_(None),
                SectionRow.position > after,
            )
            .order_by(SectionRow.position, SectionRow.id)
            .limit(limit)
        )
        return [_section(r) for r in rows]

    async def list(self, paper: Paper, *, include_retired: bool = False) -> list[Section]:
        query = select(*_SECTION).where(SectionRow.paper_id == paper.id)
        if not include_retired:
            query = query.where(SectionRow.retired_at.is_(None))
        rows = await self.session.execute(query.order_by(SectionRow.position, SectionRow.id))
        return [_section(r) for r in rows]

    async def get(self, paper: Paper, key: str) -> Section | None:
        row = await self.session.scalar(
            select(SectionRow).where(SectionRow.paper_id == paper.id, SectionRow.key == key)
        )
        return _section(row) if row else None

    async def add(self, paper: Paper, section: Section) -> Section:
        assert paper.id is not None
        row = SectionRow(
            paper_id=paper.id,
            key=section.key,
            position=section.position,
            titles=section.titles,
            authors=list(section.authors),
        )
        self.session.add(row)
        await self.session.flush()
        section.id = row.id
        return section

    async def update(self, paper: Paper, section: Section) -> None:
        row = await self.session.get_one(SectionRow, section.id)
        row.position = section.position
        row.titles = dict(section.titles)
        row.authors = list(section.authors)
        row.retired_at = section.retired_at
        await self.session.flush()


class SqlTracks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, section: Section, language: str, *, lock: bool = False) -> Track | None:
        query = select(TrackRow).where(
            TrackRow.section_id == section.id, TrackRow.language == language
        )
        if lock:
            # On PostgreSQL concurrent saves of one track queue here; SQLite has taken
            # the database write lock at BEGIN already.
            query = query.with_for_update()
        row = await self.session.scalar(query.execution_options(populate_existing=True))
        return _track(row, section.key) if row else None

    async def add(self, section: Section, track: Track) -> Track:
        assert section.id is not None
        row = TrackRow(
            section_id=section.id,
            language=track.language,
            state=track.state.value,
            head=track.head,
            approved=track.approved,
        )
        self.session.add(row)
        await self.session.flush()
        track.id = row.id
        return track

    async def update(self, track: Track) -> None:
        # One UPDATE: the row loaded by `get` is seldom still in the session's (weak)
        # identity map, and loading it again cost a save another round trip.
        await self.session.execute(
            update(TrackRow)
            .where(TrackRow.id == track.id)
            .values(state=track.state.value, head=track.head, approved=track.approved)
        )

    async def remove(self, track: Track) -> None:
        await self.session.execute(delete(TrackRow).where(TrackRow.id == track.id))

    async def for_paper(self, paper: Paper, sections: Sequence[str] | None = None) -> list[Track]:
        rows = await self.session.execute(
            only_sections(
                select(*_TRACK, SectionRow.key)
                .join(SectionRow, SectionRow.id == TrackRow.section_id)
                .where(SectionRow.paper_id == paper.id),
                sections,
            ).order_by(SectionRow.position, TrackRow.language)
        )
        return [_track(row, row.key) for row in rows]
