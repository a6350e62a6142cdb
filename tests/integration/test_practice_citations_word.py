"""Citations of practices through Word: a section written in Word keeps them (even split
over runs, as Word splits its text), and a review copy prints them as the files do."""

from __future__ import annotations

import io

import docx
import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.practices_store import BIBLIOGRAPHY, add_practice
from tests.integration.test_word_import import text_of, upload
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    r = await w.call(
        "sec", "PUT", f"/papers/{w.paper}/bibliography", json={"csl_json": BIBLIOGRAPHY}
    )
    assert r.status_code == 200, r.text
    await add_practice(accord, w.paper, "medellin-pui")
    return w


def word_file() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("The integrated projects ")
    # Word keeps text in runs, split where formatting or its editing history changed.
    paragraph.add_run("{practice:medel")
    paragraph.add_run("lin-pui}").italic = False
    paragraph.add_run(" reduced violence.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def test_a_section_written_in_word_keeps_its_citations(world: World) -> None:
    r = await upload(world, "author", word_file())
    assert r.status_code == 201, r.text
    assert "{practice:medellin-pui}" in await text_of(world)
    status = (await world.call("reviewer", "GET", f"/papers/{world.paper}/status")).json()
    assert [(c["section"], c["practice"], c["known"]) for c in status["practice_citations"]] == [
        ("intro", "medellin-pui", True)
    ]

    copy = await world.call("reviewer", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    assert copy.status_code == 200, copy.text
    texts = [p.text for p in docx.Document(io.BytesIO(copy.content)).paragraphs]
    assert any(
        "The integrated projects [Practice 1: not yet verified by the secretariat] reduced" in t
        for t in texts
    ), texts
    assert "Annex" in texts
    # Sent back as it came, the copy brings nothing and breaks nothing.
    back = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/review-copies/en.docx",
        content=copy.content,
        headers={"Content-Type": upload.__globals__["DOCX"]},
    )
    assert back.status_code in (200, 201), back.text
