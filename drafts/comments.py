"""Review threads anchored to text, and suggestions that propose a replacement.

A comment is anchored as in the W3C Web Annotation model (exact quote with its prefix and
suffix, and a start offset; see `drafts.selectors` for what a client may send), so it can
be found again in every later revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from drafts.anchoring import Anchor, TextQuote, reanchor
from drafts.errors import InvalidRequest, InvalidTransition, RevisionConflict
from drafts.selectors import Selector, select
from drafts.text import check_storable

MAX_COMMENT_CHARS = 20_000
MAX_QUOTE_CHARS = 5_000


class CommentStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Disposition(StrEnum):
    RESOLVED = "resolved"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass
class Comment:
    """A thread's opening comment (with a quote) or a reply (with a parent)."""

    revision: int
    author: str
    body: str
    created_at: datetime
    quote: TextQuote | None = None
    parent: int | None = None
    replacement: str | None = None
    status: CommentStatus = CommentStatus.OPEN
    anchor_revision: int | None = None
    anchor: Anchor | None = None
    disposition: Disposition | None = None
    disposition_note: str | None = None
    resolved_by: str | None = None
    edited_at: datetime | None = None
    id: int | None = None

    @property
    def is_suggestion(self) -> bool:
        return self.replacement is not None


def check_comment_text(body: str, *, field: str = "body") -> str:
    check_storable(body, field)
    if not body.strip():
        raise InvalidRequest(f"{field} is empty")
    if len(body) > MAX_COMMENT_CHARS:
        raise InvalidRequest(f"{field} is longer than {MAX_COMMENT_CHARS} characters")
    return body


def open_thread(
    *,
    text: str,
    revision: int,
    author: str,
    body: str,
    selector: Selector,
    replacement: str | None,
    now: datetime,
) -> Comment:
    """A new comment on the passage `selector` names in revision `revision` (`text`)."""
    check_comment_text(body)
    for part, value in (
        ("exact", selector.exact or ""),
        ("prefix", selector.prefix),
        ("suffix", selector.suffix),
    ):
        check_storable(value, part)
        if len(value) > MAX_QUOTE_CHARS:
            raise InvalidRequest(f"{part} is longer than {MAX_QUOTE_CHARS} characters")
    if replacement is not None:
        check_storable(replacement, "replacement")
        if len(replacement) > MAX_COMMENT_CHARS:
            raise InvalidRequest(f"replacement is longer than {MAX_COMMENT_CHARS} characters")
    try:
        quote = select(text, selector)
    except InvalidRequest as error:
        # The same refusal (an ambiguous quote stays one), saying which revision it read.
        raise type(error)(f"revision {revision}: {error.detail}", **error.extra) from None
    if replacement is not None and replacement == quote.exact:
        raise InvalidRequest("the replacement is the same as the quote")
    anchor = Anchor("exact", quote.start, quote.start + len(quote.exact))
    return Comment(
        revision=revision,
        author=author,
        body=body,
        created_at=now,
        quote=quote,
        replacement=replacement,
        anchor_revision=revision,
        anchor=anchor,
    )


def reply(parent: Comment, *, author: str, body: str, now: datetime) -> Comment:
    if parent.parent is not None:
        raise InvalidRequest("reply to the thread's first comment")
    check_comment_text(body)
    assert parent.id is not None
    return Comment(
        revision=parent.anchor_revision or parent.revision,
        author=author,
        body=body,
        created_at=now,
        parent=parent.id,
    )


def follow(comment: Comment, text: str, revision: int) -> bool:
    """Re-anchor an open thread onto a new revision; True when it was just orphaned."""
    if comment.quote is None or comment.status is not CommentStatus.OPEN:
        return False
    was_found = comment.anchor is not None and comment.anchor.found
    last_start = comment.anchor.start if comment.anchor and comment.anchor.found else None
    quote = comment.quote
    if last_start is not None:
        quote = TextQuote(quote.exact, quote.prefix, quote.suffix, last_start)
    comment.anchor = reanchor(quote, text)
    comment.anchor_revision = revision
    return was_found and not comment.anchor.found


def resolve(comment: Comment, by: str, disposition: Disposition, note: str | None) -> None:
    if comment.parent is not None:
        raise InvalidRequest("resolve the thread through its first comment")
    if comment.status is CommentStatus.RESOLVED:
        raise InvalidTransition("the thread is already resolved")
    if note is not None:
        check_storable(note, "note")
    comment.status = CommentStatus.RESOLVED
    comment.disposition = disposition
    comment.disposition_note = note
    comment.resolved_by = by


def reopen(comment: Comment) -> None:
    if comment.status is CommentStatus.OPEN:
        raise InvalidTransition("the thread is already open")
    comment.status = CommentStatus.OPEN
    comment.disposition = None
    comment.disposition_note = None
    comment.resolved_by = None


def suggestion_anchor(comment: Comment, head: int, text: str) -> Anchor:
    """Where the suggestion's exact quote stands in the current text; 409 when it is gone."""
    if not comment.is_suggestion:
        raise InvalidRequest("this comment proposes no replacement")
    if comment.status is not CommentStatus.OPEN:
        raise InvalidTransition("the suggestion is already resolved")
    anchor = comment.anchor
    quote = comment.quote
    # A fuzzy anchor means the quoted words were edited since: replacing what stands
    # there now would silently undo that edit, so only the exact quote is replaced.
    if (
        anchor is None
        or anchor.start is None
        or anchor.end is None
        or quote is None
        or comment.anchor_revision != head
        or text[anchor.start : anchor.end] != quote.exact
    ):
        raise RevisionConflict(
            "the quoted text no longer exists in the current revision; "
            "the suggestion cannot be applied",
            quote=comment.quote.exact if comment.quote else None,
        )
    return anchor


def replies_by_thread(comments: Iterable[Comment]) -> dict[int, list[Comment]]:
    """Each thread's replies, in the order given, by the id of the thread's first comment."""
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent is not None:
            replies.setdefault(comment.parent, []).append(comment)
    return replies
