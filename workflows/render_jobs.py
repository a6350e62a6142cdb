"""Render jobs: one job per language and format of a version, queued by the consequence
of its request (`queue_renders`), and the sweeper that queues again what was lost.

Jobs may run twice, concurrently, or after a crash: each checks the database first,
renders outside any transaction, writes its file under a temporary name, and records
the artifact under a lock so that exactly one artifact exists per (version, language,
format) and the version is published exactly once.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from drafts.publication_events import ArtifactRendered, PublicationFailed, PublicationPublished
from drafts.publications import ArtifactStatus, Publication, PublicationStatus, settled_status
from workflows.editions import artifact_path, input_hash, load_edition
from workflows.event_ports import LoggedEvent
from workflows.ports import Adapters, ArtifactFiles, Renderer, RenderJob, UnitOfWork, UnitsOfWork
from workflows.rendering import RenderFailed, StorageFailed

Enqueue = Callable[[RenderJob], Awaitable[None]]
# How a blocking render is run off the event loop (a thread by default).
RunBlocking = Callable[..., Awaitable[bytes]]


@dataclass(frozen=True)
class Rendered:
    path: str
    size: int
    sha256: str
    input_hash: str
    reused: bool


async def render_artifact(
    job: RenderJob,
    uows: UnitsOfWork,
    renderer: Renderer,
    files: ArtifactFiles,
    run_blocking: RunBlocking = asyncio.to_thread,
) -> str:
    """Make one artifact if it is not made yet; say what happened."""
    async with uows() as uow:
        found = await uow.publications.by_id(job.publication)
        if found is None:
            return "no such publication"
        slug, publication = found
        artifact = await uow.publications.artifact(publication, job.language, job.format)
        if artifact is None:
            return "no such artifact"
        if artifact.status is not ArtifactStatus.PENDING:
            return f"already {artifact.status.value}"
        if publication.status is PublicationStatus.FAILED:
            return "publication failed"
        paper = await uow.papers.get(slug)
        assert paper is not None
        edition = await load_edition(uow, paper, publication, job.language)
        inputs = input_hash(edition, job.format)
        previous = await uow.publications.rendered(inputs, job.format)

    if previous is not None and previous.path is not None and files.exists(previous.path):
        # Same inputs, same bytes: the new version points at the file already made.
        assert previous.size is not None and previous.sha256 is not None
        done = Rendered(previous.path, previous.size, previous.sha256, inputs, reused=True)
        return await _record_artifact(job, uows, done)
    try:
        data = await run_blocking(renderer.render, edition, job.format)
    except RenderFailed as failure:
        await fail_artifact(job, uows, str(failure))
        return "failed"
    path = artifact_path(slug, publication, job.language, job.format)
    try:
        files.write(path, data)
    except StorageFailed as failure:
        tries = await _storage_failed(job, uows, str(failure))
        raise RenderDeferred(str(failure), tries) from failure
    digest = hashlib.sha256(data).hexdigest()
    return await _record_artifact(job, uows, Rendered(path, len(data), digest, inputs, False))


async def _record_artifact(job: RenderJob, uows: UnitsOfWork, done: Rendered) -> str:
    async with uows() as uow:
        # The publication row is the lock that orders the last two artifacts finishing at
        # once on two workers: the second sees the first and publishes the version.
        found = await uow.publications.by_id(job.publication, lock=True)
        assert found is not None
        slug, publication = found
        artifact = await uow.publications.artifact(publication, job.language, job.format, lock=True)
        if artifact is None or artifact.status is not ArtifactStatus.PENDING:
            return "already recorded"
        artifact.status = ArtifactStatus.DONE
        artifact.error = None
        artifact.size = done.size
        artifact.sha256 = done.sha256
        artifact.path = done.path
        artifact.input_hash = done.input_hash
        await uow.publications.update_artifact(artifact)
        uow.record(
            ArtifactRendered(
                actor="system",
                paper=slug,
                version=publication.version,
                language=job.language,
                format=job.format,
                sha256=artifact.sha256,
                size=done.size,
                reused=done.reused,
            )
        )
        await _settle(uow, slug, publication)
    return "reused" if done.reused else "rendered"


class RenderDeferred(Exception):
    """The file was made but could not be stored: try again later (the reason is on the
    artifact already); `tries` counts the tries that failed so, for a bound."""

    def __init__(self, reason: str, tries: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tries = tries


async def _storage_failed(job: RenderJob, uows: UnitsOfWork, reason: str) -> int:
    """Say on the (still pending) artifact why it is not done; the tries so far."""
    async with uows() as uow:
        found = await uow.publications.by_id(job.publication)
        if found is None:
            return 0
        artifact = await uow.publications.artifact(found[1], job.language, job.format, lock=True)
        if artifact is None or artifact.status is not ArtifactStatus.PENDING:
            return 0
        artifact.error = f"waiting to be stored: {reason}"
        await uow.publications.update_artifact(artifact, attempt=True)
        return artifact.attempts + 1


async def fail_artifact(job: RenderJob, uows: UnitsOfWork, reason: str) -> None:
    """Mark the artifact and its version failed, for good, with the reason."""
    async with uows() as uow:
        found = await uow.publications.by_id(job.publication, lock=True)
        if found is None:
            return
        slug, publication = found
        artifact = await uow.publications.artifact(publication, job.language, job.format, lock=True)
        if artifact is None or artifact.status is not ArtifactStatus.PENDING:
            return
        artifact.status = ArtifactStatus.FAILED
        artifact.error = reason
        await uow.publications.update_artifact(artifact)
        await _settle(uow, slug, publication)


async def _settle(uow: UnitOfWork, slug: str, publication: Publication) -> None:
    """Give the version the status all of its files say, once the last one is settled.

    A file that could not be made does not end the version while others still render:
    they go on, and the version is failed (naming every file that failed) only when
    nothing is pending any more; published when every file was made.
    """
    if publication.status is not PublicationStatus.RENDERING:
        return
    artifacts = await uow.publications.artifacts(publication)
    status = settled_status(artifacts)
    if status is PublicationStatus.RENDERING:
        return
    publication.status = status
    if status is PublicationStatus.PUBLISHED:
        publication.published_at = datetime.now(UTC)
        await uow.publications.update(publication)
        uow.record(PublicationPublished(actor="system", paper=slug, version=publication.version))
        return
    publication.failure = "; ".join(
        f"{a.language}.{a.format}: {a.error}"
        for a in artifacts
        if a.status is ArtifactStatus.FAILED
    )
    await uow.publications.update(publication)
    uow.record(
        PublicationFailed(
            actor="system", paper=slug, version=publication.version, reason=publication.failure
        )
    )


async def queue_renders(event: LoggedEvent, adapters: Adapters) -> str:
    """The consequence of PublicationRequested: queue the version's renders still to do,
    longest first. Safe to run twice: render job ids are deterministic and each render
    checks its artifact first."""
    async with adapters.transaction() as uow:
        jobs = await _pending_jobs(uow, int(event.payload["publication"]))
    for job in jobs:
        await adapters.queue_render(job)
    return f"queued {len(jobs)} render(s)"


# How long a PDF takes against a DOCX of the same text (measured: about three times).
PDF_WEIGHT = 3


async def _pending_jobs(uow: UnitOfWork, publication_id: int) -> list[RenderJob]:
    found = await uow.publications.by_id(publication_id)
    paper = await uow.papers.get(found[0]) if found else None
    if found is None or paper is None:
        return []
    publication = found[1]
    pending = [
        RenderJob(publication_id, a.language, a.format)
        for a in await uow.publications.artifacts(publication)
        if a.status is ArtifactStatus.PENDING
    ]
    # Longest first, so that the workers finish together: a render's time follows the
    # length of its text, and a PDF's is about three times a DOCX's.
    lengths = await uow.revisions.lengths(
        paper, [(e.section, e.language, e.revision) for e in publication.manifest]
    )

    def cost(job: RenderJob) -> int:
        return lengths.get(job.language, 0) * (PDF_WEIGHT if job.format == "pdf" else 1)

    return sorted(pending, key=cost, reverse=True)


async def sweep(uows: UnitsOfWork, enqueue: Enqueue, overdue_after_seconds: float) -> int:
    """Queue again every render still pending after a while: a lost job is never lost work."""
    before = datetime.now(UTC).timestamp() - overdue_after_seconds
    async with uows() as uow:
        overdue = await uow.publications.overdue(datetime.fromtimestamp(before, UTC), 500)
    for publication, language, fmt in overdue:
        await enqueue(RenderJob(publication, language, fmt))
    return len(overdue)
