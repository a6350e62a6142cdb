"""Building the one Markdown document of an edition from its sections.

Section bodies are untrusted pandoc Markdown. What is done to them here is about the
document's shape, not security (that is pandoc's `--sandbox` and the reader extensions
in `pandoc.py`): footnote labels are made unique per section, and a code fence or div an
author left open is closed, so that one section cannot swallow the next.
"""

from __future__ import annotations

import re

from services.render.labels import Labels
from services.render.untranslated import note_for, text_attributes
from workflows.rendering import Edition, RenderSection

# Headings that carry this class are the paper's own; the Lua filter moves every other
# heading one level down, so authors' "#" headings nest inside their section.
SECTION_CLASS = "accord-section"
# The note a draft prints where a section has no text of its own in the file's language.
NOTE_CLASS = "accord-untranslated"

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DIV_FENCE = re.compile(r"^ {0,3}(:{3,})(.*)$")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")
_NOTE_LABEL = re.compile(r"\[\^([^\]\s^]+)\]")
_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
# What only the Lua filter can handle: images (allowed or not), citations that are not
# resolved, setext headings (a line of = or - under a paragraph) and headings inside a
# quote or a list item, which the line-by-line nesting here does not see; and tables
# (pipe, grid and simple ones, whose lines of dashes the setext pattern already finds),
# which get their label there; and citations of practices, which the filter prints.
_NEEDS_FILTER = re.compile(
    r"!\[|@|\||://|\{practice:|^ {0,3}\+-|^ {0,3}(=+|-+)[ \t]*$"
    r"|^[ \t]*(>|[-*+]|\d+[.)])[ \t]*[^\n]*#",
    re.MULTILINE,
)


def escape_inline(text: str) -> str:
    """Markdown for a plain string, shown as is: every ASCII punctuation mark escaped.

    pandoc's Markdown lets a backslash escape any ASCII punctuation, so nothing in a
    title can open emphasis, a link, a citation or an attribute block.
    """
    flat = " ".join(text.split())
    return "".join("\\" + c if c in _ASCII_PUNCTUATION else c for c in flat)


def section_id(key: str) -> str:
    """An identifier for the section heading made of the key's safe characters."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")
    return f"sec-{safe or 'section'}"


def _rename_notes(text: str, prefix: str) -> str:
    def rename(chunk: str) -> str:
        return _NOTE_LABEL.sub(lambda m: f"[^{prefix}-{m.group(1)}]", chunk)

    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(text):
        out.append(rename(text[pos : span.start()]))
        out.append(span.group(0))
        pos = span.end()
    out.append(rename(text[pos:]))
    return "".join(out)


def _nest_headings(lines: list[str], headings: list[int]) -> None:
    """Authors' ATX headings, moved so that their highest level becomes 2: they nest
    under the section's own heading whether the author started at "#" or at "##"."""
    if not headings:
        return
    top = min(len(_ATX_HEADING.match(lines[i]).group(2)) for i in headings)  # type: ignore[union-attr]
    for i in headings:
        match = _ATX_HEADING.match(lines[i])
        assert match is not None
        level = min(len(match.group(2)) - top + 2, 6)
        lines[i] = match.group(1) + "#" * level + lines[i][match.end() :]


def needs_filter(edition: Edition) -> bool:
    """Whether any section holds what only the Lua filter handles.

    The filter costs pandoc about a third more time on a long document, so a document
    without images, citations or setext headings goes without it. Raw blocks need no
    filter to be refused: the reader extensions already read them as plain text.
    """
    if edition.numbered_paragraphs or edition.practices:
        return True
    return any(_NEEDS_FILTER.search(section.body) for section in edition.sections)


def prepare_body(body: str, prefix: str) -> str:
    """The body with footnote labels prefixed, headings nested and every fence closed.

    Authors in different sections all write `[^1]`: without a prefix the second note
    would silently replace the first. Labels inside code are left alone.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    headings: list[int] = []
    fence: str | None = None
    open_divs = 0
    for line in lines:
        if fence is not None:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        div = _DIV_FENCE.match(line)
        if div:
            if div.group(2).strip():
                open_divs += 1
            elif open_divs:
                open_divs -= 1
            else:
                # A closing fence with nothing to close would end the document's
                # structure early; shown as text it is harmless.
                line = "\\" + line.lstrip()
        if _ATX_HEADING.match(line):
            headings.append(len(out))
        out.append(_rename_notes(line, prefix))
    _nest_headings(out, headings)
    if fence is not None:
        out.append(fence)
    out.extend(":::" for _ in range(open_divs))
    return "\n".join(out).strip("\n")


def _heading(section: RenderSection, edition: Edition, labels: Labels) -> str:
    title = escape_inline(section.title)
    number = section.number
    if number.isdigit():
        number = labels.chapter(int(number), edition.chapter_numbering)
    number = escape_inline(number)
    text = f"{number}. {title}" if number else title
    return f"# {text} {{#{section_id(section.key)} .{SECTION_CLASS}}}"


def cites(edition: Edition) -> bool:
    """Whether citations are to be resolved: a bibliography, and text that may cite it.

    A citation is written "@key": text without an "@" cites nothing, and skipping
    citeproc then saves most of a small render's time. The practices annex cites the
    practices' sources.
    """
    return bool(edition.bibliography) and (
        any("@" in s.body for s in edition.sections) or any(p.sources for p in edition.practices)
    )


def title_block(edition: Edition) -> str:
    return f"% {escape_inline(edition.paper_title)}"


def section_chunk(edition: Edition, labels: Labels, index: int, section: RenderSection) -> str:
    """One section's Markdown: its numbered heading, the untranslated note, its body."""
    parts = [_heading(section, edition, labels)]
    note = note_for(section, edition.language)
    if note is not None:
        parts.append(f"::: {{.{NOTE_CLASS}}}\n*{escape_inline(note)}*\n:::")
    body = prepare_body(section.body, f"s{index}")
    if body and section.body_language and section.body_language != edition.language:
        # The body's own fences are closed by prepare_body, so it cannot end this div.
        body = f"::: {{{text_attributes(section.body_language)}}}\n{body}\n:::"
    if body:
        parts.append(body)
    return "\n\n".join(parts)


def section_chunks(edition: Edition, labels: Labels) -> list[str]:
    return [
        section_chunk(edition, labels, index, section)
        for index, section in enumerate(edition.sections, start=1)
    ]


def assemble(edition: Edition, labels: Labels) -> str:
    """The edition's Markdown: numbered section headings, bodies, then the references.

    Title, cover and table of contents are not in it: each format adds them itself.
    """
    # A pandoc title block: only the document's first lines can be one, so no section
    # body can set the title; the docx writer prints it, the Typst preamble has its own.
    parts: list[str] = [title_block(edition)]
    parts += section_chunks(edition, labels)
    if cites(edition):
        parts.append(
            f"# {escape_inline(labels.references)} {{#references .{SECTION_CLASS} .unnumbered}}"
        )
        parts.append("::: {#refs}\n:::")
    return "\n\n".join(parts) + "\n"
