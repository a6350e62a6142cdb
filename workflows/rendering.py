"""What a renderer is given and how it fails: plain data for the `Renderer` port.

The port itself is in `workflows.ports`; the adapter (pandoc, typst, python-docx) lives
in `services.render`, which the workflows never import.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from workflows.practice_render import RenderPractice


@dataclass(frozen=True)
class RenderSection:
    """One section of the paper as it is printed: number, title and the authors' text."""

    key: str
    number: str  # "1", "2", ... assigned by the caller from the outline order
    title: str  # in the edition's language
    body: str  # pandoc Markdown written by authors: untrusted
    # Set in a draft when the section has no text of its own in the edition's language:
    # "untranslated" (the source has text: `body` is it, in `body_language`, or empty
    # when the paper shows only the note) or "unwritten" (no text anywhere yet).
    missing: Literal["untranslated", "unwritten"] | None = None
    body_language: str | None = None


@dataclass(frozen=True)
class RenderImage:
    """An image the caller allows the document to show, under the name the text uses.

    Section text refers to it as `![caption](name)`; nothing else can be embedded, so
    authors' text never reaches a file of the machine.
    """

    name: str  # a plain file name such as "map-1.png"
    data: bytes  # PNG, JPEG or GIF


@dataclass(frozen=True)
class Edition:
    """One language of one published version of the paper."""

    paper_title: str
    symbol: str  # UN document symbol, such as "A/CONF.226/PC.3/14"
    forum: str
    date: datetime.date
    language: str  # ar, en, es, fr, ru, zh
    source_language: str  # the paper's original language
    version: str  # "0.1", "1.0": names the file, never printed in it
    kind: Literal["draft", "final"]
    distribution: str  # "general", "limited" or "restricted", localized by the renderer
    sections: tuple[RenderSection, ...]
    bibliography: str | None = None  # CSL JSON text for the whole paper
    images: tuple[RenderImage, ...] = ()
    # The masthead's optional elements (Editorial Manual): the words "United Nations" and
    # the principal organ ("general-assembly", ...), named in the edition's language.
    united_nations: bool = False
    organ: str | None = None
    # The house style: chapters numbered "arabic" (1, 2) or "roman" (I, II), and every
    # paragraph of running text numbered through the document, as UN documents cite them.
    chapter_numbering: str = "arabic"
    numbered_paragraphs: bool = False
    # The practices the sections cite, in annex order; printed in an annex after the
    # references. A citation of a key not among them is of no known practice.
    practices: tuple[RenderPractice, ...] = ()


@dataclass(frozen=True)
class ReviewReply:
    """A reply in a thread, shown as Word's own threaded reply."""

    id: int
    author: str
    written_at: datetime.datetime
    body: str


@dataclass(frozen=True)
class ReviewNote:
    """An open comment thread, to show in the margin of a review copy."""

    section: str  # the key of the section it is about
    quote: str  # the text it stands on now, as written in the section's Markdown
    found: bool  # False when its quote is no longer in the text (it is then `quote`)
    author: str
    written_at: datetime.datetime
    paragraphs: tuple[str, ...]  # the comment
    # The thread's id, carried in the copy so that replies written in Word find it again.
    thread: int | None = None
    replacement: str | None = None  # what a suggestion proposes
    replies: tuple[ReviewReply, ...] = ()


class RenderFailed(Exception):
    """A render that cannot succeed on retry; the message says why, for people."""


class StorageFailed(Exception):
    """A finished file could not be stored (disk full, read-only, no permission): the
    machine's trouble, not the document's, so worth trying again later. The message
    says why, for operators."""
