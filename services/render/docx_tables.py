"""Table columns sized to their content in a DOCX.

pandoc (and python-docx) give every column the same share of a fixed-width table, so
one-word columns get as much room as sentences.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CJK = re.compile(r"[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]")
# Text width of an A4 page with 25 mm margins, in twentieths of a point.
_TEXT_TWIPS = 9071
_CELL_MARGINS = 216  # left and right cell margins of the Table style
_TWIPS_PER_CHAR = 120  # an average Latin character of 11 pt text, with a little room
# What a line may not break inside: a word, or one Chinese character (Chinese breaks
# between any two).
_UNBREAKABLE = re.compile(r"[\u3000-\u9FFF\uFF00-\uFFEF]|[^\s\u3000-\u9FFF\uFF00-\uFFEF]+")


def text_of(element: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _ems(text: str) -> int:
    """The text's width in average Latin characters: a Chinese character is two."""
    return len(text) + len(CJK.findall(text))


def size_to_content(
    table: BaseOxmlElement, text_twips: int = _TEXT_TWIPS, twips_per_char: int = _TWIPS_PER_CHAR
) -> None:
    """Give the table's columns room in proportion to their longest line, never less than
    their longest word, within `text_twips`; Word may fit them further (autofit)."""
    rows = table.findall(f"{W}tr")
    columns = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
    if not columns:
        return
    longest = [1] * columns
    widest_word = [1] * columns
    for row in rows:
        for index, cell in enumerate(row.findall(f"{W}tc")):
            for paragraph in cell.iter(f"{W}p"):
                text = text_of(paragraph)
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
