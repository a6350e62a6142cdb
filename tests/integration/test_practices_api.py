"""The catalogue of practices through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import httpx

from services.bootstrap import Accord
from tests.integration.practices_world import (
    REFERENCES,
    manila,
    medellin,
    nairobi,
    propose,
    with_bibliography,
)
from tests.integration.world import World, build_world


async def world_with_practices(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    await with_bibliography(world)
    await propose(world, "author", medellin())
    await propose(world, "reviewer", nairobi())
    await propose(world, "translator", manila())
    return world


def url(world: World, key: str = "") -> str:
    return f"/papers/{world.paper}/practices" + (f"/{key}" if key else "")


async def keys(world: World, **params: Any) -> list[str]:
    r = await world.call("reviewer", "GET", url(world), params=params)
    assert r.status_code == 200, r.text
    return [p["key"] for p in r.json()["items"]]


async def test_a_proposed_practice_is_placed_and_unverified(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    r = await world.call("author", "GET", url(world, "medellin-pui"))
    assert r.status_code == 200 and r.headers["etag"] == '"v1"'
    p = r.json()
    assert (p["country"], p["region"], p["verified"], p["proposed_by"]) == (
        "CO",
        "005",
        False,
        "author",
    )
    assert p["outcomes"] == [
        {"text": "Homicides fell more than elsewhere", "evidence": "quasi-experimental"}
    ]
    assert p["untranslated"] == ["es", "fr"] and list(p["texts"]) == ["en"]
    again = await world.call("author", "POST", url(world), json=medellin())
    assert again.status_code == 409


async def test_bad_facts_are_refused_with_the_reason(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    for payload, reason in (
        (medellin(key="a", country="ZZ"), "ISO 3166-1"),
        (medellin(key="b", region="142"), "does not lie in region"),
        (medellin(key="c", sources=["nobody"]), "bibliography"),
        (medellin(key="d", actors=["gangs"]), "unknown term"),
        (medellin(key="e", outcomes=[{"text": "x", "evidence": "strong"}]), "evidence"),
        (medellin(key="F G"), "practice key"),
        (medellin(key="h", start_year=2012), "before start_year"),
        (medellin(key="i", outcomes=[{"text": "a\nb", "evidence": "anecdotal"}]), "line break"),
    ):
        r = await world.call("author", "POST", url(world), json=payload)
        assert r.status_code == 422, (payload, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert reason in r.json()["detail"], r.text
    assert len(await keys(world)) == 3


async def test_filters_and_cursor_pages(accord: Accord, client: httpx.AsyncClient) -> None:
    world = await world_with_practices(accord, client)
    assert await keys(world, region="019") == ["medellin-pui"]  # Americas ⊃ South America
    assert await keys(world, region="419") == ["medellin-pui"]
    assert await keys(world, region="202") == ["kibera-upgrading"]  # Sub-Saharan ⊃ Eastern
    assert await keys(world, region="142") == ["manila-peace-zones"]
    assert await keys(world, country="ke") == ["kibera-upgrading"]
    assert await keys(world, approach="urban-upgrading") == ["medellin-pui", "kibera-upgrading"]
    assert await keys(world, actor="police") == ["manila-peace-zones"]
    assert await keys(world, q="MEDELL") == ["medellin-pui"]
    assert await keys(world, q="50%_") == []
    assert await keys(world, q="dialogue between") == ["kibera-upgrading"]
    r = await world.call("sec", "POST", url(world, "kibera-upgrading") + "/verify")
    assert r.status_code == 200 and r.json()["verified"] is True
    assert await keys(world, verified="true") == ["kibera-upgrading"]
    assert await keys(world, verified="false") == ["medellin-pui", "manila-peace-zones"]
    for bad in ({"region": "999"}, {"country": "QQ"}, {"approach": "x"}, {"actor": "x"}):
        r = await world.call("author", "GET", url(world), params=bad)
        assert r.status_code == 422, bad
    seen: list[str] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"after": after} if after else {})}
        page = (await world.call("author", "GET", url(world), params=params)).json()
        assert len(page["items"]) <= 2
        seen += [p["key"] for p in page["items"]]
        after = page["next"]
        if not after:
            break
    assert seen == ["medellin-pui", "kibera-upgrading", "manila-peace-zones"]


async def test_translations_go_stale_when_the_source_changes(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    french = {"name": "Projets urbains intégraux", "outcomes": ["Les homicides ont baissé"]}
    r = await world.call("translator", "PUT", url(world, "medellin-pui") + "/texts/fr", json=french)
    assert r.status_code == 200, r.text
    assert r.json()["texts"]["fr"] == {
        "name": "Projets urbains intégraux",
        "summary": "",
        "outcomes": ["Les homicides ont baissé"],
        "author": "translator",
        "revision": 1,
        "source_revision": 1,
        "stale": False,
    }
    assert r.json()["untranslated"] == ["es"]
    # A change of the facts alone leaves the translation current.
    r = await world.call(
        "author", "PUT", url(world, "medellin-pui"), json={**medellin(city="Medellin"), "key": None}
    )
    assert r.status_code == 422  # `key` is not a field of a PUT
    body = medellin(city="Medellin")
    del body["key"]
    r = await world.call("author", "PUT", url(world, "medellin-pui"), json=body)
    assert r.status_code == 200 and r.json()["texts"]["fr"]["stale"] is False
    # A new source text makes it stale, until it is translated again.
    body["name"] = "Integral Urban Projects (PUI)"
    r = await world.call("author", "PUT", url(world, "medellin-pui"), json=body)
    assert r.json()["texts"]["fr"]["stale"] is True and r.json()["texts"]["en"]["revision"] == 2
    r = await world.call("translator", "PUT", url(world, "medellin-pui") + "/texts/fr", json=french)
    assert r.json()["texts"]["fr"]["stale"] is False
    assert r.json()["texts"]["fr"]["source_revision"] == 2
    # A translation made from an older source can say so, and is stale.
    r = await world.call(
        "translator",
        "PUT",
        url(world, "medellin-pui") + "/texts/es",
        json={"name": "Proyectos", "outcomes": [], "source_revision": 1},
    )
    assert r.status_code == 200 and r.json()["texts"]["es"]["stale"] is True
    # Not into the source language, nor one the paper lacks.
    r = await world.call("sec", "PUT", url(world, "medellin-pui") + "/texts/en", json=french)
    assert r.status_code == 422
    r = await world.call("sec", "PUT", url(world, "medellin-pui") + "/texts/zh", json=french)
    assert r.status_code == 404


async def test_an_edit_unverifies_and_every_change_is_an_event(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    practice = url(world, "medellin-pui")
    assert (await world.call("sec", "POST", practice + "/verify")).status_code == 200
    assert (await world.call("sec", "POST", practice + "/verify")).status_code == 409
    body = medellin(end_year=2012)
    del body["key"]
    stale = await world.call("author", "PUT", practice, json=body, headers={"If-Match": '"v1"'})
    assert stale.status_code == 412
    r = await world.call("author", "PUT", practice, json=body, headers={"If-Match": '"v2"'})
    assert r.status_code == 200 and r.json()["verified"] is False and r.headers["etag"] == '"v3"'
    # The same body again changes nothing and records nothing.
    before = await world.event_count()
    r = await world.call("author", "PUT", practice, json=body)
    assert r.headers["etag"] == '"v3"' and await world.event_count() == before
    assert (await world.call("sec", "POST", practice + "/retire")).status_code == 200
    assert await keys(world) == ["kibera-upgrading", "manila-peace-zones"]
    assert "medellin-pui" in await keys(world, retired="true")
    assert (await world.call("author", "PUT", practice, json=body)).status_code == 409
    events = (await world.call("sec", "GET", f"/papers/{world.paper}/events")).json()["items"]
    names = [e["type"] for e in events if "ractice" in e["type"]]
    assert names == [
        "PracticeProposed",
        "PracticeProposed",
        "PracticeProposed",
        "PracticeVerified",
        "PracticeEdited",
        "PracticeRetired",
    ], names
    edited = next(e for e in events if e["type"] == "PracticeEdited")
    assert edited["data"]["changed"] == ["end_year"] and edited["data"]["unverified"]


async def test_a_language_with_a_practice_s_text_cannot_be_retired(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    spanish = {"name": "Zonas de paz"}
    r = await world.call(
        "translator", "PUT", url(world, "manila-peace-zones") + "/texts/es", json=spanish
    )
    assert r.status_code == 200, r.text
    r = await world.call("sec", "DELETE", f"/papers/{world.paper}/languages/es")
    assert r.status_code == 409 and r.json()["practices"] == ["manila-peace-zones"], r.text
    r = await world.call("sec", "DELETE", f"/papers/{world.paper}/languages/fr")
    assert r.status_code == 200, r.text


async def test_a_translator_limited_to_a_language_translates_only_into_it(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    r = await world.call(
        "sec",
        "PUT",
        f"/papers/{world.paper}/members/translator",
        json={"roles": ["translator"], "languages": {"translator": ["es"]}},
    )
    assert r.status_code == 200, r.text
    text = {"name": "Zonas de paz"}
    practice = url(world, "manila-peace-zones")
    assert (
        await world.call("translator", "PUT", practice + "/texts/es", json=text)
    ).status_code == 200
    assert (
        await world.call("translator", "PUT", practice + "/texts/fr", json=text)
    ).status_code == 403
    # Proposing is any member's; editing what someone else proposed is not.
    body = manila(city="Quezon City")
    del body["key"]
    assert (await world.call("author", "PUT", practice, json=body)).status_code == 403
    assert (await world.call("translator", "PUT", practice, json=body)).status_code == 200


async def test_a_bibliography_keeps_the_entries_practices_cite(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await world_with_practices(accord, client)
    bibliography = f"/papers/{world.paper}/bibliography"
    fewer = json.dumps([r for r in REFERENCES if r["id"] != "cerda2012"])
    r = await world.call("sec", "PUT", bibliography, json={"csl_json": fewer})
    assert r.status_code == 409 and r.json()["practices"] == {"medellin-pui": ["cerda2012"]}
    assert (
        await world.call("sec", "POST", url(world, "medellin-pui") + "/retire")
    ).status_code == 200
    r = await world.call("sec", "PUT", bibliography, json={"csl_json": fewer})
    assert r.status_code == 200, r.text
