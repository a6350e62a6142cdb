"""The disposition record as CSV and as a DOCX table, the form working groups keep."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from services.render.docx_tables import size_to_content
from services.render.reference import build_reference_docx
from workflows.dispositions import DispositionRow

COLUMNS = (
    "Section",
    "Language",
    "No.",
    "Quote",
    "Comment",
    "Author",
    "Proposed text",
    "Disposition",
    "By",
    "Note",
    "Replies",
)
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _cells(row: DispositionRow) -> list[str]:
    return [
        row.section_heading,
        row.language,
        str(row.comment),
        row.quote,
        row.text,
        row.author,
        row.suggestion,
        row.disposition,
        row.resolved_by,
        row.note,
        "\n".join(row.replies),
    ]


def _safe(cell: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs; a leading
    # apostrophe keeps comment text from ever executing on a secretariat's machine.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def as_csv(rows: list[DispositionRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe(c) for c in _cells(row)])
    return out.getvalue().encode("utf-8-sig")


def _stable_zip(data: bytes) -> bytes:
    """The same DOCX with fixed zip entry times, so equal records give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, _FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


@cache
def _house_template() -> bytes:
    """The house reference document (its styles: headings, table, fonts), made once."""
    return build_reference_docx()


# A4 landscape with 20 mm margins: 257 mm of text, in twentieths of a point.
_LANDSCAPE_TEXT_TWIPS = 14570


def as_docx(title: str, rows: list[DispositionRow], made: datetime, author: str) -> bytes:
    """The record as a table on A4 landscape pages, in the house styles of the paper's
    own files, with columns sized to what they hold; `author` is who asked for it."""
    document = Document(io.BytesIO(_house_template()))
    body = document.element.body
    for element in list(body):
        if not element.tag.endswith("}sectPr"):
            body.remove(element)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    properties = document.core_properties
    properties.created = made
    properties.modified = made
    properties.title = f"Disposition of comments: {title}"
    properties.author = author
    properties.last_modified_by = author
    properties.revision = 1
    document.add_paragraph(f"Disposition of comments: {title}", style="Heading 1")
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table"]
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(8)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, _cells(row), strict=True):
            cell.text = value
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    for paragraph in (p for cell in table._cells for p in cell.paragraphs):
        paragraph.style = document.styles["Compact"]
    # 8 pt text: about 90 twips a character.
    size_to_content(table._tbl, _LANDSCAPE_TEXT_TWIPS, twips_per_char=90)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
