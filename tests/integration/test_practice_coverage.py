"""The coverage report on SQLite and PostgreSQL: what the cited practices cover, where
the evidence is thin."""

from __future__ import annotations

import httpx
import pytest

from drafts.vocabularies import Actor, Approach, Evidence
from services.bootstrap import Accord
from tests.integration.practices_store import BIBLIOGRAPHY, add_practice
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    r = await w.call(
        "sec", "PUT", f"/papers/{w.paper}/bibliography", json={"csl_json": BIBLIOGRAPHY}
    )
    assert r.status_code == 200, r.text
    await add_practice(accord, w.paper, "medellin-pui", verified=True)
    await add_practice(
        accord,
        w.paper,
        "vpuu",
        country="ZA",
        approaches=(Approach.VIOLENCE_PREVENTION, Approach.URBAN_UPGRADING),
        actors=(Actor.COMMUNITY_ORGANISATIONS,),
        evidence=(Evidence.DESCRIPTIVE,),
        verified=True,
    )
    await add_practice(accord, w.paper, "barangay", country="PH", approaches=(Approach.MEDIATION,))
    await add_practice(accord, w.paper, "uncited", country="BR")
    body = "See {practice:medellin-pui}, {practice:vpuu} and {practice:barangay}.\n"
    assert (await w.save("author", body)).status_code == 201
    assert (await w.save("translator", "Voir {practice:missing}.\n", lang="fr")).status_code == 201
    return w


async def test_the_coverage_names_what_the_cited_practices_cover(world: World) -> None:
    r = await world.call("reviewer", "GET", f"/papers/{world.paper}/practice-coverage")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["cited"] == ["barangay", "medellin-pui", "vpuu"]
    assert report["unknown"] == ["missing"] and report["uncited"] == ["uncited"]
    regions = {t["code"]: t for t in report["regions"]}
    assert set(regions) == {"035", "202", "419"}
    assert regions["419"]["verified"] == ["medellin-pui"]
    assert regions["419"]["strongest_evidence"] == "quasi-experimental"
    assert regions["035"]["practices"] == ["barangay"] and regions["035"]["verified"] == []
    approaches = {t["code"]: t for t in report["approaches"]}
    assert approaches["urban-upgrading"]["practices"] == ["medellin-pui", "vpuu"]
    assert approaches["violence-prevention"]["name"] == "violence prevention"
    assert {t["code"] for t in report["actors"]} == {
        "municipal-government",
        "community-organisations",
    }
    thin = {(t["kind"], t["code"], t["reason"]) for t in report["thin"]}
    # Asia: only an unverified practice; violence prevention: only a description.
    assert ("region", "142", "no-verified-practice") in thin
    assert ("approach", "violence-prevention", "weak-evidence-only") in thin
    assert ("approach", "mediation", "no-verified-practice") in thin
    assert ("approach", "dialogue", "no-practice") in thin
    # Africa: a verified practice, but its outcome only described.
    assert ("region", "002", "weak-evidence-only") in thin
    assert not any(code in ("419", "urban-upgrading") for _k, code, _r in thin)


async def test_the_coverage_names_in_the_language_asked_and_refuses_others(
    world: World,
) -> None:
    path = f"/papers/{world.paper}/practice-coverage"
    r = await world.call("reviewer", "GET", path, params={"language": "fr"})
    assert {t["code"]: t["name"] for t in r.json()["regions"]}["419"] == "Amérique latine"
    bad = await world.call("reviewer", "GET", path, params={"language": "de"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert (await world.call("outsider", "GET", path)).status_code in (403, 404)
