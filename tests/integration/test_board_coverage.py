"""The board's evidence page over HTTP: citations by text, thin evidence, names in the
language asked (right to left in Arabic), and nothing for someone outside the paper."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from services.api.app import create_app
from services.bootstrap import Accord
from tests.integration.practices_store import BIBLIOGRAPHY, add_practice
from tests.integration.test_board_pages import Pages, text_of
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    r = await w.call(
        "sec", "PUT", f"/papers/{w.paper}/bibliography", json={"csl_json": BIBLIOGRAPHY}
    )
    assert r.status_code == 200, r.text
    await add_practice(accord, w.paper, "medellin-pui", verified=True)
    body = "Upgrading works {practice:medellin-pui}; see also {practice:ghost}.\n"
    assert (await w.save("author", body)).status_code == 201
    return w


@pytest.fixture
async def pages(accord: Accord, world: World) -> AsyncIterator[Pages]:
    transport = httpx.ASGITransport(app=create_app(accord))
    async with httpx.AsyncClient(transport=transport, base_url="http://accord.test") as client:
        yield Pages(client, world)


async def test_the_evidence_page_lists_citations_and_thin_evidence(pages: Pages) -> None:
    answer = await pages.get("reviewer", "/papers/habitat/coverage")
    assert answer.status_code == 200, answer.text[:300]
    text = text_of(answer.text)
    assert "Which texts cite which practices" in text
    assert "medellin-pui" in text and "ghost" in text and "not in the catalogue" in text
    # Africa and Asia: no practice cited at all.
    assert "Africa" in text and "no practice cited" in text
    arabic = await pages.get("reviewer", "/papers/habitat/coverage?language=ar")
    assert '<span lang="ar" dir="rtl">أمريكا اللاتينية</span>' in arabic.text
    french = await pages.get("reviewer", "/papers/habitat/coverage", language="fr")
    assert "Quels textes citent quelles pratiques" in text_of(french.text)
    # An unknown names language falls back to the interface's; an outsider sees nothing.
    odd = await pages.get("reviewer", "/papers/habitat/coverage?language=xx")
    assert odd.status_code == 200 and "Latin America" in text_of(odd.text)
    outsider = await pages.get("outsider", "/papers/habitat/coverage")
    assert outsider.status_code in (403, 404) and "medellin" not in outsider.text
