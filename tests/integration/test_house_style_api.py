"""A paper's distribution and house style through the API, frozen with each version.

On SQLite and PostgreSQL; the renderer is the counting stand-in of test_publishing, so
what is asserted is what each render is asked to print.
"""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.test_publishing import CountingRenderer, publish, run_jobs
from tests.integration.world import World, build_world

STYLE = {
    "united_nations": True,
    "organ": "economic-and-social-council",
    "chapter_numbering": "roman",
    "numbered_paragraphs": True,
}


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", "Text of the introduction.\n")).status_code == 201
    return w


async def test_a_new_paper_is_general_in_the_plain_style(world: World) -> None:
    paper = (await world.call("sec", "GET", f"/papers/{world.paper}")).json()
    assert paper["distribution"] == "general"
    assert paper["house_style"] == {
        "united_nations": False,
        "organ": None,
        "chapter_numbering": "arabic",
        "numbered_paragraphs": False,
    }


async def test_the_secretariat_sets_distribution_and_house_style(world: World) -> None:
    url = f"/papers/{world.paper}"
    body = {"distribution": "limited", "house_style": STYLE}
    changed = await world.call("sec", "PATCH", url, json=body)
    assert changed.status_code == 200, changed.text
    paper = (await world.call("author", "GET", url)).json()
    assert paper["distribution"] == "limited" and paper["house_style"] == STYLE
    # A patch of other values leaves them as they are; an author may not change them.
    assert (await world.call("sec", "PATCH", url, json={"symbol": "A/1"})).status_code == 200
    assert (await world.call("sec", "GET", url)).json()["house_style"] == STYLE
    refused = await world.call("author", "PATCH", url, json={"distribution": "general"})
    assert refused.status_code == 403
    events = (await world.call("sec", "GET", f"/papers/{world.paper}/events")).json()["items"]
    updated = [e for e in events if e["type"] == "PaperUpdated"]
    assert updated[0]["data"]["changes"] == {"distribution": "limited", "house_style": STYLE}


@pytest.mark.parametrize(
    "body",
    [
        {"distribution": "secret"},
        {"house_style": {"organ": "trusteeship-council"}},
        {"house_style": {"chapter_numbering": "letters"}},
        {"house_style": {"numbered": True}},
    ],
)
async def test_unknown_distributions_and_styles_are_refused(world: World, body: dict) -> None:
    url = f"/papers/{world.paper}"
    r = await world.call("sec", "PATCH", url, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert (await world.call("sec", "GET", url)).json()["distribution"] == "general"


async def test_each_version_prints_the_distribution_and_style_it_was_frozen_with(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    url = f"/papers/{world.paper}"
    body = {"distribution": "limited", "house_style": STYLE}
    assert (await world.call("sec", "PATCH", url, json=body)).status_code == 200
    first = await publish(world, "0.1", languages=["en"], formats=["pdf"])
    assert first.status_code == 201, first.text
    assert first.json()["distribution"] == "limited"
    # A version may set its own: the same paper, published restricted.
    second = await publish(
        world, "0.2", languages=["en"], formats=["pdf"], distribution="restricted"
    )
    assert second.json()["distribution"] == "restricted"
    # Versions are immutable: the same number with another distribution is refused.
    again = await publish(world, "0.2", languages=["en"], formats=["pdf"], distribution="general")
    assert again.status_code == 409
    # Changed after the requests: the versions keep what they were frozen with.
    later = {"distribution": "general", "house_style": {}}
    assert (await world.call("sec", "PATCH", url, json=later)).status_code == 200
    await run_jobs(accord)
    printed = sorted(
        (e.distribution, e.united_nations, e.organ, e.chapter_numbering, e.numbered_paragraphs)
        for e in renderer.editions
    )
    style = (True, "economic-and-social-council", "roman", True)
    assert printed == [("limited", *style), ("restricted", *style)]
