"""Saving the text of a section in one language, and reading its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from drafts.access import Action, authorize
from drafts.commands import SaveRevision
from drafts.diffing import WordChange, unified_diff, word_diff
from drafts.errors import InvalidRequest, NotFound
from drafts.events import RevisionSaved
from drafts.model import Paper, Revision, Section, Track
from drafts.revisions import next_revision
from drafts.text import normalize_body
from workflows.outline import load_section
from workflows.pages import Page, page_of
from workflows.papers import load_paper
from workflows.ports import UnitOfWork

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the revision now current, and whether the save made it."""

    revision: Revision
    created: bool


@dataclass(frozen=True)
class TrackView:
    paper: Paper
    section: Section
    track: Track


async def load_track(
    uow: UnitOfWork, slug: str, key: str, language: str, user: str, *, lock: bool = False
) -> TrackView:
    """The paper, section and track, checked for membership; unknown parts are NotFound."""
    paper = await load_paper(uow, slug, user)
    paper.require_language(language)
    section = await load_section(uow, paper, key)
    track = await uow.tracks.get(section, language, lock=lock)
    if track is None:
        raise NotFound(f"section {key!r} has no text in {language!r}")
    return TrackView(paper, section, track)


async def _source_revision_for(cmd: SaveRevision, uow: UnitOfWork, view: TrackView) -> int | None:
    """The source revision a translation is made from: named, else the approved one."""
    paper, section = view.paper, view.section
    if cmd.language == paper.source_language:
        if cmd.source_revision is not None:
            raise InvalidRequest("source_revision is only for translations")
        return None
    source = await uow.tracks.get(section, paper.source_language)
    if source is None or source.head == 0:
        if cmd.source_revision is not None:
            raise InvalidRequest(f"source revision {cmd.source_revision} does not exist")
        return None
    if cmd.source_revision is None:
        return source.approved or source.head
    if not 1 <= cmd.source_revision <= source.head:
        raise InvalidRequest(f"source revision {cmd.source_revision} does not exist")
    return cmd.source_revision


async def save_revision(
    cmd: SaveRevision, uow: UnitOfWork, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> Saved:
    """The new revision (merged if its base was stale), or the current one if unchanged."""
    body = normalize_body(cmd.body, max_bytes=max_body_bytes)
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True)
    authorize(view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language)
    track = view.track
    head = await uow.revisions.get(track, track.head) if track.head else None
    base = None
    if cmd.base_revision is not None and 1 <= cmd.base_revision <= track.head:
        base = await uow.revisions.get(track, cmd.base_revision)
    source_revision = await _source_revision_for(cmd, uow, view)
    revision = next_revision(
        head=head,
        base=base,
        requested_base=cmd.base_revision,
        body=body,
        author=cmd.actor,
        now=datetime.now(UTC),
        source_revision=source_revision,
    )
    if revision is None:
        assert head is not None
        return Saved(head, created=False)
    await uow.revisions.add(track, revision)
    track.head = revision.number
    await uow.tracks.update(track)
    uow.record(
        RevisionSaved(
            actor=cmd.actor,
            paper=view.paper.slug,
            section=view.section.key,
            language=cmd.language,
            number=revision.number,
            content_hash=revision.content_hash,
            base=revision.base,
            merged=revision.merged,
            source_revision=revision.source_revision,
        )
    )
    return Saved(revision, created=True)


async def list_revisions(
    uow: UnitOfWork, view: TrackView, after: int, limit: int
) -> Page[Revision]:
    """The history, oldest first."""
    rows = await uow.revisions.list(view.track, after, limit + 1)
    return page_of(rows, limit, lambda r: r.number)


async def get_revision(uow: UnitOfWork, view: TrackView, number: int) -> Revision:
    revision = await uow.revisions.get(view.track, number) if number >= 1 else None
    if revision is None:
        raise NotFound(
            f"section {view.section.key!r} has no revision {number} in {view.track.language!r}"
        )
    return revision


@dataclass(frozen=True)
class RevisionDiff:
    old: Revision
    new: Revision
    unified: str
    words: list[WordChange]


async def diff_revisions(uow: UnitOfWork, view: TrackView, old: int, new: int) -> RevisionDiff:
    """How revision `new` differs from revision `old`, line by line and word by word."""
    before = await get_revision(uow, view, old)
    after = await get_revision(uow, view, new)
    label = f"{view.section.key}/{view.track.language}"
    return RevisionDiff(
        old=before,
        new=after,
        unified=unified_diff(
            before.body, after.body, f"{label}@{before.number}", f"{label}@{after.number}"
        ),
        words=word_diff(before.body, after.body),
    )
