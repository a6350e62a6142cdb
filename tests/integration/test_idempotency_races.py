"""Many requests at once with one Idempotency-Key: every one gets the one first answer.

A client that times out and retries, or a proxy that replays, sends the same create
twice before the first has committed. The requests here are sent all at once, on SQLite
and PostgreSQL; none may see a conflict of its own making.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

RACERS = 20


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    saved = await w.save("author", "The introduction.\n")
    assert saved.status_code == 201, saved.text
    return w


CREATES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "paper": (
        "admin",
        "/papers",
        {
            "slug": "second",
            "titles": {"en": "Second paper"},
            "source_language": "en",
            "languages": ["en"],
            "symbol": "A/2",
            "forum": "Forum",
            "date": "2016-07-25",
        },
    ),
    "section": (
        "sec",
        "/papers/habitat/sections",
        {"key": "scope", "titles": {"en": "Scope"}, "authors": ["author"]},
    ),
    "publication": (
        "sec",
        "/papers/habitat/publications",
        {"version": "0.1", "kind": "draft", "languages": ["en"]},
    ),
    "user": ("admin", "/users", {"name": "newcomer", "email": "newcomer@example.org"}),
}


@pytest.mark.parametrize("what", sorted(CREATES))
async def test_concurrent_creates_with_one_key_all_get_the_first_answer(
    world: World, what: str
) -> None:
    who, path, body = CREATES[what]
    headers = {"Idempotency-Key": f"race-{what}"}
    answers = await asyncio.gather(
        *(world.call(who, "POST", path, json=body, headers=headers) for _ in range(RACERS))
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * RACERS, [a.text for a in answers if a.status_code != 201]
    # Exactly one of them made it; the others replayed its answer.
    replayed = [a.headers.get("idempotent-replayed") == "true" for a in answers]
    assert replayed.count(False) == 1
    first = next(a for a in answers if a.headers.get("idempotent-replayed") != "true")
    expected = first.json()
    # A user's token is shown once: its replays hold the same answer with `null` there.
    expected.pop("token", None)
    for answer in answers:
        got = answer.json()
        token = got.pop("token", None)
        assert got == expected
        assert (token is not None) == (answer is first) or what != "user"
