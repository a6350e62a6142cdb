"""Overviews of a paper: the status matrix and what changed in a translation's source."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.errors import InvalidRequest
from drafts.model import Paper, Revision, Section, SectionState
from drafts.review import Decision, is_stale
from workflows.drafting import RevisionDiff, TrackView, diff_texts, get_revision
from workflows.papers import load_paper
from workflows.ports import UnitOfWork
from workflows.revision_ports import HeadSummary


@dataclass(frozen=True)
class Cell:
    """One section in one language."""

    state: SectionState
    head: HeadSummary | None
    approved: int | None
    approvals: list[str]
    open_comments: int
    stale: bool
    # For a translation: the source has revisions newer than the one it was made from.
    source_moved: bool = False


@dataclass(frozen=True)
class StatusMatrix:
    paper: Paper
    sections: list[Section]
    cells: dict[tuple[str, str], Cell]
    # With a limit: the position of the page's last section when more follow.
    next_after: int | None = None


async def paper_status(
    uow: UnitOfWork, slug: str, user: str, *, after: int = 0, limit: int | None = None
) -> StatusMatrix:
    """Sections × languages, in a fixed number of queries whatever the paper's size.

    With a limit, one page: the sections placed after `after`, at most `limit` of them,
    and only their rows are read (a paper of 1,000 sections has 6,000 cells).
    """
    paper = await load_paper(uow, slug, user)
    next_after = None
    keys = None
    if limit is None:
        sections = await uow.sections.list(paper)
    else:
        # One more than the page, to know whether another page follows.
        sections = await uow.sections.page(paper, after, limit + 1)
        if len(sections) > limit:
            sections = sections[:limit]
            next_after = sections[-1].position
        keys = [s.key for s in sections]
    tracks = {(t.section, t.language): t for t in await uow.tracks.for_paper(paper, keys)}
    heads = await uow.revisions.heads(paper, keys)
    approvals = await uow.reviews.approvals(paper, keys)
    open_comments = await uow.comments.open_counts(paper, keys)
    cells: dict[tuple[str, str], Cell] = {}
    for section in sections:
        source = tracks.get((section.key, paper.source_language))
        approved_source = source.approved if source else None
        for language in paper.languages:
            track = tracks.get((section.key, language))
            if track is None:
                continue
            head = heads.get((section.key, language))
            translated = language != paper.source_language and head is not None
            source_head = heads.get((section.key, paper.source_language))
            cells[(section.key, language)] = Cell(
                state=track.state,
                head=head,
                approved=track.approved,
                approvals=approvals.get((section.key, language), []),
                open_comments=open_comments.get((section.key, language), 0),
                stale=translated
                and is_stale(head.source_revision if head else None, approved_source),
                source_moved=translated
                and source_head is not None
                and source_moved(head.source_revision if head else None, source_head.number),
            )
    return StatusMatrix(paper, sections, cells, next_after)


def source_moved(made_from: int | None, source_head: int) -> bool:
    """Whether the source has a revision newer than the one a translation was made from."""
    return source_head > (made_from or 0)


@dataclass(frozen=True)
class SourceDistance:
    """How a translation stands against its source, from the first new source revision on
    (staleness only starts once the source is approved again)."""

    made_from: int | None
    source_current: int
    source_approved: int | None
    revisions_behind: int

    @property
    def moved(self) -> bool:
        return self.revisions_behind > 0


@dataclass(frozen=True)
class TextStatus:
    """Everything about one text: state, current revision, approvals, comments, source."""

    view: TrackView
    current: Revision | None
    approvals: list[str]
    open_comments: int
    stale: bool
    source: SourceDistance | None


async def text_status(uow: UnitOfWork, view: TrackView) -> TextStatus:
    """The text's own state, with what the status matrix shows of it and, for a
    translation, how far the source has moved since the revision it was made from."""
    track = view.track
    current = await get_revision(uow, view, track.head) if track.head else None
    reviews = await uow.reviews.for_revision(track, track.head) if current else []
    approvals = list(dict.fromkeys(r.reviewer for r in reviews if r.decision is Decision.APPROVE))
    open_comments = len(await uow.comments.open_threads(track))
    source = None
    stale = False
    if track.language != view.paper.source_language:
        source_track = await uow.tracks.get(view.section, view.paper.source_language)
        made_from = current.source_revision if current else None
        if source_track is not None and source_track.head:
            behind = source_track.head - made_from if made_from else source_track.head
            source = SourceDistance(made_from, source_track.head, source_track.approved, behind)
            stale = current is not None and is_stale(made_from, source_track.approved)
    return TextStatus(view, current, approvals, open_comments, stale, source)


@dataclass(frozen=True)
class SourceChanges:
    made_from: int | None
    source_now: int | None
    diff: RevisionDiff | None


async def source_changes(uow: UnitOfWork, view: TrackView) -> SourceChanges:
    """For a translation: how the source changed since the revision it was made from.

    Compared against the approved source revision, or the latest one while none is
    approved; a text never translated gets the whole source as new.
    """
    if view.track.language == view.paper.source_language:
        raise InvalidRequest("source changes are for translations; this is the source language")
    made_from = None
    if view.track.head:
        made_from = (await get_revision(uow, view, view.track.head)).source_revision
    source_track = await uow.tracks.get(view.section, view.paper.source_language)
    if source_track is None or source_track.head == 0:
        return SourceChanges(made_from, None, None)
    now = source_track.approved or source_track.head
    source_view = TrackView(view.paper, view.section, source_track)
    new = await get_revision(uow, source_view, now)
    old_body = (await get_revision(uow, source_view, made_from)).body if made_from else ""
    label = f"{view.section.key}/{view.paper.source_language}"
    return SourceChanges(made_from, now, diff_texts(label, made_from or 0, old_body, now, new.body))
