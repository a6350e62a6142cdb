"""The events of comments: added, edited, resolved, reopened, orphaned; and a Word file
imported, with the comments and suggestions it brought.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.events import Event


@dataclass(frozen=True, kw_only=True)
class CommentEdited(Event):
    """A comment's author changed it before anyone replied; the words it had are kept."""

    section: str
    language: str
    comment: int
    previous_body: str
    previous_replacement: str | None


@dataclass(frozen=True, kw_only=True)
class CommentAdded(Event):
    section: str
    language: str
    comment: int
    revision: int
    parent: int | None
    suggestion: bool


@dataclass(frozen=True, kw_only=True)
class CommentResolved(Event):
    section: str
    language: str
    comment: int
    disposition: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class CommentReopened(Event):
    section: str
    language: str
    comment: int


@dataclass(frozen=True, kw_only=True)
class CommentOrphaned(Event):
    """The quoted text of an open thread could not be found in a new revision."""

    section: str
    language: str
    comment: int
    revision: int


@dataclass(frozen=True, kw_only=True)
class WordFileImported(Event):
    """A Word file came in for a text (or, for a review copy, for a whole language):
    what it added, so that the log tells a file's consequences apart from typed work."""

    language: str
    sha256: str
    kind: str  # "section" or "review-copy"
    section: str | None = None
    revision: int | None = None  # the revision the file's text became, if it made one
    threads: int = 0
    suggestions: int = 0
    replies: int = 0
