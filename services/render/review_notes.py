"""Putting open comments into a rendered DOCX as Word comments on the text they quote.

A quote is written in the section's Markdown, and pandoc changes text on its way to Word
(emphasis marks go, straight quotes and `--` become typographic ones), so the quote and
each paragraph are compared in a normalized form that maps back to the paragraph's own
characters. A quote that spans paragraphs or stands in a table, or is no longer in the
text, is put on the section's heading, the quote written out in the comment.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator, Sequence

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from workflows.rendering import ReviewNote

# Typographic characters pandoc writes, and what a Markdown author types for them.
_TYPED = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
}
# Markdown that never reaches the text: footnote calls and a link's address (its text
# stays); emphasis marks and escapes are handled character by character.
_MARKUP = (
    (re.compile(r"\[\^[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?<!\\)-{2,3}"), "-"),
)
_EMPHASIS = frozenset("*_`")


def add_review_notes(data: bytes, notes: Sequence[ReviewNote]) -> bytes:
    """The DOCX with each note as a comment, in the order given."""
    document = docx.Document(io.BytesIO(data))
    sections = _paragraphs_by_section(document)
    for note in notes:
        paragraphs = sections.get(note.section)
        if not paragraphs:
            continue
        runs = _find(paragraphs[1:], note.quote) if note.found else None
        paragraphs_out = list(note.paragraphs)
        if runs is None:
            # Put on the heading, the quote written out so that it is not lost.
            runs = [r for r in paragraphs[0].runs if r.text] or paragraphs[0].runs
            where = "no longer in the text" if not note.found else "not within one paragraph"
            paragraphs_out.insert(0, f"On \u201c{note.quote}\u201d ({where}):")
        if not runs:
            continue
        comment = document.add_comment(runs, text=paragraphs_out[0], author=note.author)
        for text in paragraphs_out[1:]:
            comment.add_paragraph(text)
        # The time the reviewer wrote it, not the time of this download.
        comment._comment_elm.set(qn("w:date"), note.written_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs_by_section(document: Document) -> dict[str, list[Paragraph]]:
    """Each section's heading and the paragraphs after it, found by pandoc's bookmark
    `sec-{key}`, which stands just before the heading (or in it)."""
    sections: dict[str, list[Paragraph]] = {}
    current: list[Paragraph] | None = None
    key: str | None = None
    for element in document.element.body.iterchildren():
        marks = [element] if element.tag == qn("w:bookmarkStart") else []
        marks += element.findall(qn("w:bookmarkStart"))
        for mark in marks:
            name = mark.get(qn("w:name"), "")
            if name.startswith("sec-"):
                key = name.removeprefix("sec-")
        if element.tag != qn("w:p"):
            continue
        if key is not None:
            current, key = sections.setdefault(key, []), None
        if current is not None:
            current.append(Paragraph(element, document._body))
    return sections


def _normalized(text: str) -> tuple[str, list[int]]:
    """The text with typographic characters as typed and spaces collapsed, and for each of
    its characters the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        typed = _TYPED.get(char, char)
        for c in typed:
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(index)
    return "".join(out), origin


def _plain(quote: str) -> str:
    """The quote as pandoc prints it, before typography: markup gone, escapes undone."""
    for pattern, replacement in _MARKUP:
        quote = pattern.sub(replacement, quote)
    chars: list[str] = []
    escaped = False
    for char in quote:
        if escaped:
            chars.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char not in _EMPHASIS:
            chars.append(char)
    return _normalized("".join(chars))[0].strip()


def _find(paragraphs: Sequence[Paragraph], quote: str) -> list[Run] | None:
    """The runs of the first paragraph that holds the quote, split so that they cover
    exactly the quote; None when no paragraph holds it whole."""
    wanted = _plain(quote)
    if not wanted:
        return None
    for paragraph in paragraphs:
        text = "".join(run.text for run in _runs(paragraph))
        normal, origin = _normalized(text)
        at = normal.find(wanted)
        if at < 0:
            continue
        start, end = origin[at], origin[at + len(wanted) - 1] + 1
        _boundary(paragraph, end)
        _boundary(paragraph, start)
        return [run for run, lo, hi in _spans(paragraph) if lo >= start and hi <= end and hi > lo]
    return None


def _runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs in reading order, those of its links included."""
    runs: list[Run] = []
    for item in paragraph.iter_inner_content():
        runs += [item] if isinstance(item, Run) else item.runs
    return runs


def _spans(paragraph: Paragraph) -> Iterator[tuple[Run, int, int]]:
    at = 0
    for run in _runs(paragraph):
        length = len(run.text)
        yield run, at, at + length
        at += length


def _boundary(paragraph: Paragraph, offset: int) -> None:
    """Split the run that `offset` falls inside, so that a run starts there."""
    for run, lo, hi in _spans(paragraph):
        if lo < offset < hi:
            text = run.text
            right = copy.deepcopy(run._r)
            run._r.addnext(right)
            run.text = text[: offset - lo]
            Run(right, run._parent).text = text[offset - lo :]
            return
