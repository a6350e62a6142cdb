"""The tables of a paper's catalogue of practices (in the one metadata of `tables`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Json, Moment, SerialId, UserName

# The controlled terms of a practice are kept as one string with a ";" on each side of
# each term (";police;civil-society;"), so that both databases filter on a term with a
# plain LIKE: the terms are lower-case letters and hyphens only.
TERMS = String(400)


class PracticeRow(Base):
    __tablename__ = "practices"
    __table_args__ = (UniqueConstraint("paper_id", "key"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    source_language: Mapped[str] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(3))
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    city: Mapped[str] = mapped_column(String(120))
    start_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actors: Mapped[str] = mapped_column(TERMS)
    approaches: Mapped[str] = mapped_column(TERMS)
    # The strength of the evidence of each outcome, in order, and the bibliography ids.
    evidence: Mapped[list[str]] = mapped_column(Json)
    sources: Mapped[list[str]] = mapped_column(Json)
    proposed_by: Mapped[str] = mapped_column(UserName)
    proposed_at: Mapped[datetime] = mapped_column(Moment)
    verified_by: Mapped[str | None] = mapped_column(UserName, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    version: Mapped[int] = mapped_column(Integer)


class PracticeTextRow(Base):
    """A practice's name, summary and outcome statements in one language."""

    __tablename__ = "practice_texts"
    __table_args__ = (UniqueConstraint("practice_id", "language"),)
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"))
    language: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    outcomes: Mapped[list[str]] = mapped_column(Json)
    author: Mapped[str] = mapped_column(UserName)
    revision: Mapped[int] = mapped_column(Integer)
    # For a translation, the source text's revision it was made from.
    source_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
