"""Review threads and suggestions on the text of one section in one language."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.access import Action, authorize, may
from drafts.anchoring import replace_once
from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    EditComment,
    RejectSuggestion,
    ReopenComment,
    ResolveComment,
)
from drafts.comment_events import CommentAdded, CommentEdited, CommentReopened, CommentResolved
from drafts.comments import (
    Comment,
    CommentStatus,
    Disposition,
    check_comment_text,
    follow,
    open_thread,
    reopen,
    reply,
    resolve,
    suggestion_anchor,
)
from drafts.errors import Forbidden, InvalidRequest, InvalidTransition, NotFound
from drafts.events import TextRef
from drafts.selectors import Selector
from drafts.text import check_storable
from workflows.drafting import (
    Saved,
    TrackView,
    commit_text,
    get_revision,
    load_text_to_change,
)
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
    view = await load_text_to_change(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    authorize(view.paper, cmd.actor, Action.COMMENT)
    now = datetime.now(UTC)
    if cmd.parent is not None:
        if any(v is not None for v in (cmd.exact, cmd.start, cmd.end, cmd.replacement)):
            raise InvalidRequest("a reply has no quote, position or replacement of its own")
        comment = reply(
            await _load_comment(uow, view, cmd.parent), author=cmd.actor, body=cmd.body, now=now
        )
    else:
        number = cmd.revision if cmd.revision is not None else view.track.head
        revision = await get_revision(uow, view, number)
        comment = open_thread(
            text=revision.body,
            revision=revision.number,
            author=cmd.actor,
            body=cmd.body,
            selector=Selector(cmd.exact, cmd.prefix, cmd.suffix, cmd.start, cmd.end),
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
    view = await load_text_to_change(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    comment = await _load_comment(uow, view, cmd.comment)
    if not _may_settle(view, cmd.actor, comment):
        raise Forbidden("only the thread's author, the text's editors or the secretariat")
    await _settle(uow, view, comment, cmd.actor, Disposition.RESOLVED, cmd.note)
    return view, comment


async def reopen_comment(cmd: ReopenComment, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    view = await load_text_to_change(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
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
    view = await load_text_to_change(
        uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True
    )
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
    view = await load_text_to_change(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    authorize(view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language)
    comment = await _load_comment(uow, view, cmd.comment)
    if not comment.is_suggestion:
        raise InvalidRequest("this comment proposes no replacement")
    check_comment_text(cmd.reason, field="reason")
    await _settle(uow, view, comment, cmd.actor, Disposition.REJECTED, cmd.reason)
    return view, comment


async def edit_comment(cmd: EditComment, uow: UnitOfWork) -> tuple[TrackView, Comment]:
    """The comment with its author's new words (and, for a suggestion, replacement).

    Only its author edits a comment, and only while nobody has answered it: a reply to
    words that then changed would no longer make sense. A resolved thread is settled.
    """
    view = await load_text_to_change(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
    comment = await _load_comment(uow, view, cmd.comment)
    if comment.author != cmd.actor:
        raise Forbidden("only the comment's author may edit it")
    thread = comment.parent if comment.parent is not None else comment.id
    assert thread is not None and comment.id is not None
    if await uow.comments.replies_after(thread, comment.id):
        raise InvalidTransition("the comment has replies; answer them instead of editing it")
    if comment.parent is not None:
        thread_comment = await _load_comment(uow, view, comment.parent)
    else:
        thread_comment = comment
    if thread_comment.status is not CommentStatus.OPEN:
        raise InvalidTransition("the thread is resolved; reopen it to change it")
    if cmd.body is None and cmd.replacement is None:
        raise InvalidRequest("send the new body, or the new replacement of a suggestion")
    previous_body, previous_replacement = comment.body, comment.replacement
    if cmd.replacement is not None:
        if not comment.is_suggestion:
            raise InvalidRequest("only a suggestion has a replacement")
        check_storable(cmd.replacement, "replacement")
        if comment.quote is not None and cmd.replacement == comment.quote.exact:
            raise InvalidRequest("the replacement is the same as the quote")
        comment.replacement = cmd.replacement
    if cmd.body is not None:
        comment.body = check_comment_text(cmd.body)
    if (comment.body, comment.replacement) == (previous_body, previous_replacement):
        return view, comment
    comment.edited_at = datetime.now(UTC)
    await uow.comments.update(comment)
    uow.record(
        CommentEdited(
            actor=cmd.actor,
            **_where(view),
            comment=comment.id,
            previous_body=previous_body,
            previous_replacement=previous_replacement,
        )
    )
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
