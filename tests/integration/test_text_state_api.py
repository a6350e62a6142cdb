"""A text's own resource tells everything the status matrix does, and how far its source moved."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = "Urban violence is not inevitable.\n\nPrevention works best when cities lead it.\n"


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", TEXT)).status_code == 201
    return w


async def text(world: World, lang: str = "en") -> httpx.Response:
    r = await world.call("sec", "GET", world.text_url(lang))
    assert r.status_code == 200, r.text
    return r


async def approve(world: World, who: str, revision: int, lang: str = "en") -> None:
    r = await world.call(
        who,
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/reviews",
        json={"language": lang, "revision": revision, "decision": "approve"},
    )
    assert r.status_code == 201, r.text


async def test_the_text_shows_its_approvals_comments_and_etag(world: World) -> None:
    assert (await world.call("author", "POST", world.text_url() + "/submit")).status_code == 200
    await approve(world, "reviewer", 1)
    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Source?", "exact": "inevitable"},
    )
    assert r.status_code == 201, r.text
    answer = await text(world)
    state = answer.json()
    assert answer.headers["ETag"] == '"r1"'
    assert state["state"] == "approved" and state["approvals"] == ["reviewer"]
    assert state["open_comments"] == 1
    assert state["stale"] is False and state["source"] is None
    matrix = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    cell = matrix["sections"][0]["languages"]["en"]
    assert cell["approvals"] == state["approvals"] and cell["stale"] == state["stale"]


async def test_a_translation_shows_at_once_that_its_source_moved_and_how_far(
    world: World,
) -> None:
    es = await world.save("translator", "La violencia urbana no es inevitable.\n", lang="es")
    assert es.json()["source_revision"] == 1
    fresh = (await text(world, "es")).json()
    assert fresh["source"] == {
        "made_from": 1,
        "current_revision": 1,
        "approved_revision": None,
        "revisions_behind": 0,
        "moved": False,
    }
    # Two new source revisions, neither approved: not stale yet, but moved by two.
    await world.save("author", TEXT + "Youth are partners.\n", base=1)
    await world.save("author", TEXT + "Youth are partners, not targets.\n", base=2)
    moved = (await text(world, "es")).json()
    assert moved["stale"] is False
    assert moved["source"]["moved"] is True and moved["source"]["revisions_behind"] == 2
    matrix = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    cell = matrix["sections"][0]["languages"]["es"]
    assert cell["source_moved"] is True and cell["stale"] is False
    # Once the source is approved in a revision the translation was not made from: stale.
    assert (await world.call("author", "POST", world.text_url() + "/submit")).status_code == 200
    await approve(world, "reviewer", 3)
    stale = (await text(world, "es")).json()
    assert stale["stale"] is True and stale["source"]["approved_revision"] == 3


async def test_a_translation_without_text_is_behind_by_the_whole_source(world: World) -> None:
    state = (await text(world, "fr")).json()
    assert state["current_revision"] is None and "ETag" not in (await text(world, "fr")).headers
    assert state["source"]["made_from"] is None and state["source"]["revisions_behind"] == 1
