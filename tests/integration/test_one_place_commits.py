"""One place commits: the request's unit of work, not the route, on SQLite and PostgreSQL.

A route that "forgets" to commit still saves what it did; a route that fails after
writing saves nothing; a commit that fails is answered as the error it is, not as a
success that saved nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from drafts.commands import CreateUser
from drafts.errors import InvalidRequest
from drafts.people_events import UserCreated
from services.api.app import API_PREFIX, create_app
from services.api.deps import UowDep
from services.bootstrap import Accord
from workflows.users import SYSTEM_ACTOR, create_user


def app_with_test_routes(accord: Accord) -> FastAPI:
    app = create_app(accord)

    async def forgets_to_commit(name: str, uow: UowDep) -> dict[str, str]:
        user, _ = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org"),
            uow,
            accord.tokens,
        )
        return {"created": user.name}

    async def fails_after_writing(name: str, uow: UowDep) -> dict[str, str]:
        await forgets_to_commit(name, uow)
        raise InvalidRequest("refused after the user was written")

    async def cannot_commit(name: str, uow: UowDep) -> dict[str, str]:
        await forgets_to_commit(name, uow)
        # The same event twice: its row's key is taken when the commit writes the log.
        again = UserCreated(actor=SYSTEM_ACTOR, paper=None, user=name, is_admin=False)
        uow.record(again, again)
        return {"created": name}

    for path, route in (
        ("/forgets/{name}", forgets_to_commit),
        ("/fails/{name}", fails_after_writing),
        ("/cannot-commit/{name}", cannot_commit),
    ):
        app.add_api_route(API_PREFIX + path, route, methods=["POST"])
    return app


@pytest.fixture
async def test_client(accord: Accord) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_with_test_routes(accord))
    async with httpx.AsyncClient(transport=transport, base_url="http://accord.test/api/v1") as c:
        yield c


async def user_exists(accord: Accord, name: str) -> bool:
    async with accord.uow() as uow:
        return await uow.users.get(name) is not None


async def test_a_route_that_never_commits_still_saves(
    accord: Accord, test_client: httpx.AsyncClient
) -> None:
    r = await test_client.post("/forgets/ada")
    assert r.status_code == 200, r.text
    assert await user_exists(accord, "ada")


async def test_a_route_that_fails_after_writing_saves_nothing(
    accord: Accord, test_client: httpx.AsyncClient
) -> None:
    r = await test_client.post("/fails/bob")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert not await user_exists(accord, "bob")


async def test_a_commit_that_fails_is_the_answer(
    accord: Accord, test_client: httpx.AsyncClient
) -> None:
    # The commit runs before the answer is sent, so the client hears that nothing was
    # saved instead of a 200.
    r = await test_client.post("/cannot-commit/cleo")
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "urn:accord:problem:already-exists"
    assert not await user_exists(accord, "cleo")
