"""Sections citing practices: the status shows the citations, a final version refuses
an unknown or unverified practice (listing each), a draft freezes what it cites."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.practices_store import BIBLIOGRAPHY, add_practice
from tests.integration.test_publishing import CountingRenderer, publish, run_jobs
from tests.integration.world import World, build_world

TEXTS = {
    "en": "The integrated urban projects {practice:medellin-pui} and {practice:ghost}.\n",
    "fr": "Les projets urbains intégrés {practice:medellin-pui}.\n",
    "es": "Los proyectos urbanos integrales.\n",
}


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    r = await w.call(
        "sec", "PUT", f"/papers/{w.paper}/bibliography", json={"csl_json": BIBLIOGRAPHY}
    )
    assert r.status_code == 200, r.text
    await add_practice(accord, w.paper, "medellin-pui")
    for lang, who in (("en", "author"), ("fr", "translator"), ("es", "translator")):
        assert (await w.save(who, TEXTS[lang], lang=lang)).status_code == 201
        assert (await w.call(who, "POST", w.text_url(lang) + "/submit")).status_code == 200
        head = (await w.call("sec", "GET", w.text_url(lang))).json()["current_revision"]
        r = await w.call(
            "reviewer",
            "POST",
            f"/papers/{w.paper}/sections/{w.section}/reviews",
            json={"language": lang, "revision": head["number"], "decision": "approve"},
        )
        assert r.json()["state"] == "approved", r.text
    return w


async def test_the_status_shows_which_sections_cite_which_practices(world: World) -> None:
    r = await world.call("reviewer", "GET", f"/papers/{world.paper}/status")
    assert r.status_code == 200
    cited = {
        (c["section"], c["language"], c["practice"], c["known"], c["verified"])
        for c in r.json()["practice_citations"]
    }
    assert cited == {
        ("intro", "en", "medellin-pui", True, False),
        ("intro", "en", "ghost", False, False),
        ("intro", "fr", "medellin-pui", True, False),
    }


async def test_a_final_version_is_blocked_by_each_unknown_or_unverified_practice(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await publish(world, "1.0", "final")
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    blockers = {(b["section"], b["language"], b["reason"]) for b in r.json()["blockers"]}
    assert blockers == {
        ("intro", "en", "cites practice 'medellin-pui', which the secretariat has not verified"),
        ("intro", "en", "cites practice 'ghost', which is not in the paper's catalogue"),
        ("intro", "fr", "cites practice 'medellin-pui', which the secretariat has not verified"),
    }
    assert (await world.call("sec", "GET", f"/papers/{world.paper}/publications")).json()[
        "items"
    ] == []

    # Verified, and the unknown one in the catalogue and verified: the version is made.
    async with accord.transaction() as uow:
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        practice = await uow.practices.get(paper, "medellin-pui")
        assert practice is not None
        await uow.practices.save(practice.verified_now("sec", datetime.now(UTC)))
    await add_practice(accord, world.paper, "ghost", country="ZA", verified=True)
    r = await publish(world, "1.0", "final")
    assert r.status_code == 201, r.text
    await run_jobs(accord)
    editions = {e.language: e for e in renderer.editions}
    # In annex order: by region (Africa before the Americas), then as first cited.
    assert [p.key for p in editions["en"].practices] == ["ghost", "medellin-pui"]
    assert [p.key for p in editions["es"].practices] == ["ghost", "medellin-pui"]
    practice = editions["fr"].practices[1]
    assert (practice.number, practice.group, practice.verified) == (2, "419", True)
    assert editions["fr"].practices[0].group == "202"
    # Not translated into French: the name is the source's, and the annex says so.
    assert practice.name == "Practice medellin-pui" and "name" in practice.from_source


async def test_a_draft_prints_what_it_cites_and_keeps_it(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await publish(world, "0.1")
    assert r.status_code == 201, r.text
    await run_jobs(accord)
    (edition,) = {e.language: e for e in renderer.editions if e.language == "en"}.values()
    assert [(p.key, p.verified) for p in edition.practices] == [("medellin-pui", False)]
    # The same request again is the same version; after the practice changed, it is not.
    assert (await publish(world, "0.1")).status_code == 200
    await add_practice(accord, world.paper, "ghost", country="ZA")
    assert (await publish(world, "0.1")).status_code == 409
