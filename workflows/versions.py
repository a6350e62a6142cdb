"""Requesting a version of the paper and reading the versions there are.

A version is frozen when it is requested: its manifest names the revision and content
hash of every text, and it keeps what it prints of the paper itself, so that nothing
edited afterwards changes a file of it. Its files are made by the render jobs
(`workflows.render_jobs`).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from drafts.access import Action, authorize
from drafts.commands import RequestPublication
from drafts.errors import AlreadyExists, InvalidRequest, InvalidTransition, NotFound
from drafts.house_style import check_distribution
from drafts.images import PaperImage
from drafts.model import Paper, Untranslated, check_languages
from drafts.practice_citations import citations_in
from drafts.publication_events import PublicationRequested
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
from workflows.practice_citations import (
    catalogue,
    citation_blockers,
    manifest_texts,
    practices_snapshot,
    problems_of,
)
from workflows.practice_ports import PracticeUnitOfWork
from workflows.status import paper_status


class PublicationBlocked(InvalidTransition):
    code = "publication-blocked"
    title = "The version cannot be published"


def paper_snapshot(
    paper: Paper, images: list[PaperImage], distribution: str | None = None
) -> dict[str, Any]:
    """What a version keeps of the paper itself, so that a later edit changes no file;
    `distribution` is the version's own, when it sets one."""
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
    if paper.untranslated is not Untranslated.SOURCE:
        snapshot["untranslated"] = paper.untranslated.value
    if images:
        snapshot["images"] = {image.name: image.sha256 for image in images}
    distribution = check_distribution(distribution or paper.distribution)
    if distribution != "general":
        snapshot["distribution"] = distribution
    if not paper.house_style.is_default:
        snapshot["house_style"] = paper.house_style.as_dict()
    return snapshot


async def request_publication(
    cmd: RequestPublication, uow: PracticeUnitOfWork
) -> tuple[Publication, bool]:
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
        # The source too: a draft shows its text where a translation is not made yet.
        for lang in dict.fromkeys((*languages, paper.source_language))
        if (cell := matrix.cells.get((s.key, lang))) is not None
    ]
    manifest, blockers = freeze(kind, languages, texts, paper.source_language)
    # The practices the texts cite: a final version prints only verified ones.
    practices = await catalogue(uow, paper)
    citations = citations_in(await manifest_texts(uow, paper, manifest))
    if kind is PublicationKind.FINAL:
        blockers += citation_blockers(problems_of(citations, practices))
    # Everything that would make a render fail for sure is known now: refused here, with
    # every reason, rather than accepted and failed later.
    if blockers:
        raise PublicationBlocked(
            f"version {version} cannot be published: {len(blockers)} blocker(s)",
            blockers=[asdict(b) for b in blockers],
        )
    snapshot = paper_snapshot(paper, await uow.images.list(paper), cmd.distribution)
    # Only there when the texts cite practices, so that other versions keep their
    # fingerprints.
    if frozen := practices_snapshot(citations, practices, languages):
        snapshot["practices"] = frozen
    wanted = Publication(
        version=version,
        kind=kind,
        languages=languages,
        formats=formats,
        manifest=manifest,
        requested_by=cmd.actor,
        created_at=datetime.now(UTC),
        paper=snapshot,
    )
    existing = await uow.publications.get(paper, version)
    if existing is not None:
        if existing.fingerprint == wanted.fingerprint:
            if existing.status is PublicationStatus.FAILED:
                await _render_again(uow, paper, existing, cmd.actor)
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


async def _render_again(
    uow: UnitOfWork, paper: Paper, publication: Publication, actor: str
) -> None:
    """A failed version asked for again: its failed files are rendered anew, from what it
    was frozen with. A failure may have been the machine's (a full disk, a render killed
    while another hogged it): its number is not lost with it."""
    assert publication.id is not None
    for artifact in await uow.publications.artifacts(publication):
        if artifact.status is ArtifactStatus.FAILED:
            artifact.status = ArtifactStatus.PENDING
            artifact.error = None
            await uow.publications.update_artifact(artifact)
    publication.status = PublicationStatus.RENDERING
    publication.failure = None
    await uow.publications.update(publication)
    uow.record(
        PublicationRequested(
            actor=actor,
            paper=paper.slug,
            version=publication.version,
            kind=publication.kind.value,
            languages=publication.languages,
            formats=publication.formats,
            publication=publication.id,
        )
    )


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
