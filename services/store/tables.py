"""The relational schema. Migrations create it; this module only describes it for queries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
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


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    name: Mapped[str] = mapped_column(UserName, unique=True)
    email: Mapped[str] = mapped_column(String(254))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Moment)


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    # Both empty for tokens made before 0010: unnamed, valid until revoked.
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


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


class ImageBlobRow(Base):
    """Image bytes by their SHA-256: never changed or removed, so a published version can
    always be rendered again from the images it was frozen with."""

    __tablename__ = "image_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PaperImageRow(Base):
    """The image a paper's text shows under a name, now."""

    __tablename__ = "paper_images"
    __table_args__ = (UniqueConstraint("paper_id", "name"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"))
    name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(ForeignKey("image_blobs.sha256"))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    stored_by: Mapped[str] = mapped_column(ForeignKey("users.name"))
    stored_at: Mapped[datetime] = mapped_column(Moment)


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


class PublicationRow(Base):
    __tablename__ = "publications"
    # Versions are immutable: one row per (paper, version), whoever asks twice.
    __table_args__ = (UniqueConstraint("paper_id", "version"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"))
    version: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list[str]] = mapped_column(Json)
    formats: Mapped[list[str]] = mapped_column(Json)
    manifest: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    paper_snapshot: Mapped[dict[str, Any]] = mapped_column(Json)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by: Mapped[str] = mapped_column(ForeignKey("users.name"))
    created_at: Mapped[datetime] = mapped_column(Moment)
    published_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class ArtifactRow(Base):
    __tablename__ = "artifacts"
    # One file per (publication, language, format): a second render cannot make a copy.
    __table_args__ = (
        UniqueConstraint("publication_id", "language", "format"),
        Index("ix_artifacts_input", "input_hash", "format", "status"),
        Index("ix_artifacts_status_updated", "status", "updated_at"),
    )
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    language: Mapped[str] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    input_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(Moment)


class PasswordRow(Base):
    """A person's password as an argon2id hash (PHC string: algorithm, parameters, salt)."""

    __tablename__ = "passwords"
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    set_at: Mapped[datetime] = mapped_column(Moment)


class InvitationRow(Base):
    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(UserName)
    created_at: Mapped[datetime] = mapped_column(Moment)
    expires_at: Mapped[datetime] = mapped_column(Moment)
    used_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class SessionRow(Base):
    """A signed-in browser; the cookie holds the id, the database only its keyed hash."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    last_seen_at: Mapped[datetime] = mapped_column(Moment)
    expires_at: Mapped[datetime] = mapped_column(Moment)
    client: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class SignInThrottleRow(Base):
    """Failed sign-ins in a row per account or client address, for the growing delays."""

    __tablename__ = "sign_in_throttles"
    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True, index=True)


class ConsequenceRow(Base):
    """One handler's work on one event: the dispatcher's record of it, kept when done."""

    __tablename__ = "consequences"
    # One per (event, handler): a relay that runs twice makes no second one.
    __table_args__ = (
        UniqueConstraint("event_id", "handler"),
        Index("ix_consequences_status_available", "status", "available_at"),
    )
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"))
    event_name: Mapped[str] = mapped_column(String(64))
    paper: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handler: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(Moment)
    queued_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    finished_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)


class WebhookEndpointRow(Base):
    """A URL the secretariat subscribed to a paper's events."""

    __tablename__ = "webhook_endpoints"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    event_types: Mapped[list[str]] = mapped_column(Json)
    # [{"value", "created_at", "expires_at"}], newest first. Kept as they are: signing
    # needs the key itself (an HMAC), as a receiver's verifying does.
    secrets: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))
    disabled_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    failing_since: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.name"))
    created_at: Mapped[datetime] = mapped_column(Moment)


class WebhookDeliveryRow(Base):
    """One event for one endpoint, and where its tries stand."""

    __tablename__ = "webhook_deliveries"
    # One delivery per (endpoint, event): a handler that runs twice makes no second one.
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"))
    event_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    round_tries: Mapped[int] = mapped_column(Integer, default=0)
    round_started_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(Moment)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    delivered_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class WebhookAttemptRow(Base):
    """Every try of a delivery, for its log."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (UniqueConstraint("delivery_id", "number"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"))
    number: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(Moment)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")


class NotificationPreferenceRow(Base):
    __tablename__ = "notification_preferences"
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    muted: Mapped[list[str]] = mapped_column(Json)
    updated_at: Mapped[datetime] = mapped_column(Moment)


class OutgoingMailRow(Base):
    """A mail to one person (one notice, or a digest), sent once."""

    __tablename__ = "outgoing_mails"
    __table_args__ = (Index("ix_outgoing_mails_due", "sent_at", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    recipient: Mapped[str] = mapped_column(ForeignKey("users.name"))
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    notices: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(Moment)
    next_attempt_at: Mapped[datetime] = mapped_column(Moment)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class NotificationRow(Base):
    """One thing one person is told about one event."""

    __tablename__ = "notifications"
    # Once per (event, person, kind): a handler that runs twice tells nobody twice.
    __table_args__ = (
        UniqueConstraint("event_id", "recipient", "kind"),
        Index("ix_notifications_unmailed", "mail_id", "recipient"),
    )
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"))
    recipient: Mapped[str] = mapped_column(ForeignKey("users.name"))
    kind: Mapped[str] = mapped_column(String(32))
    paper: Mapped[str] = mapped_column(String(64))
    section: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Moment)
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mails.id"), nullable=True)


class WorkerRow(Base):
    """A running worker process, as it last reported itself (its heartbeat).

    Kept in the database rather than in Redis: when Redis is down, readiness and the
    publications still tell whether any worker is alive to resume the renders.
    """

    __tablename__ = "workers"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(Moment)
    seen_at: Mapped[datetime] = mapped_column(Moment, index=True)
    # Whether its queue (Redis) answers: a worker may be alive and cut off from its jobs.
    connected: Mapped[bool] = mapped_column(Boolean)


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
