"""The PDF: the project's Typst preamble around pandoc's Typst body, compiled in process.

Every value printed by the preamble (title, symbol, labels) enters Typst as a string
literal, never as markup, so no text of the paper can become Typst code. Typst reads
files only inside the compile root: an empty folder, or one holding exactly the images
the caller passed.
"""

from __future__ import annotations

import datetime
import logging
import threading
from pathlib import Path

import typst

from services.render.fonts import FontSet, describe_uncovered, uncovered
from services.render.labels import Labels
from workflows.rendering import Edition, RenderFailed

log = logging.getLogger("accord.render")

# Typst takes a language code and a region, not a BCP 47 tag; Chinese is "zh" + "cn".
_TYPST_LANG = {"zh": ("zh", "cn")}

# Justified paragraphs are broken into lines the way a word processor does, one line at a
# time ("simple"), not by Typst's paragraph-wide optimum: it is what the DOCX shows, and
# it takes about a third off the time of typesetting a long paper.
_PREAMBLE = """\
#set document(title: {title})
#set text(lang: "{lang}", {region}dir: {dir}, font: {fonts}, size: {size})
#set page(
  paper: "a4",
  margin: 25mm,
  numbering: "1",
  number-align: center,
  header: context {{
    if here().page() > 1 {{ align(end, text(size: 9pt, {symbol})) }}
  }},
  background: {background},
)
#set par(justify: true, linebreaks: "simple")
#show heading: set text(size: 11pt)
#show heading.where(level: 1): set text(size: 13pt)
#show heading: set block(above: 1.4em, below: 0.8em)
#show raw: set text(font: ("DejaVu Sans Mono", ..{fonts}))
#show footnote.entry: set text(size: 9pt)
#show figure.caption: set text(size: 10pt, style: "italic")
#show figure.where(kind: table): set figure.caption(position: top)
#set table(inset: 6pt, stroke: (x, y) => (
  top: if y == 0 {{ 0.6pt }} else {{ none }},
  bottom: 0.6pt,
))
#show terms.item: it => block(breakable: false)[
  #text(weight: "bold")[#it.term]
  #block(inset: (left: 1.5em, top: -0.4em))[#it.description]
]
#let horizontalrule = line(start: (25%, 0%), end: (75%, 0%))

#align(end, stack(
  spacing: 5pt,
  text(size: 12pt, weight: "bold", {symbol}),
  text(size: 10pt, {distribution}),
  text(size: 10pt, {date}),
  text(size: 10pt, {original}),
))
#v(14pt)
#text(weight: "bold", {forum})
#v(14pt)
#align(center, text(size: 16pt, weight: "bold", {title}))
#v(10pt)
#outline(title: {contents}, depth: 2)

"""

_DRAFT_MARK = (
    "place(center + horizon, rotate(-45deg, text(size: 80pt, fill: luma(88%), "
    'weight: "bold", {draft})))'
)


def typst_string(text: str) -> str:
    """A Typst string literal holding the text exactly."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def typst_document(edition: Edition, labels: Labels, body: str, fonts: FontSet) -> str:
    """The whole Typst source: preamble with masthead and contents, then pandoc's body."""
    lang, region = _TYPST_LANG.get(labels.language, (labels.language, None))
    draft = _DRAFT_MARK.format(draft=typst_string(labels.draft.upper()))
    return (
        _PREAMBLE.format(
            title=typst_string(edition.paper_title),
            lang=lang,
            region=f'region: "{region}", ' if region else "",
            # Typst infers the direction from the language ("ar" is right to left), and
            # so does it inside a block set in another language: a draft's English
            # original standing in for an Arabic translation reads left to right.
            dir="auto",
            # Amiri's Arabic is small for its Latin: a point more reads like the rest.
            size="12pt" if labels.language == "ar" else "11pt",
            fonts=fonts.typst_chain(labels.language),
            symbol=typst_string(edition.symbol),
            background=draft if edition.kind == "draft" else "none",
            distribution=typst_string(labels.distribution(edition.distribution)),
            date=typst_string(labels.date(edition.date)),
            original=typst_string(labels.original(edition.source_language)),
            forum=typst_string(edition.forum),
            contents=typst_string(labels.contents),
        )
        + body
    )


class TypstPdf:
    """Compiles Typst sources to PDF with the project's fonts, loaded once.

    A Typst compiler is not to be used by two threads at once, and renders run in worker
    threads: each thread gets its own compiler, all sharing the one set of fonts.
    """

    def __init__(self, fonts: FontSet, empty_root: Path) -> None:
        self.fonts = fonts
        self._empty_root = empty_root
        # Only the project's fonts (and Typst's own, for math and code): system fonts
        # differ between machines, and so would the bytes.
        self._typst_fonts = typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=True,
            font_paths=[str(d) for d in fonts.directories],
        )
        self._local = threading.local()

    def _compiler(self) -> typst.Compiler:
        compiler: typst.Compiler | None = getattr(self._local, "compiler", None)
        if compiler is None:
            compiler = typst.Compiler(
                root=str(self._empty_root),
                font_paths=self._typst_fonts,
                ignore_system_fonts=True,
            )
            self._local.compiler = compiler
        return compiler

    def check(self, source: str, language: str) -> None:
        """RenderFailed naming every character no font of the language's chain covers."""
        missing = uncovered(source, self.fonts.coverage(language))
        if missing:
            raise RenderFailed(describe_uncovered(missing))

    def compile(self, source: str, day: datetime.date, root: Path | None = None) -> bytes:
        """The PDF, stamped with `day` so that equal sources give equal bytes."""
        stamp = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        try:
            pdf, warnings = self._compiler().compile_with_warnings(
                input=source.encode(),
                format="pdf",
                root=str(root or self._empty_root),
                timestamp=stamp,
            )
        except typst.TypstError as error:
            raise RenderFailed(f"Typst could not typeset the document: {error.message}") from None
        for warning in warnings:
            log.warning("typst: %s", warning.message)
        if not isinstance(pdf, bytes):
            raise RenderFailed("Typst produced no PDF")
        return pdf
