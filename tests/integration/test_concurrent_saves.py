"""50 saves at once on the same base revision, on PostgreSQL: no update is ever lost.

Every save is either merged into the history or refused with 409, and the revision numbers
have no gaps and no duplicates.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

SAVES = 50
LINES = [f"Paragraph {i} of the comprehensive approach." for i in range(SAVES * 2 + 1)]
BASE_TEXT = "\n".join(LINES) + "\n"


def edited(line: int, tag: str) -> str:
    lines = list(LINES)
    lines[line] = f"{lines[line]} Amended by {tag}."
    return "\n".join(lines) + "\n"


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    """The figures are for PostgreSQL, where saves really run side by side."""
    return postgresql_url


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


async def _history(world: World) -> list[dict[str, object]]:
    r = await world.call("author", "GET", world.text_url() + "/revisions", params={"limit": 200})
    return list(r.json()["items"])


async def _current_body(world: World) -> str:
    history = await _history(world)
    last = history[-1]["number"]
    r = await world.call("author", "GET", world.text_url() + f"/revisions/{last}")
    return str(r.json()["body"])


async def test_fifty_saves_of_separate_paragraphs_all_merge(world: World) -> None:
    assert (await world.save("author", BASE_TEXT)).status_code == 201
    started = time.perf_counter()
    # Odd lines only: an unchanged line between any two edits keeps them apart.
    answers = await asyncio.gather(
        *(world.save("author", edited(2 * i + 1, f"save {i}"), base=1) for i in range(SAVES))
    )
    elapsed = time.perf_counter() - started
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == SAVES, statuses
    numbers = sorted(a.json()["number"] for a in answers)
    assert numbers == list(range(2, SAVES + 2))
    assert sum(a.json()["merged"] for a in answers) == SAVES - 1  # all but the first
    final = await _current_body(world)
    for i in range(SAVES):
        assert f"Amended by save {i}." in final
    print(f"\n{SAVES} concurrent non-overlapping saves: {elapsed:.2f} s, all merged")


async def test_fifty_saves_half_of_them_colliding_lose_nothing(world: World) -> None:
    assert (await world.save("author", BASE_TEXT)).status_code == 201
    started = time.perf_counter()
    # Pairs of saves edit the same line differently: one of each pair wins, one conflicts.
    answers = await asyncio.gather(
        *(world.save("author", edited(2 * (i // 2) + 1, f"save {i}"), base=1) for i in range(SAVES))
    )
    elapsed = time.perf_counter() - started
    accepted = [i for i, a in enumerate(answers) if a.status_code == 201]
    refused = [i for i, a in enumerate(answers) if a.status_code == 409]
    assert len(accepted) + len(refused) == SAVES, [a.status_code for a in answers]
    assert len(accepted) == len(refused) == SAVES // 2
    for i in refused:
        conflict = answers[i].json()
        assert conflict["type"] == "urn:accord:problem:revision-conflict"
        assert conflict["conflicts"][0]["proposed"] == [
            edited(2 * (i // 2) + 1, f"save {i}").splitlines()[2 * (i // 2) + 1]
        ]
    history = await _history(world)
    assert [h["number"] for h in history] == list(range(1, len(accepted) + 2))
    final = await _current_body(world)
    for i in accepted:
        assert f"Amended by save {i}." in final
    for i in refused:
        assert f"Amended by save {i}." not in final
    print(
        f"\n{SAVES} concurrent saves, {SAVES // 2} colliding pairs: {elapsed:.2f} s, "
        f"{len(accepted)} merged, {len(refused)} refused with 409"
    )
