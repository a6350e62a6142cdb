"""Queries on revisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper, Revision, Track
from drafts.practice_citations import cited_keys
from services.store.paging import only_sections
from services.store.tables import RevisionRow, SectionRow, TrackRow, core
from workflows.revision_ports import HeadSummary

REVISIONS = core(RevisionRow)
# Built once: a save reads its head with it.
_ONE = select(REVISIONS).where(
    REVISIONS.c.track_id == bindparam("track_id"), REVISIONS.c.number == bindparam("number")
)


# A revision's fields, as its row's columns.
REVISION_FIELDS = (
    "number",
    "body",
    "content_hash",
    "author",
    "created_at",
    "parent",
    "base",
    "merged",
    "source_revision",
    "suggested_by",
)
# The INSERT of a revision, compiled once; its parameters are `revision_values`. A save
# on PostgreSQL runs it inside a statement of its own (`save_reads`).
ADD_REVISION = insert(REVISIONS).values(
    {
        name: bindparam(name, type_=REVISIONS.c[name].type)
        for name in ("track_id", *REVISION_FIELDS, "cited")
    }
)


def revision_values(track_id: int, revision: Revision) -> dict[str, Any]:
    """The row of a revision: with the keys of the practices its body cites, found by the
    domain's rule when it is written, so that the overviews need not parse bodies."""
    return {
        "track_id": track_id,
        **{name: getattr(revision, name) for name in REVISION_FIELDS},
        "cited": list(cited_keys(revision.body)),
    }


def _revision(row: RevisionRow | Row[Any]) -> Revision:
    return Revision(
        number=row.number,
        body=row.body,
        content_hash=row.content_hash,
        author=row.author,
        created_at=row.created_at,
        parent=row.parent,
        base=row.base,
        merged=row.merged,
        source_revision=row.source_revision,
        suggested_by=row.suggested_by,
    )


class SqlRevisions:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, track: Track, number: int) -> Revision | None:
        # The table's columns, not ORM objects: a save reads the head once and never
        # changes it, so the identity map would only cost.
        row = (await self.session.execute(_ONE, {"track_id": track.id, "number": number})).first()
        return _revision(row) if row else None

    async def add(self, track: Track, revision: Revision) -> None:
        assert track.id is not None
        # A Core INSERT (the row is never read back in this transaction): no flush.
        await self.session.execute(ADD_REVISION, revision_values(track.id, revision))

    async def page(self, track: Track, after: int, limit: int) -> list[Revision]:
        rows = await self.session.scalars(
            select(RevisionRow)
            .where(RevisionRow.track_id == track.id, RevisionRow.number > after)
            .order_by(RevisionRow.number)
            .limit(limit)
        )
        return [_revision(r) for r in rows]

    async def heads(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], HeadSummary]:
        """The current revision of every (section, language) of the paper, without bodies
        but with the practices each cites."""
        rows = await self.session.execute(
            only_sections(
                select(
                    SectionRow.key,
                    TrackRow.language,
                    RevisionRow.number,
                    RevisionRow.content_hash,
                    RevisionRow.author,
                    RevisionRow.created_at,
                    RevisionRow.source_revision,
                    RevisionRow.cited,
                )
                .join(TrackRow, TrackRow.section_id == SectionRow.id)
                .join(
                    RevisionRow,
                    (RevisionRow.track_id == TrackRow.id) & (RevisionRow.number == TrackRow.head),
                )
                .where(SectionRow.paper_id == paper.id),
                sections,
            )
        )
        return {
            (key, language): HeadSummary(
                number, content_hash, author, created_at, source, tuple(cited or ())
            )
            for key, language, number, content_hash, author, created_at, source, cited in rows
        }

    async def bodies(
        self, paper: Paper, language: str, wanted: list[tuple[str, int]]
    ) -> dict[str, tuple[int, str, str]]:
        """For (section key, revision number) pairs in one language, in one query:
        {section key: (number, content hash, body)}."""
        if not wanted:
            return {}
        numbers = dict(wanted)
        rows = await self.session.execute(
            select(SectionRow.key, RevisionRow.number, RevisionRow.content_hash, RevisionRow.body)
            .join(TrackRow, TrackRow.section_id == SectionRow.id)
            .join(RevisionRow, RevisionRow.track_id == TrackRow.id)
            .where(
                SectionRow.paper_id == paper.id,
                TrackRow.language == language,
                SectionRow.key.in_(list(numbers)),
                RevisionRow.number.in_(set(numbers.values())),
            )
        )
        return {
            key: (number, content_hash, body)
            for key, number, content_hash, body in rows
            if numbers.get(key) == number
        }

    async def lengths(self, paper: Paper, wanted: list[tuple[str, str, int]]) -> dict[str, int]:
        """Characters of text per language over (section key, language, revision) triples."""
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(
                SectionRow.key, TrackRow.language, RevisionRow.number, func.length(RevisionRow.body)
            )
            .join(TrackRow, TrackRow.section_id == SectionRow.id)
            .join(RevisionRow, RevisionRow.track_id == TrackRow.id)
            .where(
                SectionRow.paper_id == paper.id,
                TrackRow.language.in_({lang for _, lang, _ in wanted}),
                RevisionRow.number.in_({number for _, _, number in wanted}),
            )
        )
        chosen = set(wanted)
        totals: dict[str, int] = {}
        for key, language, number, length in rows:
            if (key, language, number) in chosen:
                totals[language] = totals.get(language, 0) + int(length or 0)
        return totals

    async def authors_between(self, track: Track, after: int, upto: int) -> set[str]:
        rows = await self.session.execute(
            select(RevisionRow.author, RevisionRow.suggested_by).where(
                RevisionRow.track_id == track.id,
                RevisionRow.number > after,
                RevisionRow.number <= upto,
            )
        )
        return {name for pair in rows for name in pair if name}
