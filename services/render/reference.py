"""The reference DOCX: the project's styles, which pandoc copies into every DOCX it writes.

Made by code from pandoc's own default (so every style pandoc uses exists), once per
process: nothing binary is kept in the repository.
"""

from __future__ import annotations

import io
import subprocess

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, ParagraphStyle

from services.render.fonts import WORD_FACES
from services.render.pandoc import pandoc_binary

# (style name, size in points, bold, italic). Headings as the Editorial Manual sets them:
# bold, never italic for the two levels a paper's outline has. Captions are upright: the
# label on its line, the title in bold (the filter writes both).
_TEXT_STYLES = (
    ("Title", 16, True, False),
    ("Subtitle", 13, False, False),
    ("Heading 1", 14, True, False),
    ("Heading 2", 12, True, False),
    ("Heading 3", 11, True, False),
    ("Heading 4", 11, False, True),
    ("Footnote Text", 9, False, False),
    ("Caption", 10, False, False),
    ("Table Caption", 10, False, False),
    ("Image Caption", 10, False, False),
    ("TOC Heading", 13, True, False),
    ("Bibliography", 10, False, False),
)
# Text that is not running text: ragged (at the start of the line, or centred), and never
# hyphenated. "left" is the start of the line in a right-to-left paragraph too: Word
# mirrors it there.
_RAGGED = {
    "Title": WD_ALIGN_PARAGRAPH.CENTER,
    "Subtitle": WD_ALIGN_PARAGRAPH.CENTER,
    "Heading 1": WD_ALIGN_PARAGRAPH.LEFT,
    "Heading 2": WD_ALIGN_PARAGRAPH.LEFT,
    "Heading 3": WD_ALIGN_PARAGRAPH.LEFT,
    "Heading 4": WD_ALIGN_PARAGRAPH.LEFT,
    "Table Caption": WD_ALIGN_PARAGRAPH.LEFT,
    "Image Caption": WD_ALIGN_PARAGRAPH.CENTER,
    "Captioned Figure": WD_ALIGN_PARAGRAPH.CENTER,
    "Compact": WD_ALIGN_PARAGRAPH.LEFT,
    "Bibliography": WD_ALIGN_PARAGRAPH.LEFT,
    "TOC Heading": WD_ALIGN_PARAGRAPH.LEFT,
}
# The contents' entries, filled in by the renderer: Word's own styles for them.
_TOC_STYLES = (("toc 1", "TOC1", 0), ("toc 2", "TOC2", 220))


def pandoc_default_reference() -> bytes:
    """pandoc's built-in reference.docx, as the pandoc in use ships it."""
    done = subprocess.run(
        [pandoc_binary(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def build_reference_docx() -> bytes:
    """The project's reference DOCX: Word's faces per script, black bold headings, A4
    pages, small footnotes, ruled tables, ragged unhyphenated titles, captions and cells."""
    document = Document(io.BytesIO(pandoc_default_reference()))
    _default_fonts(document.styles.element)
    for name, size, bold, italic in _TEXT_STYLES:
        if name in document.styles:
            _text_style(document.styles[name], size, bold, italic)
    body = document.styles["Body Text"]
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, alignment in _RAGGED.items():
        if name in document.styles:
            _ragged(document.styles[name], alignment)
    for name, style_id, indent in _TOC_STYLES:
        _toc_style(document, name, style_id, indent)
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


def _default_fonts(styles: BaseOxmlElement) -> None:
    # One set of fonts for every language: Word takes ascii/hAnsi for Latin and
    # Cyrillic, eastAsia for Chinese and cs ("complex script") for Arabic. They are the
    # faces Word's readers have (see fonts.WORD_FACES), not those embedded in the PDF.
    run = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if run is None:
        raise RuntimeError("pandoc's reference.docx has no default run properties")
    old = run.find(qn("w:rFonts"))
    if old is not None:
        run.remove(old)
    faces = OxmlElement("w:rFonts")
    for slot, family in WORD_FACES.items():
        faces.set(qn(f"w:{slot}"), family)
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
    # Word reads Arabic's weight, slant and size from the complex-script properties,
    # not from w:b, w:i and w:sz: without these an Arabic heading is small and light.
    complex_script(properties, bold=bold, italic=italic, half_points=size * 2)


def complex_script(
    properties: BaseOxmlElement, *, bold: bool, italic: bool = False, half_points: int | None
) -> None:
    """Set w:bCs, w:iCs and w:szCs on run properties, in the order the schema wants."""
    for tag, on in (("w:bCs", bold), ("w:iCs", italic)):
        old = properties.find(qn(tag))
        if old is not None:
            properties.remove(old)
        element = OxmlElement(tag)
        element.set(qn("w:val"), "1" if on else "0")
        _insert_in_order(properties, element)
    if half_points is not None:
        old = properties.find(qn("w:szCs"))
        if old is not None:
            properties.remove(old)
        size = OxmlElement("w:szCs")
        size.set(qn("w:val"), str(half_points))
        _insert_in_order(properties, size)


# The order of w:rPr's children in the schema (CT_RPr), as far as this module writes them.
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
)  # fmt: skip


def order_run_properties(properties: BaseOxmlElement) -> None:
    """Put w:rPr's children in the schema's order (Word refuses a file otherwise)."""
    children = [c for c in properties if c.tag.split("}")[1] in _RPR_ORDER]
    children.sort(key=lambda c: _RPR_ORDER.index(c.tag.split("}")[1]))
    for child in children:
        properties.remove(child)
    for child in children:
        properties.append(child)


def _insert_in_order(properties: BaseOxmlElement, element: BaseOxmlElement) -> None:
    name = element.tag.split("}")[1]
    rank = _RPR_ORDER.index(name)
    for child in properties:
        child_name = child.tag.split("}")[1]
        if child_name in _RPR_ORDER and _RPR_ORDER.index(child_name) > rank:
            child.addprevious(element)
            return
    properties.append(element)


def _ragged(style: BaseStyle, alignment: WD_ALIGN_PARAGRAPH) -> None:
    if not isinstance(style, ParagraphStyle):
        return
    style.paragraph_format.alignment = alignment
    properties = style.element.get_or_add_pPr()
    if properties.find(qn("w:suppressAutoHyphens")) is None:
        properties.append(OxmlElement("w:suppressAutoHyphens"))
    order_paragraph_properties(properties)


# The order of w:pPr's children in the schema (CT_PPr).
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip


def order_paragraph_properties(properties: BaseOxmlElement) -> None:
    children = list(properties)
    known = [c for c in children if c.tag.split("}")[1] in _PPR_ORDER]
    known.sort(key=lambda c: _PPR_ORDER.index(c.tag.split("}")[1]))
    for child in known:
        properties.remove(child)
    for child in known:
        properties.append(child)


def _toc_style(document: DocxDocument, name: str, style_id: str, indent: int) -> None:
    # Word's built-in "toc 1"/"toc 2", so that Word's own refresh of the contents keeps
    # the look of the entries the renderer wrote.
    if name in document.styles:
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = document.styles["Normal"]
    style.paragraph_format.space_after = Pt(2)
    style.paragraph_format.left_indent = Twips(indent)


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
