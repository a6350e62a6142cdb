"""The reference DOCX: the project's styles, which pandoc copies into every DOCX it writes.

Made by code from pandoc's own default (so every style pandoc uses exists), once per
process: nothing binary is kept in the repository.
"""

from __future__ import annotations

import io
import subprocess

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle

from services.render.fonts import FontSet
from services.render.pandoc import pandoc_binary

# (style name, size in points, bold, italic)
_TEXT_STYLES = (
    ("Title", 16, True, False),
    ("Subtitle", 13, False, False),
    ("Heading 1", 14, True, False),
    ("Heading 2", 12, True, False),
    ("Heading 3", 11, True, True),
    ("Heading 4", 11, False, True),
    ("Footnote Text", 9, False, False),
    ("Caption", 10, False, True),
    ("Table Caption", 10, False, True),
    ("Image Caption", 10, False, True),
    ("TOC Heading", 13, True, False),
    ("Bibliography", 10, False, False),
)


def pandoc_default_reference() -> bytes:
    """pandoc's built-in reference.docx, as the pandoc in use ships it."""
    done = subprocess.run(
        [pandoc_binary(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def build_reference_docx(fonts: FontSet) -> bytes:
    """The project's reference DOCX: Noto fonts per script, black numbered-paper headings,
    A4 pages, small footnotes, ruled tables and italic captions."""
    document = Document(io.BytesIO(pandoc_default_reference()))
    _default_fonts(document.styles.element, fonts)
    for name, size, bold, italic in _TEXT_STYLES:
        if name in document.styles:
            _text_style(document.styles[name], size, bold, italic)
    body = document.styles["Body Text"]
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _ruled_table(document.styles["Table"])
    section = document.sections[-1]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    # Word requires all seven margins of <w:pgMar>, not only the four set above.
    section.header_distance = section.footer_distance = Mm(12.5)
    section.gutter = Mm(0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _default_fonts(styles: BaseOxmlElement, fonts: FontSet) -> None:
    # One set of fonts for every language: Word takes ascii/hAnsi for Latin and
    # Cyrillic, eastAsia for Chinese and cs ("complex script") for Arabic.
    run = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if run is None:
        raise RuntimeError("pandoc's reference.docx has no default run properties")
    old = run.find(qn("w:rFonts"))
    if old is not None:
        run.remove(old)
    faces = OxmlElement("w:rFonts")
    for attribute, family in (
        ("w:ascii", fonts.serif.family),
        ("w:hAnsi", fonts.serif.family),
        ("w:eastAsia", fonts.cjk.family),
        ("w:cs", fonts.arabic.family),
    ):
        faces.set(qn(attribute), family)
    run.insert(0, faces)
    for tag in ("w:sz", "w:szCs"):
        size = run.find(qn(tag))
        if size is not None:
            size.set(qn("w:val"), "22")  # half-points: 11 pt


def _text_style(style: BaseStyle, size: int, bold: bool, italic: bool) -> None:
    if not isinstance(style, ParagraphStyle):
        return
    properties = style.element.get_or_add_rPr()
    # pandoc's headings name theme fonts (Calibri Light) and a blue: drop both so they
    # inherit the document fonts, and print in black.
    fonts = properties.find(qn("w:rFonts"))
    if fonts is not None:
        properties.remove(fonts)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    size_cs = properties.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        properties.append(size_cs)
    size_cs.set(qn("w:val"), str(size * 2))


def _ruled_table(style: BaseStyle) -> None:
    # A rule above and below the table and under its header row, as UN tables are set.
    table = style.element.find(qn("w:tblPr"))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    # The schema orders tblPr's children: borders come before the cell margins.
    margins = table.find(qn("w:tblCellMar"))
    if margins is not None:
        margins.addprevious(borders)
    else:
        table.append(borders)
