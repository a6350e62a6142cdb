"""Right-to-left and Chinese text in a DOCX, mended where pandoc gets it wrong.

pandoc marks the Latin words inside Arabic text right to left, so Word lays them out and
breaks them as Arabic; it leaves an Arabic table's first column on the left; and Chinese
emphasis comes out as a slanted Song face. Each function works on the blocks it is given,
so a section's blocks can be mended on their own, once.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from services.render.docx_tables import CJK, W, text_of

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_LETTER = re.compile(r"[^\W\d_]")
# A stretch of Latin-script words inside right-to-left text: a Latin letter, then letters,
# digits, the marks that join an address or a name, and spaces between such words.
_LATIN_WORDS = re.compile(
    r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9\-_./:%?=&#~+@'’]*"
    r"(?:\s+[A-Za-z\u00C0-\u024F0-9][A-Za-z\u00C0-\u024F0-9\-_./:%?=&#~+@'’]*)*"
)


def right_to_left_paragraphs(roots: Iterable[BaseOxmlElement]) -> None:
    """Each paragraph's direction from its letters, and its runs split by script."""
    for paragraph in (p for root in roots for p in root.iter(f"{W}p")):
        text = text_of(paragraph)
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


def right_to_left_tables(blocks: Iterable[BaseOxmlElement]) -> None:
    for table in (t for block in blocks for t in block.iter(f"{W}tbl")):
        properties = table.find(f"{W}tblPr")
        if properties is not None and properties.find(f"{W}bidiVisual") is None:
            # Without it an Arabic table's first column would stand on the left.
            visual = OxmlElement("w:bidiVisual")
            style = properties.find(f"{W}tblStyle")
            if style is not None:
                style.addnext(visual)
            else:
                properties.insert(0, visual)


def right_to_left_page(section_properties: BaseOxmlElement) -> None:
    # The page itself is right to left: the footnote separator and the gutter go to
    # the right, as in the PDF.
    if section_properties.find(f"{W}bidi") is not None:
        return
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


def chinese_emphasis(roots: Iterable[BaseOxmlElement]) -> None:
    # Chinese has no italics: Word would slant the Song face. Emphasis in Chinese is
    # the emphasis dot under each character (w:em), as the PDF draws it.
    for root in roots:
        for run in root.iter(f"{W}r"):
            properties = run.find(f"{W}rPr")
            if properties is None or properties.find(f"{W}i") is None:
                continue
            if not CJK.search(text_of(run)):
                continue
            for tag in ("i", "iCs"):
                for element in properties.findall(f"{W}{tag}"):
                    properties.remove(element)
            mark = OxmlElement("w:em")
            mark.set(qn("w:val"), "dot")
            properties.append(mark)
