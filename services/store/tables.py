"""The relational schema. Migrations create it; this module only describes it for queries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints so that migrations can refer to them on every database.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Json = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
SerialId = BigInteger().with_variant(Integer(), "sqlite")
Moment = DateTime(timezone=True)
UserName = String(64)


class Base(DeclarativeBase):
    metadata = metadata


def core(row: type[Base]) -> Table:
    """The table behind a mapped class, for Core statements on a hot path (a save): rows
    as tuples, no ORM objects, no identity map, no flush."""
    return cast(Table, row.__table__)


class PaperRow(Base):
    __tablename__ = "papers"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    titles: Mapped[dict[str, str]] = mapped_column(Json)
    source_language: Mapped[str] = mapped_column(String(8))
    languages: Mapped[list[str]] = mapped_column(Json)
    symbol: Mapped[str] = mapped_column(String(200), default="")
    forum: Mapped[str] = mapped_column(Text, default="")
    # The forum in the paper's other languages, by language (none before 0005).
    forums: Mapped[dict[str, str] | None] = mapped_column(Json, nullable=True)
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    approvals_required: Mapped[int] = mapped_column(Integer, default=1)
    secretariat_approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Moment)
    bibliography: Mapped[str | None] = mapped_column(Text, nullable=True)
    # How the paper is printed (0013): its distribution, and its house style as the
    # fields of drafts.house_style.HouseStyle (none: the defaults).
    distribution: Mapped[str] = mapped_column(
        String(16), default="general", server_default="general"
    )
    house_style: Mapped[dict[str, object] | None] = mapped_column(Json, nullable=True)
    # How a draft version shows a text not yet translated (0006): "source" or "placeholder".
    untranslated: Mapped[str] = mapped_column(String(16), server_default="source")


class MembershipRow(Base):
    __tablename__ = "memberships"
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    roles: Mapped[list[str]] = mapped_column(Json)
    # The languages a role is limited to, by role (0006); a role not named holds for all.
    languages: Mapped[dict[str, list[str]] | None] = mapped_column(Json, nullable=True)


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("paper_id", "key"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    # Not unique: a reorder moves positions one row at a time.
    position: Mapped[int] = mapped_column(Integer)
    titles: Mapped[dict[str, str]] = mapped_column(Json)
    authors: Mapped[list[str]] = mapped_column(Json)
    # A retired section leaves the outline; its history stays (0006).
    retired_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class TrackRow(Base):
    __tablename__ = "tracks"
    __table_args__ = (UniqueConstraint("section_id", "language"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id"))
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(32))
    head: Mapped[int] = mapped_column(Integer, default=0)
    approved: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RevisionRow(Base):
    __tablename__ = "revisions"
    # The unique number per track is the last guard against two saves taking one number.
    __table_args__ = (UniqueConstraint("track_id", "number"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(ForeignKey("users.name"))
    created_at: Mapped[datetime] = mapped_column(Moment)
    parent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    source_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Who proposed the text when the revision came from an accepted suggestion: they
    # wrote part of it, so they may not approve it.
    suggested_by: Mapped[str | None] = mapped_column(UserName, nullable=True)
    # The keys of the practices the body cites, in the order first cited, found by the
    # domain's rule (`drafts.practice_citations.cited_keys`) when the revision is written;
    # the rule changing would need a migration that finds them again (as 0016 did).
    cited: Mapped[list[str]] = mapped_column(Json, server_default="[]")


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_track_status", "track_id", "status"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), nullable=True)
    revision: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(ForeignKey("users.name"))
    body: Mapped[str] = mapped_column(Text)
    exact: Mapped[str | None] = mapped_column(Text, nullable=True)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    quote_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    replacement: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    anchor_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    anchor_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    anchor_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    anchor_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    disposition: Mapped[str | None] = mapped_column(String(16), nullable=True)
    disposition_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(UserName, nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    edited_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)  # 0006


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_track_revision", "track_id", "revision"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    revision: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(ForeignKey("users.name"))
    decision: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(Moment)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    """The audit log: every domain event, never updated or deleted."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_paper_seq", "paper", "seq"),)
    seq: Mapped[int] = mapped_column(SerialId, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(UserName)
    paper: Mapped[str | None] = mapped_column(String(64), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(Moment)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    # The HTTP request that recorded it, so that its jobs log under the same id.
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class OutboxRow(Base):
    """An event not yet dispatched; deleted once its consequences are recorded."""

    __tablename__ = "outbox"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Moment)
    available_at: Mapped[datetime] = mapped_column(Moment, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class IdempotencyRow(Base):
    __tablename__ = "idempotency_keys"
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[Any] = mapped_column(Json)
    headers: Mapped[dict[str, str]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(Moment)


class WordMarkRow(Base):
    """A comment, reply or tracked change of a Word file that became a comment: its
    fingerprint, so that the same file (or a copy Word saved again) adds it only once."""

    __tablename__ = "word_marks"
    __table_args__ = (UniqueConstraint("track_id", "fingerprint"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    created_at: Mapped[datetime] = mapped_column(Moment)
