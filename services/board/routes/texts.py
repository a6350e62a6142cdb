"""A text (a section in one language): its current revision, threads, history and editor."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from drafts.access import Action, may
from drafts.comments import Comment, CommentStatus, replies_by_thread
from drafts.errors import DomainError
from drafts.model import MAX_NUMBER, Revision, SectionState
from drafts.review import Decision, is_stale, submit
from services.api.deps import UowDep
from services.board.markdown import to_html
from services.board.pages import BoardRoute, page
from services.board.person import SignedInPerson
from services.store.unit_of_work import SqlUnitOfWork
from workflows.comments import list_comments, may_settle
from workflows.drafting import TrackView, diff_revisions, get_revision, list_revisions, load_track
from workflows.review import check_reviewable, translation_source
from workflows.status import source_changes

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

TEXT = "/papers/{paper}/texts/{section}/{lang}"
PAGE_SIZE = 200


def text_url(view: TrackView) -> str:
    return f"/papers/{view.paper.slug}/texts/{view.section.key}/{view.track.language}"


@dataclass(frozen=True)
class Thread:
    """A thread's first comment, its replies, and what stands at its quote now."""

    comment: Comment
    replies: list[Comment]
    quoted_now: str | None
    may_settle: bool


async def all_comments(uow: SqlUnitOfWork, view: TrackView) -> list[Comment]:
    found: list[Comment] = []
    after = 0
    while True:
        batch = await list_comments(
            uow, view, status=None, revision=None, after=after, limit=PAGE_SIZE
        )
        found.extend(batch.items)
        if batch.next_after is None:
            return found
        after = batch.next_after


def threads_of(
    view: TrackView, user: str, comments: list[Comment], head: Revision | None
) -> list[Thread]:
    replies = replies_by_thread(comments)
    threads = []
    for comment in comments:
        if comment.parent is not None:
            continue
        anchor = comment.anchor
        quoted_now = None
        if head and anchor and anchor.start is not None and comment.anchor_revision == head.number:
            quoted_now = head.body[anchor.start : anchor.end]
        assert comment.id is not None
        settles = may_settle(view, user, comment)
        threads.append(Thread(comment, replies.get(comment.id, []), quoted_now, settles))
    # Open threads first, each group oldest first.
    return sorted(threads, key=lambda t: t.comment.status is not CommentStatus.OPEN)


def _refusal(check: object) -> str | None:
    """None when the check passes, else the reason the domain gives."""
    try:
        if callable(check):
            check()
    except DomainError as refused:
        return refused.detail
    return None


async def text_context(
    uow: SqlUnitOfWork, paper: str, section: str, lang: str, user: str
) -> dict[str, object]:
    """Everything the text page shows, and what it offers this person to do."""
    view = await load_track(uow, paper, section, lang, user)
    track, the_paper = view.track, view.paper
    head = await get_revision(uow, view, track.head) if track.head else None
    comments = await all_comments(uow, view)
    made_from, approved_source = await translation_source(uow, view)
    stale = (
        lang != the_paper.source_language
        and head is not None
        and is_stale(made_from, approved_source)
    )
    may_review = may(the_paper, user, Action.REVIEW, section=view.section, language=lang)
    review_refusal = None
    if may_review and head is not None:
        try:
            await check_reviewable(uow, view, head, user, Decision.APPROVE, "")
        except DomainError as refused:
            review_refusal = refused.detail
    may_submit = may(the_paper, user, Action.SUBMIT, section=view.section, language=lang)
    submit_refusal = _refusal(lambda: submit(copy.copy(track))) if may_submit else None
    context: dict[str, object] = {
        "paper": the_paper,
        "section": view.section,
        "language": lang,
        "track": track,
        "head": head,
        "html": await to_html(head.body, paper) if head else "",
        "threads": threads_of(view, user, comments, head),
        "reviews": await uow.reviews.for_revision(track, head.number) if head else [],
        "stale": stale,
        "may_comment": may(the_paper, user, Action.COMMENT) and head is not None,
        "may_edit": may(the_paper, user, Action.EDIT_TEXT, section=view.section, language=lang),
        "may_submit": may_submit and submit_refusal is None,
        "may_review": may_review and head is not None and review_refusal is None,
        # Why a reviewer cannot review a submitted text (their own, or stale); before it is
        # submitted the state says enough.
        "review_refusal": review_refusal if track.state is SectionState.IN_REVIEW else None,
        "may_approve": not stale,
        "source": None,
        "changes": None,
        "crumb_current": True,
    }
    if lang != the_paper.source_language:
        source_track = await uow.tracks.get(view.section, the_paper.source_language)
        if source_track is not None and source_track.head:
            source_view = TrackView(the_paper, view.section, source_track)
            number = source_track.approved or source_track.head
            source = await get_revision(uow, source_view, number)
            context["source"] = source
            context["source_approved"] = source_track.approved == number
            context["source_html"] = await to_html(source.body, paper)
        context["changes"] = await source_changes(uow, view)
    return context


@router.get(TEXT, response_class=HTMLResponse)
async def text_page(
    paper: str, section: str, lang: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """A text: its current revision, its threads, and what the person may do with it."""
    context = await text_context(uow, paper, section, lang, person.name)
    return page(request, "text.html", context, person=person)


Number = Annotated[int | None, Query(ge=1, le=MAX_NUMBER)]


@router.get(TEXT + "/history", response_class=HTMLResponse)
async def history_page(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    old: Number = None,
    new: Number = None,
) -> HTMLResponse:
    """Every revision of the text, and the difference between any two of them."""
    view = await load_track(uow, paper, section, lang, person.name)
    revisions: list[Revision] = []
    after = 0
    while True:
        batch = await list_revisions(uow, view, after, PAGE_SIZE)
        revisions.extend(batch.items)
        if batch.next_after is None:
            break
        after = batch.next_after
    head = view.track.head
    diff = None
    if head:
        new = new or head
        old = old or max(new - 1, 1)
        diff = await diff_revisions(uow, view, old, new)
    return page(
        request,
        "history.html",
        {
            "paper": view.paper,
            "section": view.section,
            "language": lang,
            "revisions": list(reversed(revisions)),
            "diff": diff,
            "old": old,
            "new": new,
        },
        person=person,
    )


@router.get(TEXT + "/edit", response_class=HTMLResponse)
async def edit_page(
    paper: str, section: str, lang: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """The editor: the current Markdown, saved on the revision it was opened at."""
    view = await load_track(uow, paper, section, lang, person.name)
    head = await get_revision(uow, view, view.track.head) if view.track.head else None
    return page(
        request,
        "edit.html",
        {
            "paper": view.paper,
            "section": view.section,
            "language": lang,
            "body": head.body if head else "",
            "base": head.number if head else None,
            "preview": await to_html(head.body, paper) if head else "",
            "may_edit": may(
                view.paper, person.name, Action.EDIT_TEXT, section=view.section, language=lang
            ),
        },
        person=person,
    )


@router.post(TEXT + "/preview", response_class=HTMLResponse)
async def preview(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    body: Annotated[str, Form(max_length=2_100_000)] = "",
) -> HTMLResponse:
    """The Markdown being edited, as the text page would show it (changes nothing)."""
    await load_track(uow, paper, section, lang, person.name)
    return page(request, "preview.html", {"html": await to_html(body, paper)}, person=person)
