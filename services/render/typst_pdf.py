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
from services.render.masthead import masthead
from workflows.rendering import Edition, RenderFailed

log = logging.getLogger("accord.render")

# Typst takes a language code and a region, not a BCP 47 tag; Chinese is "zh" + "cn".
_TYPST_LANG = {"zh": ("zh", "cn")}

# Justified paragraphs are broken into lines the way a word processor does, one line at a
# time ("simple"), not by Typst's paragraph-wide optimum: it is what the DOCX shows, and
# it takes about a third off the time of typesetting a long paper. What is not running
# text (titles, headings, the forum line, table cells, addresses) is ragged and never
# hyphenated. Tables and figures carry the labels the filter wrote ("Table 1"), so
# Typst's own numbering is off; their captions stand above them, as in the DOCX.
_PREAMBLE = """\
#set document(title: {title})
#set text(lang: "{lang}", {region}dir: {dir}, font: {fonts}, size: {size}{text_extra})
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
#show heading: set text(size: 11pt, hyphenate: false)
#show heading: set par(justify: false)
#show heading.where(level: 1): set text(size: 13pt)
#show heading: set block(above: 1.4em, below: 0.8em)
#show link: set text(hyphenate: false)
#show raw: set text(font: ("DejaVu Sans Mono", ..{fonts}))
#show footnote.entry: set text(size: 9pt)
#set figure(numbering: none)
#show figure: set figure.caption(position: top)
#show figure.caption: set text(size: 10pt, hyphenate: false)
#show figure.caption: set par(justify: false)
#show figure.where(kind: table): set align(start)
#set table(inset: (x: 5pt, y: 4pt), stroke: none)
#set table.hline(stroke: 0.4pt)
#show table: set par(justify: false)
#show table: set text(size: 10pt, hyphenate: false)
#show table: it => block(stroke: (top: 0.6pt, bottom: 0.6pt), it)
#show terms.item: it => block(breakable: false)[
  #text(weight: "bold")[#it.term]
  #block(inset: (left: 1.5em, top: -0.4em))[#it.description]
]
#let horizontalrule = line(start: (25%, 0%), end: (75%, 0%))
{language_rules}
#grid(
  columns: (auto, 1fr, auto),
  column-gutter: 12pt,
  align: (start + bottom, start + bottom, end + bottom),
  text(size: 10pt, {united_nations}),
  text(size: 15pt, weight: "bold", hyphenate: false, {organ}),
  text(size: 12pt, weight: "bold", {symbol}),
)
#v(-4pt)
#line(length: 100%, stroke: 0.6pt)
#align(end, stack(spacing: 4pt, ..({lines}).map(line => block({{
  set text(size: 10pt{lines_dir})
  line
}}))))
#v(14pt)
#block(width: 100%, {{
  set par(justify: false)
  text(weight: "bold", hyphenate: false, {forum})
}})
#v(14pt)
#align(center, block({{
  set par(justify: false)
  text(size: 16pt, weight: "bold", hyphenate: false, {title})
}}))
#v(10pt)
#outline(title: {contents}, depth: 2)

"""

# Arabic: each contents line is the title, a space, the dotted fill, a space and the page:
# with the fill straight after the title, text extraction split off the title's last
# letter ("مقدم ة").
_ARABIC_RULES = """\
#show outline.entry: it => link(it.element.location(), it.indented(it.prefix(), [
  #it.body() #box(width: 1fr, it.fill) #it.page()
]))
"""

# Chinese: no space added between Chinese characters and Latin letters or digits
# ("2016年7月12日", not "2016 年 7 月 12 日"); emphasis as emphasis dots under the
# characters, since Chinese has no italics (a slanted Song face is a distortion).
_CHINESE_RULES = """\
#show emph: it => underline(
  stroke: (thickness: 1.5pt, dash: "dotted"), offset: 2.5pt, text(style: "normal", it.body),
)
"""

# The draft mark is an image of the word, drawn by Typst as outlines: it shows on every
# page behind the text but is no text of the PDF, so copying, searching and screen
# readers never meet it inside a paragraph.
_DRAFT_MARK = "place(center + horizon, rotate(-45deg, image(bytes({svg}), width: 70%)))"
_DRAFT_SVG = """\
#set page(width: auto, height: auto, margin: 0pt, fill: none)
#set text(lang: "{lang}", {region}font: {fonts}, size: 80pt, weight: "bold", fill: luma(88%))
#{word}
"""


# Chinese: no space added between Chinese characters and Latin letters or digits. Arabic:
# Amiri's kerning pulls some letter pairs (ر and ي) so far together that text extraction
# reads a space inside the word ("التحضير ية"); without it the words come back whole.
_TEXT_EXTRA = {"zh": ", cjk-latin-spacing: none", "ar": ", kerning: false"}


def typst_string(text: str) -> str:
    """A Typst string literal holding the text exactly."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def _language(labels: Labels) -> tuple[str, str]:
    lang, region = _TYPST_LANG.get(labels.language, (labels.language, None))
    return lang, f'region: "{region}", ' if region else ""


def draft_source(labels: Labels, fonts: FontSet) -> str:
    """A one-page Typst document holding only the draft mark, to be made into an image."""
    lang, region = _language(labels)
    return _DRAFT_SVG.format(
        lang=lang,
        region=region,
        fonts=fonts.typst_chain(labels.language),
        word=typst_string(labels.draft.upper()),
    )


def typst_document(
    edition: Edition, labels: Labels, body: str, fonts: FontSet, draft_svg: bytes | None = None
) -> str:
    """The whole Typst source: preamble with masthead and contents, then pandoc's body."""
    lang, region = _language(labels)
    head = masthead(edition, labels)
    background = "none"
    if edition.kind == "draft" and draft_svg is not None:
        background = _DRAFT_MARK.format(svg=typst_string(draft_svg.decode()))
    lines = "(" + "".join(f"{typst_string(line)}, " for line in head.lines) + ")"
    return _PREAMBLE.format(
        title=typst_string(head.title),
        lang=lang,
        region=region,
        dir="rtl" if labels.rtl else "ltr",
        # Amiri's Arabic is small for its Latin: a point more reads like the rest.
        size="12pt" if labels.language == "ar" else "11pt",
        text_extra=_TEXT_EXTRA.get(labels.language, ""),
        fonts=fonts.typst_chain(labels.language),
        symbol=typst_string(head.symbol),
        background=background,
        language_rules={"zh": _CHINESE_RULES, "ar": _ARABIC_RULES}.get(labels.language, ""),
        united_nations=typst_string(head.united_nations or ""),
        organ=typst_string(head.organ or ""),
        lines=lines,
        # The lines are in English in an Arabic version: set left to right, so that
        # "12 July 2016" keeps its order.
        lines_dir=", dir: ltr" if labels.rtl else "",
        forum=typst_string(head.forum),
        contents=typst_string(labels.contents),
    ) + start_aligned_tables(body)


def start_aligned_tables(body: str) -> str:
    """pandoc's body with its tables set at the start of the line, not centred.

    pandoc wraps every table in `align(center)`, which its cells inherit. The pattern is
    pandoc's own markup: text from the paper reaches Typst escaped, so a `#` of it is
    written `\\#` and can never match.
    """
    return body.replace("align(center)[#table(", "align(start)[#table(")


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
        self._marks: dict[str, bytes] = {}
        self._marks_lock = threading.Lock()

    def draft_mark(self, labels: Labels) -> bytes:
        """The draft mark of the language as an SVG of outlines, made once per language."""
        with self._marks_lock:
            cached = self._marks.get(labels.language)
        if cached is not None:
            return cached
        try:
            svg = self._compiler().compile(
                input=draft_source(labels, self.fonts).encode(), format="svg"
            )
        except typst.TypstError as error:
            raise RenderFailed(f"Typst could not draw the draft mark: {error.message}") from None
        if not isinstance(svg, bytes):
            raise RenderFailed("Typst drew no draft mark")
        with self._marks_lock:
            self._marks[labels.language] = svg
        return svg

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

    def renew_compiler(self) -> None:
        """Drop the calling thread's compiler (and the files it holds); the next compile
        makes a new one."""
        self._local.compiler = None

    def check(self, source: str, language: str) -> None:
        """RenderFailed naming every character no font of the language's chain covers."""
        missing = uncovered(source, self.fonts.coverage(language))
        if missing:
            raise RenderFailed(describe_uncovered(missing))

    def picture(self, source: str, root: Path, ppi: float) -> bytes:
        """A one-page Typst document as a PNG (the practices figure of a DOCX)."""
        try:
            png = self._compiler().compile(
                input=source.encode(), format="png", root=str(root), ppi=ppi
            )
        except typst.TypstError as error:
            raise RenderFailed(f"Typst could not draw the figure: {error.message}") from None
        if not isinstance(png, bytes):
            raise RenderFailed("Typst drew no figure")
        return png

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
