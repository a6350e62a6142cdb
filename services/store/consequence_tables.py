"""The tables of work run later: consequences of events and the workers that run them (in
the one metadata of `tables`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Moment, SerialId


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
