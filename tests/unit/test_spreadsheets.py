"""Reading and writing spreadsheets: what comes back is what went in, within bounds."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from drafts.errors import TooLarge
from services.spreadsheets import CSV, XLSX, Limits, read_table, write_csv, write_xlsx

ROWS = [
    ["key", "name.en", "name.ar", "name.zh"],
    ["a", '=HYPERLINK("http://example.org")', "مشروع", "项目"],
    ["b", "-5 and +3; @home", "", "line one\nline two"],
]


@pytest.mark.parametrize("kind", [CSV, XLSX])
def test_what_is_written_reads_back_unchanged(kind: str) -> None:
    data = write_csv(ROWS) if kind == CSV else write_xlsx(ROWS)
    assert read_table(data, kind, Limits()) == ROWS


def test_no_cell_is_written_as_a_formula() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(ROWS))).active
    assert sheet is not None
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == ROWS[1][1]
    written = list(csv.reader(io.StringIO(write_csv(ROWS).decode("utf-8-sig"), newline="")))
    assert written[1][1] == "'" + ROWS[1][1] and written[2][1] == "'" + ROWS[2][1]


def test_blank_rows_keep_their_numbers_and_do_not_count() -> None:
    rows = [["key"], *([[""]] * 5), ["a"], ["b"]]
    found = read_table(write_csv(rows), CSV, Limits(max_rows=2))
    assert found[6] == ["a"] and found[7] == ["b"]
    with pytest.raises(TooLarge):
        read_table(write_csv([*rows, ["c"]]), CSV, Limits(max_rows=2))
    with pytest.raises(TooLarge):
        read_table(write_csv([["key"], *([[""]] * 50)]), CSV, Limits(max_rows_read=20))
