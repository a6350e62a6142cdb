"""Queries on a paper's images and the bytes kept by hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.images import PaperImage
from drafts.model import Paper
from services.store.image_tables import ImageBlobRow, PaperImageRow


def _image(row: PaperImageRow) -> PaperImage:
    return PaperImage(
        name=row.name,
        sha256=row.sha256,
        media_type=row.media_type,
        size=row.size,
        width=row.width,
        height=row.height,
        stored_by=row.stored_by,
        stored_at=row.stored_at,
    )


class SqlImages:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _row(self, paper: Paper, name: str) -> PaperImageRow | None:
        return await self.session.scalar(
            select(PaperImageRow).where(
                PaperImageRow.paper_id == paper.id, PaperImageRow.name == name
            )
        )

    async def get(self, paper: Paper, name: str) -> PaperImage | None:
        row = await self._row(paper, name)
        return _image(row) if row else None

    async def put(self, paper: Paper, image: PaperImage, data: bytes) -> None:
        """Keep the bytes (once per hash, whoever raced to store them) and point the name
        at them."""
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        await self.session.execute(
            insert(ImageBlobRow)
            .values(sha256=image.sha256, data=data)
            .on_conflict_do_nothing(index_elements=["sha256"])
        )
        row = await self._row(paper, image.name)
        if row is None:
            row = PaperImageRow(paper_id=paper.id, name=image.name)
            self.session.add(row)
        row.sha256 = image.sha256
        row.media_type = image.media_type
        row.size = image.size
        row.width = image.width
        row.height = image.height
        row.stored_by = image.stored_by
        row.stored_at = image.stored_at
        await self.session.flush()

    async def data(self, hashes: list[str]) -> dict[str, bytes]:
        if not hashes:
            return {}
        rows = await self.session.execute(
            select(ImageBlobRow.sha256, ImageBlobRow.data).where(
                ImageBlobRow.sha256.in_(set(hashes))
            )
        )
        return {sha: bytes(data) for sha, data in rows}

    async def list(self, paper: Paper) -> list[PaperImage]:
        rows = await self.session.scalars(
            select(PaperImageRow)
            .where(PaperImageRow.paper_id == paper.id)
            .order_by(PaperImageRow.name)
        )
        return [_image(r) for r in rows]
