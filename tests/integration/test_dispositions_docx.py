"""The disposition record as Word: A4 landscape, a real author, the house styles, sections
by number and title, columns sized to what they hold."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest
from docx import Document
from docx.shared import Mm

from services.bootstrap import Accord
from tests.integration.test_review_api import comment
from tests.integration.world import World, build_world

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    text = "Urban violence is not inevitable.\n\nPrevention targets the places where it gathers.\n"
    assert (await w.save("author", text)).status_code == 201
    return w


async def test_the_disposition_docx_is_a4_by_a_real_author_in_the_house_style(
    world: World,
) -> None:
    await comment(world, "reviewer", "not inevitable", replacement="preventable")
    await comment(world, "reviewer2", "the places where it gathers")
    r = await world.call("sec", "GET", f"/papers/{world.paper}/dispositions.docx")
    assert r.status_code == 200
    document = Document(io.BytesIO(r.content))
    section = document.sections[0]
    # A4 landscape (Word stores whole twips: within one of them).
    assert abs(section.page_width - Mm(297)) < 640 and abs(section.page_height - Mm(210)) < 640
    assert document.core_properties.author == "sec"  # who asked for it, not the library
    heading = document.paragraphs[0]
    assert heading.style.name == "Heading 1"
    assert heading.text == "Disposition of comments: Urban safety"
    # The house heading: black bold, in the faces of the paper's own files.
    styles = zipfile.ZipFile(io.BytesIO(r.content)).read("word/styles.xml").decode()
    assert 'w:ascii="Times New Roman"' in styles
    assert heading.style.font.bold and heading.style.font.color.rgb == (0, 0, 0)
    table = document.tables[0]
    assert table.style.name == "Table"
    assert [row.cells[0].text for row in table.rows[1:]] == ["1. Introduction"] * 2
    widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.iter(f"{W}gridCol")]
    columns = [cell.text for cell in table.rows[0].cells]
    # "No." holds a number; "Quote" holds sentences: they do not get the same room.
    assert widths[columns.index("No.")] * 2 < widths[columns.index("Quote")]
    assert sum(widths) <= 14570  # within the landscape text width
