"""Redlines: the newer document with every difference from an older one as a tracked
change, credited to the member whose revision made it, dated with that revision's time.

Between two revisions of one text, or between two versions of the paper in one
language (each section from the revision the older version froze to the one the newer
froze, through every revision in between, so that each change is credited to its own
author). What is built here is the edition to render; the renderer makes the file.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC

from drafts.blame import Credit, Step
from drafts.errors import InvalidRequest, NotFound
from drafts.model import Paper, Revision, Track
from drafts.publications import ManifestEntry, Publication, PublicationKind, PublicationStatus
from drafts.redline import redline
from workflows.drafting import get_revision, load_track
from workflows.editions import edition_of, images_shown
from workflows.event_ports import LoggedEvent
from workflows.papers import load_paper
from workflows.ports import Adapters, UnitOfWork
from workflows.rendering import Edition
from workflows.versions import paper_snapshot

# A redline credits every revision in between; a text edited more often than this
# between the two is compared end to end, credited to the newer revision.
MAX_STEPS = 500


def _credit(revision: Revision) -> Credit:
    return Credit(revision.author, revision.created_at)


async def _steps(uow: UnitOfWork, track: Track, older: int, newer: int) -> list[Step]:
    """The revisions after `older` up to `newer`, as steps of the redline."""
    if newer - older > MAX_STEPS:
        last = await uow.revisions.get(track, newer)
        assert last is not None
        return [Step(last.body, _credit(last))]
    revisions = await uow.revisions.page(track, older, newer - older)
    return [Step(r.body, _credit(r)) for r in revisions]


async def revision_redline(
    uow: UnitOfWork, slug: str, key: str, language: str, user: str, number: int, against: int
) -> Edition:
    """The text at revision `number` with every change since revision `against`."""
    if against >= number:
        raise InvalidRequest("against names the older revision: a number below the newer one")
    view = await load_track(uow, slug, key, language, user)
    newer = await get_revision(uow, view, number)
    older = await get_revision(uow, view, against)
    steps = await _steps(uow, view.track, older.number, newer.number)
    body = redline(older.body, steps, _credit(newer))
    entry = ManifestEntry(
        section=key,
        position=view.section.position,
        language=language,
        revision=newer.number,
        content_hash=newer.content_hash,
        title=view.section.titles.get(language) or view.section.titles[view.paper.source_language],
    )
    current = Publication(
        version=f"r{against}-r{number}",
        kind=PublicationKind.DRAFT,
        languages=(language,),
        formats=("docx",),
        manifest=(entry,),
        requested_by=user,
        created_at=newer.created_at,
        paper=paper_snapshot(view.paper, await uow.images.list(view.paper)),
    )
    return await _edition(uow, current, language, {key: body})


async def version_redline(
    uow: UnitOfWork, slug: str, user: str, version: str, language: str, against: str
) -> Edition:
    """Version `version` in `language` with every change since version `against`."""
    paper = await load_paper(uow, slug, user)
    paper.require_language(language)
    if version == against:
        raise InvalidRequest("against names another, older version")
    newer = await _version(uow, paper, version)
    older = await _version(uow, paper, against)
    if older.created_at > newer.created_at:
        raise InvalidRequest(f"version {against} is newer than {version}: swap them")
    new_entries = {e.section: e for e in newer.manifest if e.language == language}
    old_entries = {e.section: e for e in older.manifest if e.language == language}
    if not new_entries:
        raise NotFound(f"version {version} has no text in {language!r}")
    sections = {s.key: s for s in await uow.sections.list(paper)}
    bodies: dict[str, str] = {}
    for key, entry in new_entries.items():
        track = await uow.tracks.get(sections[key], language) if key in sections else None
        if track is None:
            raise NotFound(f"the text of {key}/{language} is missing")
        old = old_entries.get(key)
        start = old.revision if old and old.revision <= entry.revision else 0
        older_body = ""
        if start:
            revision = await uow.revisions.get(track, start)
            assert revision is not None
            older_body = revision.body
        bodies[key] = redline(
            older_body, await _steps(uow, track, start, entry.revision), _fallback(newer)
        )
    # Sections the newer version no longer has: shown whole, deleted, where they were.
    removed = [e for key, e in old_entries.items() if key not in new_entries]
    for entry in removed:
        track = (
            await uow.tracks.get(sections[entry.section], language)
            if entry.section in sections
            else None
        )
        revision = await uow.revisions.get(track, entry.revision) if track else None
        if revision is not None:
            bodies[entry.section] = redline(revision.body, [], _fallback(newer))
    manifest = tuple(
        sorted(
            [*new_entries.values(), *(e for e in removed if e.section in bodies)],
            key=lambda e: (e.position, e.section),
        )
    )
    # Images either version shows: a deleted figure is still printed, struck through.
    snapshot = {
        **newer.paper,
        "images": {**older.paper.get("images", {}), **newer.paper.get("images", {})},
    }
    shown = dataclasses.replace(
        newer, manifest=manifest, paper=snapshot, version=f"{against}-{version}"
    )
    return await _edition(uow, shown, language, bodies)


def _fallback(publication: Publication) -> Credit:
    """Who a change no revision made is credited to: whoever requested the version."""
    return Credit(publication.requested_by, publication.created_at.astimezone(UTC))


async def _version(uow: UnitOfWork, paper: Paper, version: str) -> Publication:
    found = await uow.publications.get(paper, version)
    if found is None:
        raise NotFound(f"paper {paper.slug!r} has no version {version!r}")
    return found


async def _edition(
    uow: UnitOfWork, publication: Publication, language: str, bodies: dict[str, str]
) -> Edition:
    images = await uow.images.data(list(images_shown(publication, bodies).values()))
    return edition_of(publication, language, bodies, images)


async def prepare_redlines(event: LoggedEvent, adapters: Adapters) -> str:
    """The consequence of PublicationPublished: the redline of each of the version's
    languages against the version before it, rendered and kept, so that the first reader
    who asks gets it at once. Safe to run twice: a redline is kept under its content."""
    version = str(event.payload["version"])
    async with adapters.transaction() as uow:
        paper = await uow.papers.get(event.paper or "")
        publication = await uow.publications.get(paper, version) if paper else None
        if paper is None or publication is None:
            return "the version is gone"
        earlier = [p for p in await uow.publications.page(paper, 0, 1000) if p.id != publication.id]
        # A failed version was never read: the redline shows what changed since the last
        # version that readers had (and a failed one may hold the text that failed it).
        earlier = [
            p
            for p in earlier
            if (p.id or 0) < (publication.id or 0) and p.status is not PublicationStatus.FAILED
        ]
        if not earlier:
            return "no earlier version"
        older = earlier[-1]

        def texts(p: Publication, language: str) -> set[tuple[str, int]]:
            return {(e.section, e.revision) for e in p.manifest if e.language == language}

        # A language with the same texts in both versions has nothing to show.
        changed = [
            language
            for language in publication.languages
            if texts(older, language) and texts(older, language) != texts(publication, language)
        ]
        editions = [
            await version_redline(
                uow, paper.slug, publication.requested_by, version, language, older.version
            )
            for language in changed
        ]
    for edition in editions:
        await adapters.render_redline(edition)
    return f"{len(editions)} redline(s) against version {older.version}"
