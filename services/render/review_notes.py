"""Putting open comments into a rendered DOCX as Word comments on the text they quote.

A quote is written in the section's Markdown, and pandoc changes text on its way to Word
(emphasis marks go, straight quotes and `--` become typographic ones), so the quote and
each paragraph are compared in a normalized form that maps back to the paragraph's own
characters. A quote that spans paragraphs or stands in a table, or is no longer in the
text, is put on the section's heading, the quote written out in the comment.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import docx
from docx.comments import Comment
from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from drafts.plaintext import normalized
from workflows.rendering import ReviewNote

# Markdown that never reaches the text: footnote calls and a link's address (its text
# stays); emphasis marks and escapes are handled character by character.
_MARKUP = (
    (re.compile(r"\[\^[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?<!\\)-{2,3}"), "-"),
)
_EMPHASIS = frozenset("*_`")


def add_review_notes(data: bytes, notes: Sequence[ReviewNote], language: str = "en") -> bytes:
    """The DOCX with each note as a comment, in the order given, its replies as Word's
    own threaded replies, its labels in the document's language."""
    labels = LABELS.get(language, LABELS["en"])
    document = docx.Document(io.BytesIO(data))
    sections = _paragraphs_by_section(document)
    threads = _Threads()
    for note in notes:
        paragraphs = sections.get(note.section)
        if not paragraphs:
            continue
        runs = _find(paragraphs[1:], note.quote) if note.found else None
        paragraphs_out = list(note.paragraphs)
        if note.replacement is not None:
            paragraphs_out.append(labels.replacement.format(note.replacement))
        if runs is None:
            # Put on the heading, the quote written out so that it is not lost.
            runs = [r for r in paragraphs[0].runs if r.text] or paragraphs[0].runs
            where = labels.gone if not note.found else labels.spread
            paragraphs_out.insert(0, where.format(note.quote))
        if not runs:
            continue
        root = _comment(document, runs, note.author, note.written_at, paragraphs_out)
        threads.add(root, None, ("thread", note.thread))
        for reply in note.replies:
            answer = _comment(document, runs, reply.author, reply.written_at, [reply.body])
            threads.add(answer, root, ("comment", reply.id))
    threads.write(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Labels:
    replacement: str
    gone: str
    spread: str


LABELS = {
    "en": Labels(
        "Suggested replacement: {}",
        "On \u201c{}\u201d (no longer in the text):",
        "On \u201c{}\u201d (not within one paragraph):",
    ),
    "fr": Labels(
        "Remplacement proposé\u202f: {}",
        "Sur «\u00a0{}\u00a0» (ne figure plus dans le texte)\u202f:",
        "Sur «\u00a0{}\u00a0» (sur plusieurs paragraphes)\u202f:",
    ),
    "es": Labels(
        "Sustitución propuesta: {}",
        "Sobre «{}» (ya no figura en el texto):",
        "Sobre «{}» (abarca varios párrafos):",
    ),
    "ru": Labels(
        "Предлагаемая замена: {}",
        "О «{}» (этих слов больше нет в тексте):",
        "О «{}» (охватывает несколько абзацев):",
    ),
    "ar": Labels(
        "الصيغة البديلة المقترحة: {}",
        "بشأن «{}» (لم يعد واردا في النص):",
        "بشأن «{}» (يمتد على أكثر من فقرة):",
    ),
    "zh": Labels(
        "建议替换为：{}",
        "关于\u201c{}\u201d（已不在文本中）：",
        "关于\u201c{}\u201d（跨越多个段落）：",
    ),
}

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
COMMENTS_EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
COMMENTS_EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def _comment(
    document: Document,
    runs: list[Run],
    author: str,
    written_at: datetime.datetime,
    paragraphs: Sequence[str],
) -> Comment:
    comment = document.add_comment(runs, text=paragraphs[0], author=author)
    for text in paragraphs[1:]:
        comment.add_paragraph(text)
    # The time it was written, not the time of this download.
    comment._comment_elm.set(qn("w:date"), written_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return comment


class _Threads:
    """Word's threads: each comment's last paragraph gets a `w14:paraId`, and a reply
    names its thread's in `commentsExtended.xml`. Each comment also carries, as hidden
    text (which Word keeps on save), the id Accord knows it by."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str | None]] = []

    def add(self, comment: Comment, parent: Comment | None, mark: tuple[str, int | None]) -> None:
        last = comment.paragraphs[-1]
        if mark[1] is not None:
            hidden = last.add_run(f" accord:{mark[0]}:{mark[1]}")
            hidden.font.hidden = True
        # Deterministic ids (a copy made twice is the same file), below 0x80000000.
        para_id = f"{0x10000000 + len(self.entries) + 1:08X}"
        last._p.set(f"{{{W14}}}paraId", para_id)
        parent_id = None
        if parent is not None:
            parent_id = parent.paragraphs[-1]._p.get(f"{{{W14}}}paraId")
        self.entries.append((para_id, parent_id))

    def write(self, document: Document) -> None:
        if not self.entries:
            return
        rows = "".join(
            f'<w15:commentEx w15:paraId="{para}"'
            + (f' w15:paraIdParent="{parent}"' if parent else "")
            + ' w15:done="0"/>'
            for para, parent in self.entries
        )
        blob = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="http://schemas.openxmlformats.org/'
            f'markup-compatibility/2006" mc:Ignorable="w15">{rows}</w15:commentsEx>'
        ).encode()
        part = Part(
            PackURI("/word/commentsExtended.xml"),
            COMMENTS_EXTENDED_TYPE,
            blob,
            document.part.package,
        )
        document.part.relate_to(part, COMMENTS_EXTENDED_REL)


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
    return normalized("".join(chars))[0].strip()


def _find(paragraphs: Sequence[Paragraph], quote: str) -> list[Run] | None:
    """The runs of the first paragraph that holds the quote, split so that they cover
    exactly the quote; None when no paragraph holds it whole."""
    wanted = _plain(quote)
    if not wanted:
        return None
    for paragraph in paragraphs:
        text = "".join(run.text for run in _runs(paragraph))
        normal, origin = normalized(text)
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
