"""Draft versions hold every section in every language, and their status follows every
render. The renderer is the counting stand-in: the real files are read back in
test_draft_end_to_end.py."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.test_publishing import CountingRenderer, publish, run_jobs
from tests.integration.world import World, build_world
from workflows.render_jobs import RenderJob, render_artifact
from workflows.rendering import Edition

INTRO = "Cities are where peace is built.\n"
PREVENTION = "Prevention works best when cities lead it.\n"


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    """Three sections: the introduction in English and Spanish, prevention in English
    only, youth in no language yet; French has no text at all."""
    w = await build_world(accord, client)
    for key, title in (("prevention", "Prevention"), ("youth", "Youth")):
        r = await w.call(
            "sec",
            "POST",
            f"/papers/{w.paper}/sections",
            json={
                "key": key,
                "titles": {"en": title, "es": f"{title} (es)"},
                "authors": ["author"],
            },
        )
        assert r.status_code == 201, r.text
    assert (await w.save("author", INTRO)).status_code == 201
    assert (
        await w.save("translator", "Las ciudades construyen la paz.\n", lang="es")
    ).status_code == 201
    url = w.text_url(section="prevention") + "/revisions"
    assert (await w.call("author", "POST", url, json={"body": PREVENTION})).status_code == 201
    return w


def edition(renderer: CountingRenderer, language: str) -> Edition:
    return next(e for e in renderer.editions if e.language == language)


async def test_a_draft_holds_every_section_in_every_language(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await publish(world, "0.1", formats=["docx"])
    assert r.status_code == 201, r.text
    manifest = {(e["language"], e["section"]): e for e in r.json()["manifest"]}
    assert len(manifest) == 9
    assert manifest[("es", "intro")]["text_language"] is None
    assert manifest[("es", "prevention")]["text_language"] == "en"
    assert manifest[("fr", "intro")]["text_language"] == "en"
    assert manifest[("fr", "youth")]["revision"] == 0
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "published"
    for language in ("en", "es", "fr"):
        sections = edition(renderer, language).sections
        assert [s.key for s in sections] == ["intro", "prevention", "youth"]
    es = {s.key: s for s in edition(renderer, "es").sections}
    assert es["intro"].missing is None and es["intro"].body.startswith("Las ciudades")
    assert es["prevention"].missing == "untranslated"
    assert (es["prevention"].body, es["prevention"].body_language) == (PREVENTION, "en")
    assert es["prevention"].title == "Prevention (es)"
    assert es["youth"].missing == "unwritten" and es["youth"].body == ""
    fr = {s.key: s for s in edition(renderer, "fr").sections}
    assert fr["intro"].body == INTRO and fr["intro"].body_language == "en"


async def test_a_paper_may_show_only_the_note_where_a_text_is_not_translated(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await world.call(
        "sec", "PATCH", f"/papers/{world.paper}", json={"untranslated": "placeholder"}
    )
    assert r.status_code == 200 and r.json()["untranslated"] == "placeholder"
    assert (await publish(world, "0.1", languages=["fr"], formats=["docx"])).status_code == 201
    await run_jobs(accord)
    fr = {s.key: s for s in edition(renderer, "fr").sections}
    assert fr["intro"].missing == "untranslated" and fr["intro"].body == ""
    assert fr["intro"].body_language is None
    # The choice is frozen with the version: changing it back changes no file of 0.1.
    await world.call("sec", "PATCH", f"/papers/{world.paper}", json={"untranslated": "source"})
    again = await publish(world, "0.1", languages=["fr"], formats=["docx"])
    assert again.status_code == 409


async def test_what_is_known_at_request_time_is_refused_then_with_reasons(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await build_world(accord, client)
    for key in ("intro",):
        await world.call("sec", "POST", f"/papers/{world.paper}/sections/{key}/retire")
    empty = await publish(world, "0.1")
    assert empty.status_code == 409
    assert empty.json()["blockers"][0]["reason"] == "the paper has no sections"
    await world.call(
        "sec", "POST", f"/papers/{world.paper}/sections", json={"key": "a", "titles": {"en": "A"}}
    )
    blank = await publish(world, "0.1")
    assert blank.status_code == 409
    assert blank.json()["blockers"][0]["reason"] == "there is no text to publish"
    events = (
        await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    ).json()
    assert "PublicationRequested" not in [e["type"] for e in events["items"]]


async def test_the_version_is_not_failed_while_its_other_renders_still_run(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await publish(world, "0.1", formats=["docx"])
    publication = r.json()
    async with accord.uow() as uow:
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        found = await uow.publications.get(paper, "0.1")
        assert found is not None and found.id is not None
        publication_id = found.id

    async def job(language: str) -> str:
        return await render_artifact(
            RenderJob(publication_id, language, "docx"), accord.transaction, renderer, accord.files
        )

    async def status() -> dict[str, object]:
        url = f"/papers/{world.paper}/publications/{publication['version']}"
        return dict((await world.call("sec", "GET", url)).json())

    renderer.fail_with = "no configured font covers U+10380"
    assert await job("fr") == "failed"
    renderer.fail_with = None
    now = await status()
    assert now["status"] == "rendering" and now["failure"] is None
    assert await job("en") == "rendered"
    assert (await status())["status"] == "rendering"
    assert await job("es") == "rendered"
    settled = await status()
    assert settled["status"] == "failed"
    assert settled["failure"] == "fr.docx: no configured font covers U+10380"
    states = {a["language"]: a["status"] for a in settled["artifacts"]}  # type: ignore[union-attr]
    assert states == {"en": "done", "es": "done", "fr": "failed"}


async def test_every_render_failing_fails_the_version_once_naming_each(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    renderer.fail_with = "boom"
    await publish(world, "0.1", languages=["en", "fr"], formats=["docx"])
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "failed"
    assert sorted(done["failure"].split("; ")) == ["en.docx: boom", "fr.docx: boom"]
    events = (
        await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    ).json()
    assert [e["type"] for e in events["items"]].count("PublicationFailed") == 1
