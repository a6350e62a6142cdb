"""Saving the text of a section in one language, and reading its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from drafts.access import Action, authorize, require_member
from drafts.commands import SaveRevision
from drafts.comment_events import CommentOrphaned
from drafts.comments import follow
from drafts.diffing import WordChange, unified_diff, word_diff
from drafts.errors import InvalidRequest, NotFound, PreconditionFailed
from drafts.events import RevisionSaved, TextRef
from drafts.model import Paper, Revision, Section, Track
from drafts.review import reopen_for_new_revision
from drafts.review_events import ApprovalsVoided
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
    # The track's current revision when it was read with the track (see commit_text).
    head: Revision | None = None


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


async def load_text_to_change(
    uow: UnitOfWork, slug: str, key: str, language: str, user: str, *, lock: bool = False
) -> TrackView:
    """As `load_track`, for a command that changes the text or its review: a retired
    section's history is read-only (InvalidTransition)."""
    found = await uow.texts_to_change.read(slug, key, language) if lock else None
    if found is not None:
        # The same checks as load_track's, in its order; all parts exist.
        paper = found.paper
        require_member(paper, user)
        paper.require_language(language)
        view = TrackView(paper, found.section, found.track, found.head)
    else:
        view = await load_track(uow, slug, key, language, user, lock=lock)
    view.section.require_open()
    return view


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
    view = await load_text_to_change(
        uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True
    )
    authorize(view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language)
    base_revision = _check_precondition(cmd, view.track)
    source_revision = await _source_revision_for(cmd, uow, view)
    return await commit_text(
        uow, view, body, base_revision, cmd.actor, source_revision=source_revision
    )


def _check_precondition(cmd: SaveRevision, track: Track) -> int | None:
    """The base revision of the save, once its If-Match (if any) holds.

    If-Match is a precondition on the text as it is now (RFC 9110): a tag that is not
    the current revision's is refused with 412 whatever the edits, so that a client
    that asked for "only if nobody saved since" never gets a merge it did not ask for.
    The base it names is the current revision, unless `base_revision` says otherwise.
    """
    if cmd.if_match is None:
        return cmd.base_revision
    if not cmd.if_match.holds(track.head):
        current = f'"r{track.head}"' if track.head else None
        raise PreconditionFailed(
            f"If-Match does not name the current revision ({current or 'there is none yet'}); "
            "reload the text, or send base_revision to have your edits merged",
            current_revision=track.head or None,
            current_etag=current,
        )
    return cmd.base_revision if cmd.base_revision is not None else track.head


async def commit_text(
    uow: UnitOfWork,
    view: TrackView,
    body: str,
    base_revision: int | None,
    actor: str,
    *,
    source_revision: int | None = None,
    suggested_by: str | None = None,
) -> Saved:
    """Make `body` the next revision of a locked track, with everything a new text causes:
    the state returns to drafting (voiding approvals) and open threads are re-anchored."""
    view.section.require_open()
    track = view.track
    head = None
    if track.head:
        head = view.head
        if head is None or head.number != track.head:
            head = await uow.revisions.get(track, track.head)
    base = None
    if base_revision is not None and base_revision == track.head:
        base = head  # the usual save: on top of the current text, read once
    elif base_revision is not None and 1 <= base_revision < track.head:
        base = await uow.revisions.get(track, base_revision)
    revision = next_revision(
        head=head,
        base=base,
        requested_base=base_revision,
        body=body,
        author=actor,
        now=datetime.now(UTC),
        source_revision=source_revision,
        suggested_by=suggested_by,
        language=track.language,
    )
    if revision is None:
        assert head is not None
        return Saved(head, created=False)
    track.head = revision.number
    where: TextRef = {
        "paper": view.paper.slug,
        "section": view.section.key,
        "language": track.language,
    }
    uow.record(
        RevisionSaved(
            actor=actor,
            **where,
            number=revision.number,
            content_hash=revision.content_hash,
            base=revision.base,
            merged=revision.merged,
            source_revision=revision.source_revision,
        )
    )
    previous_state = track.state
    if reopen_for_new_revision(track):
        await uow.reviews.void(track)
        uow.record(
            ApprovalsVoided(
                actor=actor,
                **where,
                revision=revision.number,
                previous_state=previous_state.value,
            )
        )
    # The revision and the track's new head (and state) are written together, and the
    # open threads read back, to follow the new text.
    for thread in await uow.texts_to_change.write(track, revision):
        orphaned = follow(thread, revision.body, revision.number)
        await uow.comments.update(thread)
        if orphaned:
            assert thread.id is not None
            uow.record(
                CommentOrphaned(actor=actor, **where, comment=thread.id, revision=revision.number)
            )
    return Saved(revision, created=True)


async def list_revisions(
    uow: UnitOfWork, view: TrackView, after: int, limit: int
) -> Page[Revision]:
    """The history, oldest first."""
    rows = await uow.revisions.page(view.track, after, limit + 1)
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
    old: int
    new: int
    unified: str
    words: list[WordChange]


def diff_texts(label: str, old: int, old_body: str, new: int, new_body: str) -> RevisionDiff:
    """The line and word differences between two numbered texts (0: no text yet)."""
    return RevisionDiff(
        old=old,
        new=new,
        unified=unified_diff(old_body, new_body, f"{label}@{old}", f"{label}@{new}"),
        words=word_diff(old_body, new_body),
    )


async def diff_revisions(uow: UnitOfWork, view: TrackView, old: int, new: int) -> RevisionDiff:
    """How revision `new` differs from revision `old`, line by line and word by word."""
    before = await get_revision(uow, view, old)
    after = await get_revision(uow, view, new)
    label = f"{view.section.key}/{view.track.language}"
    return diff_texts(label, before.number, before.body, after.number, after.body)
