"""The disposition record as CSV and as a DOCX table, the form working groups keep."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

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
        row.section,
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


def as_docx(title: str, rows: list[DispositionRow], made: datetime) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.core_properties.created = made
    document.core_properties.modified = made
    document.core_properties.title = f"Disposition of comments: {title}"
    document.add_heading(f"Disposition of comments — {title}", level=1)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
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
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
