"""The tables of images: their bytes once by digest, and the names papers give them (in
the one metadata of `tables`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Moment, SerialId


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
