"""Queries on reviews and approvals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper, Track
from drafts.review import Decision, Review
from services.store.paging import only_sections
from services.store.tables import ReviewRow, SectionRow, TrackRow


def _review(row: ReviewRow) -> Review:
    return Review(
        revision=row.revision,
        content_hash=row.content_hash,
        reviewer=row.reviewer,
        decision=Decision(row.decision),
        note=row.note,
        created_at=row.created_at,
        voided=row.voided,
    )


class SqlReviews:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, track: Track, review: Review) -> None:
        assert track.id is not None
        self.session.add(
            ReviewRow(
                track_id=track.id,
                revision=review.revision,
                content_hash=review.content_hash,
                reviewer=review.reviewer,
                decision=review.decision.value,
                note=review.note,
                created_at=review.created_at,
                voided=review.voided,
            )
        )
        await self.session.flush()

    async def for_revision(self, track: Track, revision: int) -> list[Review]:
        rows = await self.session.scalars(
            select(ReviewRow)
            .where(
                ReviewRow.track_id == track.id,
                ReviewRow.revision == revision,
                ReviewRow.voided.is_(False),
            )
            .order_by(ReviewRow.id)
        )
        return [_review(r) for r in rows]

    async def void(self, track: Track) -> int:
        result = await self.session.execute(
            update(ReviewRow)
            .where(ReviewRow.track_id == track.id, ReviewRow.voided.is_(False))
            .values(voided=True)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def approvals(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        rows = await self.session.execute(
            only_sections(
                select(SectionRow.key, TrackRow.language, ReviewRow.reviewer)
                .join(TrackRow, TrackRow.section_id == SectionRow.id)
                .join(
                    ReviewRow,
                    (ReviewRow.track_id == TrackRow.id) & (ReviewRow.revision == TrackRow.head),
                )
                .where(
                    SectionRow.paper_id == paper.id,
                    ReviewRow.voided.is_(False),
                    ReviewRow.decision == Decision.APPROVE.value,
                ),
                sections,
            ).order_by(ReviewRow.id)
        )
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key, language, reviewer in rows:
            if reviewer not in found[(key, language)]:
                found[(key, language)].append(reviewer)
        return dict(found)
