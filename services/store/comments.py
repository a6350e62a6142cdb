"""Queries on comments and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.anchoring import Anchor, TextQuote
from drafts.comments import Comment, CommentStatus, Disposition
from drafts.model import Paper, Track
from services.store.paging import only_sections
from services.store.tables import CommentRow, SectionRow, TrackRow


def comment_of(row: CommentRow | Row[Any]) -> Comment:
    """The comment of a row (an ORM object, or the table's columns)."""
    quote = None
    if row.exact is not None:
        quote = TextQuote(row.exact, row.prefix, row.suffix, row.quote_start or 0)
    anchor = None
    if row.anchor_status is not None:
        anchor = Anchor(row.anchor_status, row.anchor_start, row.anchor_end)  # type: ignore[arg-type]
    return Comment(
        revision=row.revision,
        author=row.author,
        body=row.body,
        created_at=row.created_at,
        quote=quote,
        parent=row.parent_id,
        replacement=row.replacement,
        status=CommentStatus(row.status),
        anchor_revision=row.anchor_revision,
        anchor=anchor,
        disposition=Disposition(row.disposition) if row.disposition else None,
        disposition_note=row.disposition_note,
        resolved_by=row.resolved_by,
        edited_at=row.edited_at,
        id=row.id,
    )


def _fill(row: CommentRow, comment: Comment) -> None:
    row.body = comment.body
    row.replacement = comment.replacement
    row.edited_at = comment.edited_at
    row.status = comment.status.value
    row.anchor_revision = comment.anchor_revision
    row.anchor_start = comment.anchor.start if comment.anchor else None
    row.anchor_end = comment.anchor.end if comment.anchor else None
    row.anchor_status = comment.anchor.status if comment.anchor else None
    row.disposition = comment.disposition.value if comment.disposition else None
    row.disposition_note = comment.disposition_note
    row.resolved_by = comment.resolved_by


# Every save asks it (to re-anchor the threads on the new text): built once. ORM objects,
# so that `update` finds each thread in the session without reading it again.
_OPEN_THREADS = (
    select(CommentRow)
    .where(
        CommentRow.track_id == bindparam("track_id"),
        CommentRow.status == CommentStatus.OPEN.value,
        CommentRow.parent_id.is_(None),
    )
    .order_by(CommentRow.id)
)


class SqlComments:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, track: Track, comment: Comment) -> Comment:
        assert track.id is not None
        quote = comment.quote
        row = CommentRow(
            track_id=track.id,
            parent_id=comment.parent,
            revision=comment.revision,
            author=comment.author,
            body=comment.body,
            exact=quote.exact if quote else None,
            prefix=quote.prefix if quote else "",
            suffix=quote.suffix if quote else "",
            quote_start=quote.start if quote else None,
            replacement=comment.replacement,
            created_at=comment.created_at,
        )
        _fill(row, comment)
        self.session.add(row)
        await self.session.flush()
        comment.id = row.id
        return comment

    async def get(self, track: Track, comment_id: int) -> Comment | None:
        row = await self.session.scalar(
            select(CommentRow).where(CommentRow.track_id == track.id, CommentRow.id == comment_id)
        )
        return comment_of(row) if row else None

    async def update(self, comment: Comment) -> None:
        row = await self.session.get_one(CommentRow, comment.id)
        _fill(row, comment)
        await self.session.flush()

    async def open_threads(self, track: Track) -> list[Comment]:
        rows = await self.session.scalars(_OPEN_THREADS, {"track_id": track.id})
        return [comment_of(r) for r in rows]

    async def find(
        self, track: Track, status: str | None, revision: int | None, after: int, limit: int
    ) -> list[Comment]:
        query = select(CommentRow).where(CommentRow.track_id == track.id, CommentRow.id > after)
        if status is not None:
            query = query.where(CommentRow.status == status)
        if revision is not None:
            query = query.where(CommentRow.revision == revision)
        rows = await self.session.scalars(query.order_by(CommentRow.id).limit(limit))
        return [comment_of(r) for r in rows]

    async def open_counts(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        rows = await self.session.execute(
            only_sections(
                select(SectionRow.key, TrackRow.language, func.count(CommentRow.id))
                .join(TrackRow, TrackRow.section_id == SectionRow.id)
                .join(CommentRow, CommentRow.track_id == TrackRow.id)
                .where(
                    SectionRow.paper_id == paper.id,
                    CommentRow.status == CommentStatus.OPEN.value,
                    CommentRow.parent_id.is_(None),
                ),
                sections,
            ).group_by(SectionRow.key, TrackRow.language)
        )
        return {(key, language): count for key, language, count in rows}

    async def replies_after(self, thread: int, after: int) -> int:
        count = await self.session.scalar(
            select(func.count(CommentRow.id)).where(
                CommentRow.parent_id == thread, CommentRow.id > after
            )
        )
        return int(count or 0)

    async def for_paper(self, paper: Paper) -> list[tuple[str, str, Comment]]:
        rows = await self.session.execute(
            select(SectionRow.key, TrackRow.language, CommentRow)
            .join(TrackRow, TrackRow.section_id == SectionRow.id)
            .join(CommentRow, CommentRow.track_id == TrackRow.id)
            .where(SectionRow.paper_id == paper.id)
            .order_by(SectionRow.position, TrackRow.language, CommentRow.id)
        )
        return [(key, language, comment_of(row)) for key, language, row in rows]
