"""What a save reads before it writes: the paper with its members, the section, the
locked track and its head, in one statement; and what it writes, the new revision and
the track's new head, with the track's open threads read back, in one statement on
PostgreSQL.

Read one by one these were five round trips and as many ORM statements, a fifth of a
save's processor time. The statement is built once, Core (rows as tuples, no identity
map); the members come as one JSON array (each [user, roles, languages]), aggregated by
the database in its own dialect. It finds a row only when paper, section and track all
exist; otherwise the caller reads them one by one to say which one is missing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Row, Select, and_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.comments import Comment, CommentStatus
from drafts.model import Paper, Revision, Section, SectionState, Track
from services.store.comments import comment_of
from services.store.papers import Members, add_member, paper_of
from services.store.revisions import ADD_REVISION, REVISION_FIELDS, revision_values
from services.store.tables import (
    CommentRow,
    MembershipRow,
    PaperRow,
    RevisionRow,
    SectionRow,
    TrackRow,
    core,
)
from workflows.save_ports import TextToChange

PAPERS, MEMBERS, SECTIONS, TRACKS, REVISIONS, COMMENTS = (
    core(PaperRow),
    core(MembershipRow),
    core(SectionRow),
    core(TrackRow),
    core(RevisionRow),
    core(CommentRow),
)

_SECTION = ("id", "key", "position", "titles", "authors", "retired_at")
_TRACK = ("id", "language", "state", "head", "approved")


# FOR UPDATE OF tracks: concurrent saves of one track queue here, as with the track read
# alone, and the track's columns are those of the latest commit once the lock is held
# (PostgreSQL re-reads a locked row that changed while it waited). The head is joined
# from the statement's snapshot, which may predate that commit: the caller uses it only
# when its number is the locked track's head. SQLite took the write lock at BEGIN.
def _to_change(members: Any) -> Select[Any]:
    return (
        select(
            PAPERS,
            members.label("members"),
            *(SECTIONS.c[name].label(f"section_{name}") for name in _SECTION),
            *(TRACKS.c[name].label(f"track_{name}") for name in _TRACK),
            *(REVISIONS.c[name].label(f"head_{name}") for name in REVISION_FIELDS),
        )
        .select_from(
            PAPERS.join(
                SECTIONS,
                and_(SECTIONS.c.paper_id == PAPERS.c.id, SECTIONS.c.key == bindparam("key")),
            )
            .join(
                TRACKS,
                and_(
                    TRACKS.c.section_id == SECTIONS.c.id, TRACKS.c.language == bindparam("language")
                ),
            )
            .outerjoin(
                REVISIONS,
                and_(REVISIONS.c.track_id == TRACKS.c.id, REVISIONS.c.number == TRACKS.c.head),
            )
        )
        .where(PAPERS.c.slug == bindparam("slug"))
        .with_for_update(of=TRACKS)
    )


def _members_of_paper(aggregate: Any) -> Any:
    return (
        select(aggregate)
        .where(MEMBERS.c.paper_id == PAPERS.c.id)
        .correlate(PAPERS)
        .scalar_subquery()
    )


_BY_DIALECT = {
    "postgresql": _to_change(
        _members_of_paper(
            func.jsonb_agg(
                func.jsonb_build_array(MEMBERS.c.user_name, MEMBERS.c.roles, MEMBERS.c.languages),
                type_=JSONB(),
            )
        )
    ),
    # The columns hold JSON text: json() embeds them as JSON, not as strings.
    "sqlite": _to_change(
        _members_of_paper(
            func.json_group_array(
                func.json_array(
                    MEMBERS.c.user_name, func.json(MEMBERS.c.roles), func.json(MEMBERS.c.languages)
                ),
                type_=JSON(),
            )
        )
    ),
}


def _members(aggregated: list[Any] | None) -> Members:
    found: Members = ({}, {})
    for user, roles, languages in aggregated or ():
        add_member(found, user, roles, languages)
    return found


def _section(row: Row[Any]) -> Section:
    return Section(
        key=row.section_key,
        position=row.section_position,
        titles=dict(row.section_titles),
        authors=tuple(row.section_authors),
        retired_at=row.section_retired_at,
        id=row.section_id,
    )


def _track(row: Row[Any]) -> Track:
    return Track(
        section=row.section_key,
        language=row.track_language,
        state=SectionState(row.track_state),
        head=row.track_head,
        approved=row.track_approved,
        id=row.track_id,
    )


def _head(row: Row[Any]) -> Revision | None:
    if row.head_number is None or row.head_number != row.track_head:
        return None
    return Revision(
        number=row.head_number,
        body=row.head_body,
        content_hash=row.head_content_hash,
        author=row.head_author,
        created_at=row.head_created_at,
        parent=row.head_parent,
        base=row.head_base,
        merged=row.head_merged,
        source_revision=row.head_source_revision,
        suggested_by=row.head_suggested_by,
    )


_SET_TRACK = (
    update(TRACKS)
    .where(TRACKS.c.id == bindparam("track_id_"))
    .values(
        state=bindparam("track_state"),
        head=bindparam("track_head"),
        approved=bindparam("track_approved"),
    )
)
# The threads the new text re-anchors, as columns (each one is updated by id).
_OPEN_THREADS = (
    select(COMMENTS)
    .where(
        COMMENTS.c.track_id == bindparam("track_id_"),
        COMMENTS.c.status == CommentStatus.OPEN.value,
        COMMENTS.c.parent_id.is_(None),
    )
    .order_by(COMMENTS.c.id)
)
# PostgreSQL runs the INSERT and the UPDATE in WITH clauses of the threads' SELECT, in
# one round trip (each exactly once; the SELECT reads the comments as a statement of its
# own would at that moment). SQLite has no statements in WITH and takes the three in turn.
_WRITE_AND_READ_THREADS = _OPEN_THREADS.add_cte(ADD_REVISION.cte("added_revision")).add_cte(
    _SET_TRACK.cte("moved_track")
)


class SqlTextToChange:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def read(self, slug: str, key: str, language: str) -> TextToChange | None:
        statement = _BY_DIALECT[self.session.get_bind().dialect.name]
        params = {"slug": slug, "key": key, "language": language}
        row = (await self.session.execute(statement, params)).first()
        if row is None:
            return None
        paper: Paper = paper_of(row, _members(row.members))
        return TextToChange(paper, _section(row), _track(row), _head(row))

    async def write(self, track: Track, revision: Revision) -> list[Comment]:
        assert track.id is not None
        added = revision_values(track.id, revision)
        changed = {
            "track_id_": track.id,
            "track_state": track.state.value,
            "track_head": track.head,
            "track_approved": track.approved,
        }
        if self.session.get_bind().dialect.name == "postgresql":
            rows = await self.session.execute(_WRITE_AND_READ_THREADS, {**added, **changed})
        else:
            await self.session.execute(ADD_REVISION, added)
            await self.session.execute(_SET_TRACK, changed)
            rows = await self.session.execute(_OPEN_THREADS, {"track_id_": track.id})
        return [comment_of(row) for row in rows]
