"""Input that used to reach the database or a renderer broken, refused up front instead.

Each was a 500 or was accepted and failed later: a boolean taken as a revision number,
a bibliography nested thousands of levels, an image whose header is right and whose
data is not. Each is now a clear 4xx problem that changes nothing.
"""

from __future__ import annotations

import json

import httpx
import pytest

from services.bootstrap import Accord
from tests.images import png, png_cut_short, png_with_broken_data
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


def problem_type(answer: httpx.Response) -> str:
    assert answer.headers["content-type"] == "application/problem+json", answer.text
    return str(answer.json()["type"])


@pytest.mark.parametrize("base", [True, "1", 1.0])
async def test_a_base_revision_that_is_not_a_whole_number_is_refused(
    world: World, base: object
) -> None:
    assert (await world.save("author", "First.\n")).status_code == 201
    answer = await world.call(
        "author",
        "POST",
        world.text_url() + "/revisions",
        json={"body": "Second.\n", "base_revision": base},
    )
    assert answer.status_code == 422, answer.text
    assert problem_type(answer) == "urn:accord:problem:validation-failed"
    revisions = (await world.call("sec", "GET", world.text_url() + "/revisions")).json()
    assert [r["number"] for r in revisions["items"]] == [1]


@pytest.mark.parametrize("depth", [40, 3000])
async def test_a_bibliography_nested_too_deep_is_a_422(world: World, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    answer = await world.call(
        "sec", "PUT", f"/papers/{world.paper}/bibliography", json={"csl_json": nested}
    )
    assert answer.status_code == 422, answer.text
    assert problem_type(answer) == "urn:accord:problem:invalid-request"
    assert "levels deep" in answer.json()["detail"]
    fine = json.dumps([{"id": "a", "title": "A [bracketed] title", "author": [{"family": "B"}]}])
    ok = await world.call(
        "sec", "PUT", f"/papers/{world.paper}/bibliography", json={"csl_json": fine}
    )
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize("data", [png_with_broken_data(), png_cut_short()])
async def test_an_image_whose_data_does_not_decode_is_refused(world: World, data: bytes) -> None:
    answer = await world.call(
        "author",
        "PUT",
        f"/papers/{world.paper}/images/map.png",
        content=data,
        headers={"Content-Type": "image/png"},
    )
    assert answer.status_code == 415, answer.text
    assert problem_type(answer) == "urn:accord:problem:unsupported-image"
    assert "cannot be decoded" in answer.json()["detail"]
    listed = await world.call("sec", "GET", f"/papers/{world.paper}/images")
    assert listed.json()["items"] == []
    whole = await world.call(
        "author",
        "PUT",
        f"/papers/{world.paper}/images/map.png",
        content=png(64, 64),
        headers={"Content-Type": "image/png"},
    )
    assert whole.status_code == 201, whole.text


@pytest.mark.parametrize(
    "body",
    [
        "- " * 1400 + "deep\n",
        "".join("  " * level + "- item\n" for level in range(200)),
        "> " * 300 + "quoted\n",
        "A long one. " + "word " * 7000 + "\n",
    ],
    ids=["bullets-on-one-line", "indented-lists", "quotes", "one-long-paragraph"],
)
async def test_text_nested_or_run_together_past_the_limits_is_refused_at_save(
    world: World, body: str
) -> None:
    answer = await world.save("author", body)
    assert answer.status_code == 422, answer.text
    assert problem_type(answer) == "urn:accord:problem:text-too-complex"
    assert "line" in answer.json()["detail"]
    revisions = (await world.call("sec", "GET", world.text_url() + "/revisions")).json()
    assert revisions["items"] == []


async def test_text_as_deep_and_long_as_a_paper_needs_is_saved(world: World) -> None:
    lists = "".join("  " * level + "- item\n" for level in range(6))
    paragraphs = "\n\n".join("A sentence of a long paragraph. " * 150 for _ in range(20))
    answer = await world.save("author", f"> A quote.\n\n{lists}\n{paragraphs}\n")
    assert answer.status_code == 201, answer.text
