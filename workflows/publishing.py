"""Freezing a version of the paper and rendering its files, one job per language and format.

Jobs may run twice, concurrently, or after a crash: each checks the database first,
renders outside any transaction, writes its file under a temporary name, and records
the artifact under a lock so that exactly one artifact exists per (version, language,
format) and the version is published exactly once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from drafts.access import Action, authorize
from drafts.commands import RequestPublication
from drafts.errors import AlreadyExists, InvalidRequest, InvalidTransition, NotFound
from drafts.events import (
    ArtifactRendered,
    PublicationFailed,
    PublicationPublished,
    PublicationRequested,
)
from drafts.images import PaperImage
from drafts.model import Paper, check_languages
from drafts.publications import (
    Artifact,
    ArtifactStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
    TextState,
    check_formats,
    check_version,
    freeze,
)
from workflows.pages import Page, page_of
from workflows.papers import load_paper
from workflows.ports import UnitOfWork
from workflows.rendering import Edition, Renderer, RenderFailed, RenderImage, RenderSection
from workflows.status import paper_status

# Bumped whenever the renderer's output changes for the same inputs, so that reuse never
# hands out a file made by an older renderer.
RENDERER_GENERATION = "2"


class PublicationBlocked(InvalidTransition):
    code = "publication-blocked"
    title = "The version cannot be published as final"


class ArtifactFiles(Protocol):
    """Where rendered files live; writes are atomic (temporary name, then rename)."""

    def write(self, path: str, data: bytes) -> None: ...
    def read(self, path: str) -> bytes: ...
    def exists(self, path: str) -> bool: ...


@dataclass(frozen=True)
class RenderJob:
    publication: int
    language: str
    format: str

    @property
    def id(self) -> str:
        """Deterministic, so that queueing the same work twice queues it once."""
        return f"render:{self.publication}:{self.language}:{self.format}"


Enqueue = Callable[[RenderJob], Awaitable[None]]
# How a blocking render is run off the event loop (a thread by default).
RunBlocking = Callable[..., Awaitable[bytes]]
UnitsOfWork = Callable[[], UnitOfWork]


def paper_snapshot(paper: Paper, images: list[PaperImage]) -> dict[str, Any]:
    """What a version keeps of the paper itself, so that a later edit changes no file."""
    snapshot: dict[str, Any] = {
        "titles": paper.titles,
        "source_language": paper.source_language,
        "symbol": paper.symbol,
        "forum": paper.forum,
        "date": paper.date.isoformat() if paper.date else None,
        "bibliography": paper.bibliography,
    }
    # Keys added since the first versions are only there when they hold something, so
    # that versions frozen before keep their fingerprints.
    if paper.forums:
        snapshot["forums"] = paper.forums
    if images:
        snapshot["images"] = {image.name: image.sha256 for image in images}
    return snapshot


async def request_publication(cmd: RequestPublication, uow: UnitOfWork) -> tuple[Publication, bool]:
    """The version (new, or the same one asked for again) and whether this call made it."""
    version = check_version(cmd.version)
    try:
        kind = PublicationKind(cmd.kind)
    except ValueError:
        raise InvalidRequest("kind must be 'draft' or 'final'") from None
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.PUBLISH)
    languages = check_languages(list(cmd.languages or paper.languages), "languages")
    for language in languages:
        paper.require_language(language)
    formats = check_formats(cmd.formats)

    matrix = await paper_status(uow, cmd.paper, cmd.actor)
    texts = [
        TextState(
            section=s.key,
            position=s.position,
            language=lang,
            title=s.titles.get(lang) or s.titles[paper.source_language],
            head=cell.head.number if cell.head else None,
            head_hash=cell.head.content_hash if cell.head else None,
            approved_current=cell.head is not None
            and cell.approved == cell.head.number
            and cell.state.value == "approved",
            stale=cell.stale,
            open_comments=cell.open_comments,
        )
        for s in matrix.sections
        for lang in languages
        if (cell := matrix.cells.get((s.key, lang))) is not None
    ]
    manifest, blockers = freeze(kind, languages, texts)
    if blockers and (kind is PublicationKind.FINAL or not manifest):
        raise PublicationBlocked(
            f"version {version} cannot be published: {len(blockers)} blocker(s)",
            blockers=[asdict(b) for b in blockers],
        )
    wanted = Publication(
        version=version,
        kind=kind,
        languages=languages,
        formats=formats,
        manifest=manifest,
        requested_by=cmd.actor,
        created_at=datetime.now(UTC),
        paper=paper_snapshot(paper, await uow.images.list(paper)),
    )
    existing = await uow.publications.get(paper, version)
    if existing is not None:
        if existing.fingerprint == wanted.fingerprint:
            return existing, False
        raise AlreadyExists(
            f"version {version} exists with another manifest; versions are immutable, "
            "publish a new number"
        )
    publication = await uow.publications.add(paper, wanted)
    assert publication.id is not None
    uow.record(
        PublicationRequested(
            actor=cmd.actor,
            paper=paper.slug,
            version=version,
            kind=kind.value,
            languages=languages,
            formats=formats,
            publication=publication.id,
        )
    )
    return publication, True


def images_shown(publication: Publication, bodies: dict[str, str]) -> dict[str, str]:
    """The SHA-256 of each of the version's images that these texts name, by name.

    Only these go into a language's file, so an image that another language's text shows
    neither changes this language's inputs nor is loaded to render it.
    """
    frozen: dict[str, str] = publication.paper.get("images", {})
    text = "\n".join(bodies.values())
    return {name: sha for name, sha in sorted(frozen.items()) if name in text}


def edition_of(
    publication: Publication,
    language: str,
    bodies: dict[str, str],
    images: dict[str, bytes] | None = None,
) -> Edition:
    """The document to render for one language, made only from the frozen version;
    `images` holds (at least) the bytes of the images its text shows, by SHA-256."""
    paper = publication.paper
    entries = sorted(
        (e for e in publication.manifest if e.language == language), key=lambda e: e.position
    )
    shown = tuple(
        RenderImage(name, (images or {})[sha])
        for name, sha in images_shown(publication, bodies).items()
    )
    titles: dict[str, str] = paper["titles"]
    return Edition(
        paper_title=titles.get(language) or titles[paper["source_language"]],
        symbol=paper["symbol"],
        forum=paper.get("forums", {}).get(language) or paper["forum"],
        date=date.fromisoformat(paper["date"]) if paper["date"] else publication.created_at.date(),
        language=language,
        source_language=paper["source_language"],
        version=publication.version,
        kind="final" if publication.kind is PublicationKind.FINAL else "draft",
        distribution="General",
        sections=tuple(
            RenderSection(key=e.section, number=str(n), title=e.title, body=bodies[e.section])
            for n, e in enumerate(entries, start=1)
        ),
        bibliography=paper.get("bibliography"),
        images=shown,
    )


def input_hash(edition: Edition, fmt: str) -> str:
    """Identifies everything a render depends on: equal hashes give equal files.

    The version number is left out: it names the file but is not printed in it, so a
    language whose text did not change between versions is reused, not rendered again.
    """
    inputs = {**asdict(edition), "version": None}
    # An image counts by its digest: equal, and far cheaper to hash than its bytes.
    inputs["images"] = [
        {"name": image.name, "sha256": hashlib.sha256(image.data).hexdigest()}
        for image in edition.images
    ]
    canonical = json.dumps(
        {"edition": inputs, "format": fmt, "generation": RENDERER_GENERATION},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def artifact_path(slug: str, publication: Publication, language: str, fmt: str) -> str:
    return f"{slug}/{publication.version}/{download_name(publication, language, fmt)}"


def download_name(publication: Publication, language: str, fmt: str) -> str:
    """A file name made of the symbol, version and language, as people file them."""
    stem = file_stem(str(publication.paper.get("symbol") or ""))
    return f"{stem}-{publication.version}-{language}.{fmt}"


def file_stem(symbol: str) -> str:
    """The document symbol as the start of a file name: A/CONF.226/14 → A-CONF.226-14."""
    stem = "".join(c if c.isalnum() or c in ".-" else "-" for c in symbol).strip("-")
    return stem or "paper"


async def load_edition(
    uow: UnitOfWork, paper: Paper, publication: Publication, language: str
) -> Edition:
    """One language of the version, with the texts and images it was frozen with."""
    bodies = await _bodies(uow, paper, publication, language)
    images = await uow.images.data(list(images_shown(publication, bodies).values()))
    return edition_of(publication, language, bodies, images)


async def _bodies(
    uow: UnitOfWork, paper: Paper, publication: Publication, language: str
) -> dict[str, str]:
    wanted = [(e.section, e.revision) for e in publication.manifest if e.language == language]
    found = await uow.revisions.bodies(paper, language, wanted)
    bodies: dict[str, str] = {}
    for entry in publication.manifest:
        if entry.language != language:
            continue
        row = found.get(entry.section)
        if row is None or row[1] != entry.content_hash:
            raise NotFound(f"revision {entry.revision} of {entry.section}/{language} is missing")
        bodies[entry.section] = row[2]
    return bodies


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
    files.write(path, data)
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
        everything = await uow.publications.artifacts(publication)
        if publication.status is PublicationStatus.RENDERING and all(
            a.status is ArtifactStatus.DONE for a in everything
        ):
            publication.status = PublicationStatus.PUBLISHED
            publication.published_at = datetime.now(UTC)
            await uow.publications.update(publication)
            uow.record(
                PublicationPublished(actor="system", paper=slug, version=publication.version)
            )
        await uow.commit()
    return "reused" if done.reused else "rendered"


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
        if publication.status is PublicationStatus.RENDERING:
            publication.status = PublicationStatus.FAILED
            publication.failure = f"{job.language}.{job.format}: {reason}"
            await uow.publications.update(publication)
            uow.record(
                PublicationFailed(
                    actor="system",
                    paper=slug,
                    version=publication.version,
                    reason=publication.failure,
                )
            )
        await uow.commit()


async def relay(uows: UnitsOfWork, enqueue: Enqueue, limit: int = 100) -> int:
    """Turn waiting outbox events into jobs; the number of events handled.

    The enqueue happens before the outbox rows are deleted in the same transaction: a
    crash in between queues the same deterministic job ids again, which is harmless. A
    backlog is worked through in batches, so a publication never waits behind it.
    """
    handled = 0
    for _ in range(50):
        async with uows() as uow:
            items = await uow.outbox.claim(limit)
            for item in items:
                if item.name == "PublicationRequested":
                    for job in await _pending_jobs(uow, int(item.payload["publication"])):
                        await enqueue(job)
            await uow.outbox.done([i.event_id for i in items])
            await uow.commit()
        handled += len(items)
        if len(items) < limit:
            break
    return handled


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


async def artifact_for(
    uow: UnitOfWork, slug: str, user: str, version: str, language: str, fmt: str
) -> tuple[Publication, Artifact]:
    """A finished artifact a member may download."""
    paper = await load_paper(uow, slug, user)
    publication = await uow.publications.get(paper, version)
    if publication is None:
        raise NotFound(f"paper {slug!r} has no version {version!r}")
    artifact = await uow.publications.artifact(publication, language, fmt)
    if artifact is None:
        raise NotFound(f"version {version} has no {fmt} in {language!r}")
    if artifact.status is not ArtifactStatus.DONE:
        raise NotFound(f"the {language}.{fmt} file of version {version} is {artifact.status.value}")
    return publication, artifact


async def list_publications(
    uow: UnitOfWork, slug: str, user: str, after: int, limit: int
) -> Page[Publication]:
    paper = await load_paper(uow, slug, user)
    rows = await uow.publications.page(paper, after, limit + 1)
    return page_of(rows, limit, lambda p: p.id or 0)


async def get_publication(
    uow: UnitOfWork, slug: str, user: str, version: str
) -> tuple[Publication, list[Artifact]]:
    paper = await load_paper(uow, slug, user)
    publication = await uow.publications.get(paper, version)
    if publication is None:
        raise NotFound(f"paper {slug!r} has no version {version!r}")
    return publication, await uow.publications.artifacts(publication)
