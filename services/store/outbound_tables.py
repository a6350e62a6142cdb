"""The tables of what leaves Accord on its own: webhook endpoints, their deliveries and
attempts; notices, preferences and the mail that carries them (in the one metadata of
`tables`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Json, Moment, SerialId


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
