"""Review threads and suggestions on the text of one section in one language."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.access import Action, authorize, may
from drafts.anchoring import TextQuote, replace_once
from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    RejectSuggestion,
    ReopenComment,
    ResolveComment,
)
from drafts.comments import (
    Comment,
    Disposition,
    check_comment_text,
    follow,
    open_thread,
    reopen,
    reply,
    resolve,
    suggestion_anchor,
)
from drafts.errors import Forbidden, InvalidRequest, NotFound
from drafts.events import CommentAdded, CommentReopened, CommentResolved, TextRef
from workflows.drafting import Saved, TrackView, commit_text, get_revision, load_track
from workflows.pages import Page, page_of
from workflows.ports import UnitOfWork


def _where(view: TrackView) -> TextRef:
    return {"paper": view.paper.slug, "section": view.section.key, "language": view.track.language}


async def _load_comment(uow: UnitOfWork, view: TrackView, comment_id: int) -> Comment:
    comment = await uow.comments.get(view.track, comment_id)
    if comment is None:
        raise NotFound(f"comment {comment_id} not found on this text")
    return comment


def _may_settle(view: TrackView, user: str, comment: Comment) -> bool:
    """The thread's author, whoever may edit this text, and the secretariat settle a thread."""
    return comment.author == user or may(
        view.paper, user, Action.EDIT_TEXT, section=view.section, language=view.track.language
    )


async def _settle(
    uow: UnitOfWork,
    view: TrackView,
    comment: Comment,
    actor: str,
    disposition: Disposition,
    note: str | None,
) -> None:
    """Close a thread with its disposition, and say so in the log."""
    resolve(comment, actor, disposition, note)
    await uow.comments.update(comment)
    assert comment.id is not None
    uow.record(
        CommentResolved(
            actor=actor,
            **_where(view),
            comment=comment.id,
            disposition=disposition.value,
            note=note,
        )
    )


async def add_comment(cmd: AddComment, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    """A new thread on a quote of a revision, or a reply to a thread."""
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    authorize(view.paper, cmd.actor, Action.COMMENT)
    now = datetime.now(UTC)
    if cmd.parent is not None:
        if cmd.exact is not None or cmd.replacement is not None:
            raise InvalidRequest("a reply has no quote or replacement of its own")
        comment = reply(
            await _load_comment(uow, view, cmd.parent), author=cmd.actor, body=cmd.body, now=now
        )
    else:
        if cmd.exact is None or cmd.start is None:
            raise InvalidRequest("a new thread quotes the text: give exact and start")
        if cmd.replacement is not None and cmd.replacement == cmd.exact:
            raise InvalidRequest("the replacement is the same as the quote")
        number = cmd.revision if cmd.revision is not None else view.track.head
        revision = await get_revision(uow, view, number)
        quote = TextQuote(cmd.exact, cmd.prefix, cmd.suffix, cmd.start)
        comment = open_thread(
            text=revision.body,
            revision=revision.number,
            author=cmd.actor,
            body=cmd.body,
            quote=quote,
            replacement=cmd.replacement,
            now=now,
        )
        if revision.number != view.track.head:
            # Made on an older revision: find where it stands in the current one now.
            current = await get_revision(uow, view, view.track.head)
            follow(comment, current.body, current.number)
    comment = await uow.comments.add(view.track, comment)
    assert comment.id is not None
    uow.record(
        CommentAdded(
            actor=cmd.actor,
            **_where(view),
            comment=comment.id,
            revision=comment.revision,
            parent=comment.parent,
            suggestion=comment.is_suggestion,
        )
    )
    return view, comment


async def resolve_comment(cmd: ResolveComment, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    comment = await _load_comment(uow, view, cmd.comment)
    if not _may_settle(view, cmd.actor, comment):
        raise Forbidden("only the thread's author, the text's editors or the secretariat")
    await _settle(uow, view, comment, cmd.actor, Disposition.RESOLVED, cmd.note)
    return view, comment


async def reopen_comment(cmd: ReopenComment, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    comment = await _load_comment(uow, view, cmd.comment)
    if comment.parent is not None:
        raise InvalidRequest("reopen the thread through its first comment")
    if not _may_settle(view, cmd.actor, comment):
        raise Forbidden("only the thread's author, the text's editors or the secretariat")
    reopen(comment)
    if comment.quote is not None and view.track.head:
        current = await get_revision(uow, view, view.track.head)
        follow(comment, current.body, current.number)
    await uow.comments.update(comment)
    uow.record(CommentReopened(actor=cmd.actor, **_where(view), comment=cmd.comment))
    return view, comment


async def accept_suggestion(cmd: AcceptSuggestion, uow: UnitOfWork) -> tuple[Comment, Saved]:
    """The new revision with the quote replaced once, and the suggestion resolved."""
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True)
    authorize(view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language)
    comment = await _load_comment(uow, view, cmd.comment)
    head = await get_revision(uow, view, view.track.head)
    anchor = suggestion_anchor(comment, head.number, head.body)
    assert comment.replacement is not None
    body = replace_once(head.body, anchor, comment.replacement)
    await _settle(uow, view, comment, cmd.actor, Disposition.ACCEPTED, None)
    saved = await commit_text(
        uow,
        view,
        body,
        head.number,
        cmd.actor,
        source_revision=head.source_revision,
        suggested_by=comment.author,
    )
    return comment, saved


async def reject_suggestion(cmd: RejectSuggestion, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    authorize(view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language)
    comment = await _load_comment(uow, view, cmd.comment)
    if not comment.is_suggestion:
        raise InvalidRequest("this comment proposes no replacement")
    check_comment_text(cmd.reason, field="reason")
    await _settle(uow, view, comment, cmd.actor, Disposition.REJECTED, cmd.reason)
    return view, comment


async def list_comments(
    uow: UnitOfWork,
    view: TrackView,
    *,
    status: str | None,
    revision: int | None,
    after: int,
    limit: int,
) -> Page[Comment]:
    """The comments of a text, oldest first, each with where it stands now."""
    if status is not None and status not in ("open", "resolved"):
        raise InvalidRequest("status must be 'open' or 'resolved'")
    rows = await uow.comments.find(view.track, status, revision, after, limit + 1)
    return page_of(rows, limit, lambda c: c.id or 0)


def may_settle(view: TrackView, user: str, comment: Comment) -> bool:
    """Whether `user` may resolve, reopen, accept or reject the thread (for clients that
    offer only what the person may do; the handlers still decide)."""
    return _may_settle(view, user, comment)
