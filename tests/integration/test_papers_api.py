"""Users, papers, members and the outline through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


async def test_admin_creates_a_user_whose_token_is_shown_once(world: World) -> None:
    headers = {"Idempotency-Key": "new-user-1"}
    body = {"name": "lena", "email": "lena@example.org"}
    first = await world.call("admin", "POST", "/users", json=body, headers=headers)
    assert first.status_code == 201
    token = first.json()["token"]
    me = await world.client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["name"] == "lena"

    replay = await world.call("admin", "POST", "/users", json=body, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["token"] is None


async def test_only_admins_create_users(world: World) -> None:
    r = await world.call("sec", "POST", "/users", json={"name": "x", "email": "x@example.org"})
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "urn:accord:problem:forbidden"


async def test_a_user_takes_a_new_token_and_revokes_a_leaked_one(world: World) -> None:
    old = world.tokens["author"]

    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    issued = await world.call("author", "POST", "/users/author/tokens")
    assert issued.status_code == 201, issued.text
    new = issued.json()["token"]
    assert (await world.client.get("/me", headers=bearer(new))).json()["name"] == "author"
    # The old one stays until revoked; revoking ends every token, the one in use too.
    assert (await world.client.get("/me", headers=bearer(old))).status_code == 200
    revoked = await world.client.delete("/users/author/tokens", headers=bearer(new))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json() == {"user": "author", "revoked": 2}
    for token in (old, new):
        assert (await world.client.get("/me", headers=bearer(token))).status_code == 401
    # An admin hands out the next one.
    again = await world.call("admin", "POST", "/users/author/tokens")
    assert again.status_code == 201
    assert (await world.client.get("/me", headers=bearer(again.json()["token"]))).status_code == 200


async def test_only_the_user_or_an_admin_manages_their_tokens(world: World) -> None:
    before = await world.event_count()
    for method in ("POST", "DELETE"):
        # Another user is refused whether or not the name exists: names do not leak.
        assert (await world.call("sec", method, "/users/author/tokens")).status_code == 403
        assert (await world.call("sec", method, "/users/nobody/tokens")).status_code == 403
        assert (await world.call("admin", method, "/users/nobody/tokens")).status_code == 404
    assert await world.event_count() == before
    assert (await world.client.get("/me", headers=world.auth("author"))).status_code == 200


async def test_a_request_without_a_valid_token_is_refused(world: World) -> None:
    assert (await world.client.get("/me")).status_code == 401
    r = await world.client.get("/me", headers={"Authorization": "Bearer acc_nope"})
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


async def test_me_lists_memberships(world: World) -> None:
    me = (await world.call("author", "GET", "/me")).json()
    assert me["memberships"] == [{"paper": "habitat", "roles": ["author"], "languages": {}}]


async def test_a_non_member_cannot_tell_a_paper_exists(world: World) -> None:
    hidden = await world.call("outsider", "GET", "/papers/habitat")
    missing = await world.call("outsider", "GET", "/papers/no-such-paper")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["title"] == missing.json()["title"]
    assert (await world.call("outsider", "GET", "/papers")).json()["items"] == []


async def test_papers_are_paginated_with_a_cursor(world: World) -> None:
    for i in range(3):
        r = await world.call(
            "admin",
            "POST",
            "/papers",
            json={
                "slug": f"p{i}",
                "titles": {"en": "T"},
                "source_language": "en",
                "languages": ["en"],
            },
        )
        assert r.status_code == 201
    first = (await world.call("admin", "GET", "/papers", params={"limit": 2})).json()
    assert [p["slug"] for p in first["items"]] == ["habitat", "p0"]
    second = (
        await world.call("admin", "GET", "/papers", params={"limit": 2, "after": first["next"]})
    ).json()
    assert [p["slug"] for p in second["items"]] == ["p1", "p2"]
    assert second["next"] is None
    bad = await world.call("admin", "GET", "/papers", params={"after": "garbage!"})
    assert bad.status_code == 422


async def test_a_paper_needs_known_languages(world: World) -> None:
    r = await world.call(
        "admin",
        "POST",
        "/papers",
        json={
            "slug": "x",
            "titles": {"en": "T"},
            "source_language": "en",
            "languages": ["en", "de"],
        },
    )
    assert r.status_code == 422
    assert "de" in r.json()["detail"]


async def test_the_same_paper_slug_twice_is_a_conflict(world: World) -> None:
    r = await world.call(
        "admin",
        "POST",
        "/papers",
        json={
            "slug": "habitat",
            "titles": {"en": "T"},
            "source_language": "en",
            "languages": ["en"],
        },
    )
    assert r.status_code == 409


async def test_the_outline_keeps_its_order_and_can_be_reordered(world: World) -> None:
    base = f"/papers/{world.paper}"
    for key, position in (("prevention", None), ("context", 1)):
        body = {
            "key": key,
            "titles": {"en": key.title()},
            **({"position": position} if position else {}),
        }
        assert (await world.call("sec", "POST", base + "/sections", json=body)).status_code == 201
    keys = [s["key"] for s in (await world.call("author", "GET", base + "/sections")).json()]
    assert keys == ["context", "intro", "prevention"]

    r = await world.call(
        "sec", "PUT", base + "/outline", json={"order": ["intro", "prevention", "context"]}
    )
    assert r.status_code == 200
    listed = (await world.call("author", "GET", base + "/sections")).json()
    assert [(s["key"], s["position"]) for s in listed] == [
        ("intro", 1),
        ("prevention", 2),
        ("context", 3),
    ]
    incomplete = await world.call("sec", "PUT", base + "/outline", json={"order": ["intro"]})
    assert incomplete.status_code == 422


async def test_section_titles_and_authors_can_change(world: World) -> None:
    url = f"/papers/{world.paper}/sections/{world.section}"
    r = await world.call(
        "sec", "PATCH", url, json={"titles": {"fr": "Introduction (fr)"}, "authors": ["author2"]}
    )
    assert r.status_code == 200
    assert r.json()["titles"] == {"en": "Introduction", "fr": "Introduction (fr)"}
    assert r.json()["authors"] == ["author2"]
    not_an_author = await world.call("sec", "PATCH", url, json={"authors": ["reviewer"]})
    assert not_an_author.status_code == 422


async def test_a_paper_keeps_a_secretariat_member(world: World) -> None:
    members = f"/papers/{world.paper}/members"
    assert (
        await world.call("sec", "PUT", members + "/admin", json={"roles": []})
    ).status_code == 200
    r = await world.call("sec", "PUT", members + "/sec", json={"roles": ["author"]})
    assert r.status_code == 422
    assert "secretariat" in r.json()["detail"]
    assert (await world.call("admin", "GET", f"/papers/{world.paper}")).status_code == 404


async def test_the_secretariat_corrects_the_cover_and_each_language_has_its_forum(
    world: World,
) -> None:
    url = f"/papers/{world.paper}"
    r = await world.call(
        "sec",
        "PATCH",
        url,
        json={
            "symbol": "A/CONF.226/PC.3/15",
            "forums": {"fr": "Hábitat III en français", "es": "Hábitat III"},
            "titles": {"fr": "Sécurité urbaine et paix"},
        },
    )
    assert r.status_code == 200, r.text
    paper = (await world.call("author", "GET", url)).json()
    assert paper["symbol"] == "A/CONF.226/PC.3/15"
    assert paper["forum"] == "Habitat III"  # the source language's, untouched
    assert paper["forums"] == {"fr": "Hábitat III en français", "es": "Hábitat III"}
    # Titles merge per language: the others stay.
    assert paper["titles"] == {
        "en": "Urban safety",
        "es": "Seguridad urbana",
        "fr": "Sécurité urbaine et paix",
    }
    events = (await world.call("sec", "GET", f"{url}/events")).json()["items"]
    changed = [e["data"]["changes"] for e in events if e["type"] == "PaperUpdated"]
    assert changed == [
        {
            "symbol": "A/CONF.226/PC.3/15",
            "forums": {"fr": "Hábitat III en français", "es": "Hábitat III"},
            "titles": paper["titles"],
        }
    ]
    # The same values again change nothing and say nothing.
    again = await world.call("sec", "PATCH", url, json={"symbol": "A/CONF.226/PC.3/15"})
    assert again.status_code == 200
    events = (await world.call("sec", "GET", f"{url}/events")).json()["items"]
    assert sum(e["type"] == "PaperUpdated" for e in events) == 1


async def test_a_cover_value_in_a_language_the_paper_lacks_is_refused(world: World) -> None:
    before = await world.event_count()
    for body in (
        {"forums": {"ru": "Хабитат III"}},
        {"titles": {"en": "  "}},
        {"forum": "a\x00b"},
        {"forums": {"fr": "x" * 501}},
        {"unknown": 1},
    ):
        r = await world.call("sec", "PATCH", f"/papers/{world.paper}", json=body)
        assert r.status_code == 422, (body, r.text)
    assert (
        await world.call("author", "PATCH", f"/papers/{world.paper}", json={})
    ).status_code == 403
    assert await world.event_count() == before
