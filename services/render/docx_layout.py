"""The house layout of a DOCX, applied to what pandoc wrote.

pandoc's DOCX is right in its content and wrong in places of its form: its right-to-left
paragraphs lose their style and its Latin words inside Arabic are marked right to left;
its tables have equal, fixed columns; its figure captions stand below the figure (the
PDF's above); Chinese emphasis is a slanted Song face. Each function here mends one of
those, on the document's XML, and says why.

Everything done to a block of the body or to a note touches that block only: a section's
blocks are laid out once, when the section is converted (`docx_pieces.py`), and what is
document-wide (styles, the page, the cover, headers and footers) when the file is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]

from services.render.docx_scripts import (
    chinese_emphasis,
    right_to_left_page,
    right_to_left_paragraphs,
    right_to_left_tables,
)
from services.render.docx_tables import W, size_to_content
from services.render.labels import Labels
from services.render.reference import order_paragraph_properties, order_run_properties


def lay_out(document: DocxDocument, labels: Labels) -> None:
    """Apply the house layout to the whole document (body, notes, headers, footers)."""
    notes = Footnotes(document)
    try:
        lay_out_blocks(list(document.element.body), labels)
        margins = list(_margins(document))
        if notes.element is not None:
            margins.append(notes.element)
        lay_out_notes(margins, labels)
        lay_out_document(document, labels)
    finally:
        notes.save()


class Footnotes:
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


def lay_out_blocks(blocks: Sequence[BaseOxmlElement], labels: Labels) -> None:
    """The layout of blocks of the body (paragraphs, tables), each on its own."""
    _body_styles(blocks)
    _captions_above_figures(blocks)
    for table in (t for block in blocks for t in block.iter(f"{W}tbl")):
        size_to_content(table)
    if labels.rtl:
        right_to_left_paragraphs(blocks)
        right_to_left_tables(blocks)
    _text_layout(blocks, labels)


def lay_out_notes(roots: Sequence[BaseOxmlElement], labels: Labels) -> None:
    """The layout of text outside the body: notes, headers and footers."""
    if labels.rtl:
        right_to_left_paragraphs(roots)
    _text_layout(roots, labels)


def lay_out_document(document: DocxDocument, labels: Labels) -> None:
    """What belongs to the whole document: its languages and the page's direction."""
    _language(document, labels)
    if labels.rtl:
        for section in document.sections:
            right_to_left_page(section._sectPr)


def _text_layout(roots: Sequence[BaseOxmlElement], labels: Labels) -> None:
    if labels.language == "zh":
        chinese_emphasis(roots)
    for root in roots:
        for properties in root.iter(f"{W}pPr"):
            order_paragraph_properties(properties)
        for properties in root.iter(f"{W}rPr"):
            order_run_properties(properties)


def _margins(document: DocxDocument) -> Iterator[BaseOxmlElement]:
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.footer,
            section.first_page_footer,
        ):
            yield part._element


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


def _body_styles(blocks: Sequence[BaseOxmlElement]) -> None:
    # pandoc drops the paragraph style of every right-to-left paragraph of text (it
    # writes the direction where the style would be): such a paragraph falls back to
    # Normal, neither justified nor spaced. Give text and cells their styles back.
    for paragraph in (p for block in blocks for p in block.iter(f"{W}p")):
        if _style(paragraph) is not None or paragraph.find(f".//{W}drawing") is not None:
            continue
        in_cell = paragraph.getparent() is not None and paragraph.getparent().tag == f"{W}tc"
        _set_style(paragraph, "Compact" if in_cell else "BodyText")


def _captions_above_figures(blocks: Sequence[BaseOxmlElement]) -> None:
    # UN documents, and the PDF, put a figure's label and title above it.
    for caption in [p for block in blocks for p in block.iter(f"{W}p")]:
        if _style(caption) != "ImageCaption":
            continue
        figure = caption.getprevious()
        if figure is not None and _style(figure) == "CaptionedFigure":
            figure.addprevious(caption)
            keep = OxmlElement("w:keepNext")
            caption.find(f"{W}pPr").append(keep)


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
