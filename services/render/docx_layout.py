"""The house layout of a DOCX, applied to what pandoc wrote.

pandoc's DOCX is right in its content and wrong in places of its form: its right-to-left
paragraphs lose their style and its Latin words inside Arabic are marked right to left;
its tables have equal, fixed columns; its figure captions stand below the figure (the
PDF's above); Chinese emphasis is a slanted Song face. Each function here mends one of
those, on the document's XML, and says why.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]

from services.render.labels import Labels
from services.render.reference import order_paragraph_properties, order_run_properties

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]")
# A stretch of Latin-script words inside right-to-left text: a Latin letter, then letters,
# digits, the marks that join an address or a name, and spaces between such words.
_LATIN_WORDS = re.compile(
    r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9\-_./:%?=&#~+@'’]*"
    r"(?:\s+[A-Za-z\u00C0-\u024F0-9][A-Za-z\u00C0-\u024F0-9\-_./:%?=&#~+@'’]*)*"
)
# Text width of an A4 page with 25 mm margins, in twentieths of a point.
_TEXT_TWIPS = 9071
_CELL_MARGINS = 216  # left and right cell margins of the Table style
_TWIPS_PER_CHAR = 120  # an average Latin character of 11 pt text, with a little room


def lay_out(document: DocxDocument, labels: Labels) -> None:
    """Apply the house layout to the whole document (body, notes, headers, footers)."""
    notes = _Footnotes(document)
    try:
        _lay_out(document, labels, notes)
    finally:
        notes.save()


class _Footnotes:
    """The footnotes part, which python-docx keeps as bytes only: parsed, then written back."""

    def __init__(self, document: DocxDocument) -> None:
        self.part = None
        self.element: BaseOxmlElement | None = None
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/footnotes") and not rel.is_external:
                self.part = rel.target_part
                self.element = parse_xml(self.part.blob)

    def save(self) -> None:
        if self.part is not None and self.element is not None:
            self.part._blob = etree.tostring(
                self.element, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def _lay_out(document: DocxDocument, labels: Labels, notes: _Footnotes) -> None:
    body = document.element.body
    roots = list(_parts(document, notes))
    _body_styles(body)
    _captions_above_figures(body)
    for table in body.iter(f"{W}tbl"):
        size_to_content(table)
    _language(document, labels)
    if labels.rtl:
        _right_to_left(document, roots)
    if labels.language == "zh":
        _chinese_emphasis(roots)
    for root in roots:
        for properties in root.iter(f"{W}pPr"):
            order_paragraph_properties(properties)
        for properties in root.iter(f"{W}rPr"):
            order_run_properties(properties)


def _parts(document: DocxDocument, notes: _Footnotes) -> Iterator[BaseOxmlElement]:
    yield document.element.body
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.footer,
            section.first_page_footer,
        ):
            yield part._element
    if notes.element is not None:
        yield notes.element


def _text(element: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _style(paragraph: BaseOxmlElement) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(qn("w:val"))


def _set_style(paragraph: BaseOxmlElement, style_id: str) -> None:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    properties.insert(0, style)


def _body_styles(body: BaseOxmlElement) -> None:
    # pandoc drops the paragraph style of every right-to-left paragraph of text (it
    # writes the direction where the style would be): such a paragraph falls back to
    # Normal, neither justified nor spaced. Give text and cells their styles back.
    for paragraph in body.iter(f"{W}p"):
        if _style(paragraph) is not None or paragraph.find(f".//{W}drawing") is not None:
            continue
        in_cell = paragraph.getparent() is not None and paragraph.getparent().tag == f"{W}tc"
        _set_style(paragraph, "Compact" if in_cell else "BodyText")


def _captions_above_figures(body: BaseOxmlElement) -> None:
    # UN documents, and the PDF, put a figure's label and title above it.
    for caption in list(body.iter(f"{W}p")):
        if _style(caption) != "ImageCaption":
            continue
        figure = caption.getprevious()
        if figure is not None and _style(figure) == "CaptionedFigure":
            figure.addprevious(caption)
            keep = OxmlElement("w:keepNext")
            caption.find(f"{W}pPr").append(keep)


def size_to_content(
    table: BaseOxmlElement, text_twips: int = _TEXT_TWIPS, twips_per_char: int = _TWIPS_PER_CHAR
) -> None:
    """Give the table's columns room in proportion to their longest line, never less than
    their longest word, within `text_twips`; Word may fit them further (autofit).

    pandoc (and python-docx) give every column the same share of a fixed-width table, so
    one-word columns get as much room as sentences.
    """
    rows = table.findall(f"{W}tr")
    columns = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
    if not columns:
        return
    longest = [1] * columns
    widest_word = [1] * columns
    for row in rows:
        for index, cell in enumerate(row.findall(f"{W}tc")):
            for paragraph in cell.iter(f"{W}p"):
                text = _text(paragraph)
                longest[index] = max(longest[index], _ems(text))
                words = _UNBREAKABLE.findall(text) or [""]
                widest_word[index] = max(widest_word[index], *(_ems(w) for w in words))
    floor = [w * twips_per_char + _CELL_MARGINS for w in widest_word]
    wanted = [n * twips_per_char + _CELL_MARGINS for n in longest]
    if sum(wanted) > text_twips:
        room = max(text_twips - sum(floor), 0)
        extra = [w - f for w, f in zip(wanted, floor, strict=True)]
        total = sum(extra) or 1
        wanted = [f + room * e // total for f, e in zip(floor, extra, strict=True)]
    properties = table.find(f"{W}tblPr")
    if properties is None:
        return
    width = properties.find(f"{W}tblW")
    if width is not None:
        width.set(qn("w:type"), "auto")
        width.set(qn("w:w"), "0")
    layout = properties.find(f"{W}tblLayout")
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        after = [properties.find(f"{W}{t}") for t in ("tblCellMar", "tblLook", "tblCaption")]
        following = next((e for e in after if e is not None), None)
        if following is not None:
            following.addprevious(layout)
        else:
            properties.append(layout)
    layout.set(qn("w:type"), "autofit")
    grid = table.find(f"{W}tblGrid")
    if grid is not None:
        for column, twips in zip(grid.findall(f"{W}gridCol"), wanted, strict=False):
            column.set(qn("w:w"), str(twips))
    for row in rows:
        for cell, twips in zip(row.findall(f"{W}tc"), wanted, strict=False):
            cell_properties = cell.find(f"{W}tcPr")
            if cell_properties is None:
                cell_properties = OxmlElement("w:tcPr")
                cell.insert(0, cell_properties)
            old = cell_properties.find(f"{W}tcW")
            if old is not None:
                cell_properties.remove(old)
            cell_width = OxmlElement("w:tcW")
            cell_width.set(qn("w:w"), str(twips))
            cell_width.set(qn("w:type"), "dxa")
            cell_properties.insert(0, cell_width)


# What a line may not break inside: a word, or one Chinese character (Chinese breaks
# between any two).
_UNBREAKABLE = re.compile(r"[\u3000-\u9FFF\uFF00-\uFFEF]|[^\s\u3000-\u9FFF\uFF00-\uFFEF]+")


def _ems(text: str) -> int:
    """The text's width in average Latin characters: a Chinese character is two."""
    return len(text) + len(_CJK.findall(text))


def _language(document: DocxDocument, labels: Labels) -> None:
    # The tags Word knows for its proofing tools and fonts: "zh-CN", not "zh-Hans".
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is None:
        return
    lang = defaults.find(f"{W}lang")
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    latin = labels.word_lang if labels.language not in ("ar", "zh") else "en-GB"
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    if labels.language == "zh":
        # Word adds a gap between Chinese and Latin letters or digits on its own
        # ("2016 年 7 月"); UN Chinese sets none, as the PDF.
        normal = document.styles["Normal"].element.get_or_add_pPr()
        defaults = document.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        for properties in (defaults, normal):
            if properties is None:
                continue
            for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                off = OxmlElement(tag)
                off.set(qn("w:val"), "0")
                properties.append(off)
            order_paragraph_properties(properties)


def _right_to_left(document: DocxDocument, roots: list[BaseOxmlElement]) -> None:
    for paragraph in (p for root in roots for p in root.iter(f"{W}p")):
        text = _text(paragraph)
        # Letters, and none of them Arabic: Latin, Cyrillic or Chinese text (a reference,
        # the masthead's English lines, a draft's original standing in for a translation).
        latin_only = bool(_LETTER.search(text)) and not _ARABIC.search(text)
        properties = paragraph.find(f"{W}pPr")
        if latin_only:
            # A paragraph all in Latin script (a reference, a masthead line in English)
            # is set left to right, its full stop at its end.
            if properties is not None:
                for bidi in properties.findall(f"{W}bidi"):
                    properties.remove(bidi)
        else:
            if properties is None:
                properties = OxmlElement("w:pPr")
                paragraph.insert(0, properties)
            if properties.find(f"{W}bidi") is None:
                properties.append(OxmlElement("w:bidi"))
        for run in list(paragraph.iter(f"{W}r")):
            _split_scripts(run)
    for table in document.element.body.iter(f"{W}tbl"):
        properties = table.find(f"{W}tblPr")
        if properties is not None and properties.find(f"{W}bidiVisual") is None:
            # Without it an Arabic table's first column would stand on the left.
            visual = OxmlElement("w:bidiVisual")
            style = properties.find(f"{W}tblStyle")
            if style is not None:
                style.addnext(visual)
            else:
                properties.insert(0, visual)
    for section in document.sections:
        # The page itself is right to left: the footnote separator and the gutter go to
        # the right, as in the PDF.
        section_properties = section._sectPr
        if section_properties.find(f"{W}bidi") is None:
            bidi = OxmlElement("w:bidi")
            anchor = None
            for tag in ("rtlGutter", "docGrid", "printerSettings", "sectPrChange"):
                anchor = section_properties.find(f"{W}{tag}")
                if anchor is not None:
                    break
            if anchor is not None:
                anchor.addprevious(bidi)
            else:
                section_properties.append(bidi)


def _split_scripts(run: BaseOxmlElement) -> None:
    """An Arabic run holding Latin words becomes runs of one script each: the Latin ones
    without w:rtl, so that Word lays them out and breaks them as Latin words."""
    texts = run.findall(f"{W}t")
    if len(texts) != 1:
        return
    text = texts[0].text or ""
    if not _LATIN.search(text):
        return
    properties = run.find(f"{W}rPr")
    if not _ARABIC.search(text):
        if properties is not None:
            for rtl in properties.findall(f"{W}rtl"):
                properties.remove(rtl)
        return
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _LATIN_WORDS.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], True))
        pieces.append((match.group(0), False))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], True))
    for piece, right_to_left in pieces:
        twin = copy.deepcopy(run)
        twin_text = twin.find(f"{W}t")
        twin_text.text = piece
        twin_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        twin_properties = twin.find(f"{W}rPr")
        if twin_properties is None:
            twin_properties = OxmlElement("w:rPr")
            twin.insert(0, twin_properties)
        for rtl in twin_properties.findall(f"{W}rtl"):
            twin_properties.remove(rtl)
        if right_to_left:
            twin_properties.append(OxmlElement("w:rtl"))
        run.addprevious(twin)
    run.getparent().remove(run)


def _chinese_emphasis(roots: list[BaseOxmlElement]) -> None:
    # Chinese has no italics: Word would slant the Song face. Emphasis in Chinese is
    # the emphasis dot under each character (w:em), as the PDF draws it.
    for root in roots:
        for run in root.iter(f"{W}r"):
            properties = run.find(f"{W}rPr")
            if properties is None or properties.find(f"{W}i") is None:
                continue
            if not _CJK.search(_text(run)):
                continue
            for tag in ("i", "iCs"):
                for element in properties.findall(f"{W}{tag}"):
                    properties.remove(element)
            mark = OxmlElement("w:em")
            mark.set(qn("w:val"), "dot")
            properties.append(mark)
