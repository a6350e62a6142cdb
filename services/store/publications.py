"""Queries on publications and their artifacts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper
from drafts.publications import (
    Artifact,
    ArtifactStatus,
    ManifestEntry,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from services.store.publication_tables import ArtifactRow, PublicationRow
from services.store.tables import PaperRow


def _publication(row: PublicationRow) -> Publication:
    return Publication(
        version=row.version,
        kind=PublicationKind(row.kind),
        languages=tuple(row.languages),
        formats=tuple(row.formats),
        manifest=tuple(ManifestEntry(**e) for e in row.manifest),
        paper=dict(row.paper_snapshot),
        requested_by=row.requested_by,
        created_at=row.created_at,
        status=PublicationStatus(row.status),
        failure=row.failure,
        published_at=row.published_at,
        id=row.id,
        fingerprint=row.fingerprint,
    )


def _artifact(row: ArtifactRow) -> Artifact:
    return Artifact(
        language=row.language,
        format=row.format,
        status=ArtifactStatus(row.status),
        size=row.size,
        sha256=row.sha256,
        path=row.path,
        input_hash=row.input_hash,
        error=row.error,
        id=row.id,
        attempts=row.attempts or 0,
    )


class SqlPublications:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, paper: Paper, version: str) -> Publication | None:
        row = await self.session.scalar(
            select(PublicationRow).where(
                PublicationRow.paper_id == paper.id, PublicationRow.version == version
            )
        )
        return _publication(row) if row else None

    async def by_id(
        self, publication_id: int, *, lock: bool = False
    ) -> tuple[str, Publication] | None:
        query = (
            select(PublicationRow, PaperRow.slug)
            .join(PaperRow, PaperRow.id == PublicationRow.paper_id)
            .where(PublicationRow.id == publication_id)
        )
        if lock:
            query = query.with_for_update(of=PublicationRow)
        found = (
            await self.session.execute(query.execution_options(populate_existing=True))
        ).first()
        return (found[1], _publication(found[0])) if found else None

    async def add(self, paper: Paper, publication: Publication) -> Publication:
        assert paper.id is not None
        now = datetime.now(UTC)
        row = PublicationRow(
            paper_id=paper.id,
            version=publication.version,
            kind=publication.kind.value,
            languages=list(publication.languages),
            formats=list(publication.formats),
            manifest=[e.stored() for e in publication.manifest],
            paper_snapshot=publication.paper,
            fingerprint=publication.fingerprint,
            status=publication.status.value,
            requested_by=publication.requested_by,
            created_at=publication.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        publication.id = row.id
        for language in publication.languages:
            for fmt in publication.formats:
                self.session.add(
                    ArtifactRow(
                        publication_id=row.id,
                        language=language,
                        format=fmt,
                        status=ArtifactStatus.PENDING.value,
                        updated_at=now,
                    )
                )
        await self.session.flush()
        return publication

    async def update(self, publication: Publication) -> None:
        row = await self.session.get_one(PublicationRow, publication.id)
        row.status = publication.status.value
        row.failure = publication.failure
        row.published_at = publication.published_at
        await self.session.flush()

    async def page(self, paper: Paper, after: int, limit: int) -> list[Publication]:
        rows = await self.session.scalars(
            select(PublicationRow)
            .where(PublicationRow.paper_id == paper.id, PublicationRow.id > after)
            .order_by(PublicationRow.id)
            .limit(limit)
        )
        return [_publication(r) for r in rows]

    async def artifacts(self, publication: Publication) -> list[Artifact]:
        rows = await self.session.scalars(
            select(ArtifactRow)
            .where(ArtifactRow.publication_id == publication.id)
            .order_by(ArtifactRow.language, ArtifactRow.format)
        )
        return [_artifact(r) for r in rows]

    async def artifact(
        self, publication: Publication, language: str, fmt: str, *, lock: bool = False
    ) -> Artifact | None:
        query = select(ArtifactRow).where(
            ArtifactRow.publication_id == publication.id,
            ArtifactRow.language == language,
            ArtifactRow.format == fmt,
        )
        if lock:
            query = query.with_for_update()
        row = await self.session.scalar(query.execution_options(populate_existing=True))
        return _artifact(row) if row else None

    async def update_artifact(self, artifact: Artifact, *, attempt: bool = False) -> None:
        row = await self.session.get_one(ArtifactRow, artifact.id)
        row.status = artifact.status.value
        row.size = artifact.size
        row.sha256 = artifact.sha256
        row.path = artifact.path
        row.input_hash = artifact.input_hash
        row.error = artifact.error
        row.updated_at = datetime.now(UTC)
        if attempt:
            row.attempts += 1
        await self.session.flush()

    async def rendered(self, input_hash: str, fmt: str) -> Artifact | None:
        """A finished artifact made from exactly these inputs, if any: it can be reused."""
        row = await self.session.scalar(
            select(ArtifactRow)
            .where(
                ArtifactRow.input_hash == input_hash,
                ArtifactRow.format == fmt,
                ArtifactRow.status == ArtifactStatus.DONE.value,
            )
            .limit(1)
        )
        return _artifact(row) if row else None

    async def overdue(self, before: datetime, limit: int) -> list[tuple[int, str, str]]:
        """Artifacts still pending since before `before`: (publication id, language, format)."""
        rows = await self.session.execute(
            select(ArtifactRow.publication_id, ArtifactRow.language, ArtifactRow.format)
            .where(
                ArtifactRow.status == ArtifactStatus.PENDING.value,
                ArtifactRow.updated_at < before,
            )
            .order_by(ArtifactRow.updated_at)
            .limit(limit)
        )
        return [(pid, lang, fmt) for pid, lang, fmt in rows]
