"""The tables of versions and the files rendered of them (in the one metadata of `tables`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Json, Moment, SerialId


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
