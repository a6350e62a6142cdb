"""Spreadsheets in and out: CSV (Python's csv) and XLSX (openpyxl), as rows of strings.

What comes in is bounded before anything parses it: its size, then for an XLSX the zip's
central directory (entries, declared sizes, inflation ratio, encryption, macros), which
bounds what openpyxl can inflate (zipfile never reads past an entry's declared size);
openpyxl then reads the first sheet in read-only mode, through defusedxml (which it uses
when installed), so entity tricks are refused. Rows and columns are counted as they are
read, never past their limits.

A cell that a spreadsheet program would run as a formula (one starting with = + - @) is
written to CSV behind an apostrophe, which every program shows and none runs, and read
back without it; an XLSX cell is always written as a string, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from drafts.errors import InvalidRequest, TooLarge, UnsupportedSpreadsheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "activex")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 4 * 1024 * 1024
    max_rows: int = 2000  # data rows, the header aside
    # Blank rows keep their numbers (the report names rows as the program does) and do
    # not count as practices; past this many rows in all, the file is refused anyway.
    max_rows_read: int = 20_000
    max_columns: int = 100
    max_entries: int = 500
    max_inflated: int = 64 * 1024 * 1024
    max_ratio: int = 100


Rows = list[list[str]]


def read_table(data: bytes, kind: str, limits: Limits) -> Rows:
    """The rows of a CSV or XLSX file (the header first), each a list of strings."""
    if len(data) > limits.max_bytes:
        raise TooLarge(f"the file has {len(data):,} bytes; at most {limits.max_bytes:,}")
    if data.startswith(_OLE2):
        raise UnsupportedSpreadsheet(
            "the file is a legacy Excel (.xls) or password-protected workbook: save it as "
            "an Excel Workbook (.xlsx) without a password, or as CSV"
        )
    if kind == XLSX or data.startswith(_ZIP):
        return _read_xlsx(data, limits)
    if kind not in (CSV, "application/csv", "text/plain"):
        raise UnsupportedSpreadsheet(f"send a CSV ({CSV}) or XLSX ({XLSX}) file")
    return _read_csv(data, limits)


class _Counter:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.filled = 0

    def count(self, rows: Rows) -> None:
        """Count the row just read; TooLarge past the limits."""
        if any(cell.strip() for cell in rows[-1]):
            self.filled += 1
        if self.filled > self.limits.max_rows + 1 or len(rows) > self.limits.max_rows_read:
            raise TooLarge(f"the file has more than {self.limits.max_rows} rows of practices")


def _read_csv(data: bytes, limits: Limits) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidRequest(
            f"the CSV file is not UTF-8 (byte {error.start:,}): save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise UnsupportedSpreadsheet("the file holds NUL characters: it is no CSV text")
    rows: Rows = []
    counter = _Counter(limits)
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(row) > limits.max_columns:
                raise TooLarge(f"row {len(rows) + 1} has more than {limits.max_columns} columns")
            rows.append([_unguard(cell) for cell in row])
            counter.count(rows)
    except csv.Error as error:
        raise InvalidRequest(
            f"the CSV file cannot be read at row {len(rows) + 1}: {error}"
        ) from None
    return rows


def _check_package(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UnsupportedSpreadsheet("the file is not an XLSX workbook: not a zip") from None
    if len(infos) > limits.max_entries:
        raise TooLarge(f"the workbook has {len(infos)} parts; far more than any sheet needs")
    names = {info.filename.lower() for info in infos}
    if "xl/workbook.xml" not in names:
        raise UnsupportedSpreadsheet("the zip is not an XLSX workbook: no xl/workbook.xml")
    inflated = 0
    for info in infos:
        lower = info.filename.lower()
        if any(part in lower for part in _MACRO_PARTS):
            raise UnsupportedSpreadsheet("the workbook holds macros: save it as .xlsx without them")
        if info.flag_bits & 0x1:
            raise UnsupportedSpreadsheet("the workbook is encrypted: save it without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsupportedSpreadsheet(
                f"the part {info.filename[:100]!r} uses an unknown compression"
            )
        inflated += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise TooLarge(
                f"the part {info.filename[:100]!r} inflates more than {limits.max_ratio}×"
            )
    if inflated > limits.max_inflated:
        raise TooLarge(
            f"the workbook inflates to {inflated:,} bytes; at most {limits.max_inflated:,}"
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, limits: Limits) -> Rows:
    _check_package(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnsupportedSpreadsheet(
            f"the XLSX workbook cannot be read: {str(error)[:200]}"
        ) from None
    except Exception as error:  # the XML parser's own errors, defusedxml's refusals
        raise InvalidRequest(f"the XLSX workbook cannot be read: {type(error).__name__}") from None
    rows: Rows = []
    counter = _Counter(limits)
    try:
        if not book.worksheets:
            raise InvalidRequest("the workbook has no sheet")
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True):
            if len(values) > limits.max_columns and values[limits.max_columns] is not None:
                raise TooLarge(f"row {len(rows) + 1} has more than {limits.max_columns} columns")
            row = [_text(v) for v in values[: limits.max_columns]]
            while row and row[-1] == "":
                row.pop()
            rows.append(row)
            counter.count(rows)
    except (TooLarge, InvalidRequest):
        raise
    except Exception as error:
        raise InvalidRequest(f"the XLSX workbook cannot be read: {type(error).__name__}") from None
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def write_csv(rows: Rows) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads Arabic and Chinese right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_guard(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Rows, sheet_name: str = "practices") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            # openpyxl takes a string starting with "=" for a formula; this is text.
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
