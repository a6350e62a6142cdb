"""Comment anchors through the API: a quote alone, a position alone, both, or ambiguous."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = (
    "Prevention works best when cities lead it.\n\n"
    "Young people are partners in prevention, not targets.\n\n"
    "Prevention is cheaper than repair.\n"
)


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", TEXT)).status_code == 201
    return w


async def post(world: World, **selector: object) -> httpx.Response:
    return await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Which one?", **selector},
    )


async def test_a_quote_alone_with_its_context_anchors_the_comment(world: World) -> None:
    r = await post(world, exact="partners", prefix="are ", suffix=" in")
    assert r.status_code == 201, r.text
    comment = r.json()
    assert comment["quote"]["start"] == TEXT.index("partners")
    assert comment["anchor"] == {
        "revision": 1,
        "status": "exact",
        "start": TEXT.index("partners"),
        "end": TEXT.index("partners") + len("partners"),
        "text": "partners",
    }


async def test_an_ambiguous_quote_is_refused_with_its_candidates(world: World) -> None:
    before = await world.event_count()
    r = await post(world, exact="revention")
    assert r.status_code == 422
    problem = r.json()
    assert problem["type"] == "urn:accord:problem:ambiguous-quote"
    starts = [c["start"] for c in problem["candidates"]]
    assert starts == [1, TEXT.index("revention", 10), TEXT.rindex("revention")]
    assert await world.event_count() == before
    # Sending one candidate's start back picks it.
    chosen = await post(world, exact="revention", start=starts[2])
    assert chosen.status_code == 201 and chosen.json()["anchor"]["start"] == starts[2]


async def test_a_position_alone_quotes_the_text_there(world: World) -> None:
    start = TEXT.index("cheaper than repair")
    r = await post(world, start=start, end=start + len("cheaper than repair"))
    assert r.status_code == 201, r.text
    quote = r.json()["quote"]
    assert quote["exact"] == "cheaper than repair" and quote["start"] == start
    assert TEXT[:start].endswith(quote["prefix"]) and quote["prefix"]
    assert r.json()["anchor"]["text"] == "cheaper than repair"


async def test_a_position_alone_follows_the_text_into_later_revisions(world: World) -> None:
    start = TEXT.index("cheaper than repair")
    r = await post(world, start=start, end=start + len("cheaper than repair"))
    edited = "A new opening paragraph.\n\n" + TEXT
    assert (await world.save("author", edited, base=1)).status_code == 201
    listed = (
        await world.call(
            "reviewer", "GET", f"/papers/{world.paper}/sections/{world.section}/comments"
        )
    ).json()["items"]
    [moved] = [c for c in listed if c["id"] == r.json()["id"]]
    assert moved["anchor"]["status"] == "exact"
    assert moved["anchor"]["start"] == edited.index("cheaper than repair")


async def test_quote_and_position_together_must_agree(world: World) -> None:
    assert (await post(world, exact="Prevention", start=0, end=10)).status_code == 201
    assert (await post(world, exact="Prevention", start=1)).status_code == 422
    assert (await post(world, exact="Prevention", start=0, end=11)).status_code == 422
    assert (await post(world, start=3)).status_code == 422
    assert (await post(world)).status_code == 422
