"""What a Word file holds, as the workflows need it: plain data, read by an adapter.

Quotes are the file's own words, plain (as a reader sees them), with the words around
them, so that the workflows can find them in the Markdown of the text they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Quote:
    """Words of the file and the words just around them, as plain text."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class WordComment:
    """A Word comment: a thread's first comment, or (with `parent`) a reply to one."""

    key: str  # the comment's w:id in this file; names it within the file only
    author: str
    date: datetime | None
    body: str
    parent: str | None = None  # the key of the comment it answers (commentsExtended)
    section: str | None = None  # the section it stands in (review copies)
    # A review copy's own mark: ("thread", id) or ("comment", id) of what Accord wrote.
    mark: tuple[str, int] | None = None
    rejected: Quote | None = None  # the words it covers, tracked changes rejected
    accepted: Quote | None = None  # the same words, tracked changes accepted


@dataclass(frozen=True)
class WordChange:
    """A tracked change: words deleted and/or inserted at one place by one author."""

    author: str
    date: datetime | None
    # What a suggestion replaces (the deleted words, or for a bare insertion the word
    # before it) and what it becomes, in the text with tracked changes rejected.
    quote: Quote
    replacement: str
    deleted: str
    inserted: str
    section: str | None = None


@dataclass(frozen=True)
class Dropped:
    """Something of the file that Accord's text cannot hold, and what became of it."""

    kind: str  # "text-box", "field", "embedded-object", "image", "header-footer", ...
    count: int
    detail: str


@dataclass(frozen=True)
class WordImage:
    """An image the file holds, by the name pandoc's Markdown gives it."""

    target: str  # as the Markdown names it: "media/image1.png"
    data: bytes


@dataclass(frozen=True)
class WordFile:
    """A section's text read from a Word file, with its review marks."""

    markdown: str  # changes accepted or rejected, as the upload asked
    comments: tuple[WordComment, ...] = ()
    changes: tuple[WordChange, ...] = ()
    images: tuple[WordImage, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    sha256: str = ""


@dataclass(frozen=True)
class ReviewCopyFile:
    """A review copy as it came back: its comments and tracked changes by section."""

    comments: tuple[WordComment, ...] = ()
    changes: tuple[WordChange, ...] = ()
    sections: tuple[str, ...] = field(default_factory=tuple)
    sha256: str = ""
