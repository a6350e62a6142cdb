"""A render that would run for minutes, or eat the machine's memory, is stopped there.

Renders run in child processes (real pandoc and Typst): a hostile text's render is
killed at its deadline, the next render (of another version) finds a fresh renderer,
a render past the memory bound fails with that reason, and only the hostile version
fails.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import update

from drafts.text import content_hash
from services.bootstrap import Accord
from services.config import Settings
from services.render.isolated import IsolatedRenderer, RenderKilled
from services.store.tables import RevisionRow
from tests.integration.test_publishing import run_jobs
from tests.integration.world import World, build_world
from workflows.ports import Renderer
from workflows.rendering import Edition, RenderFailed, RenderSection

pytestmark = pytest.mark.slow

DEADLINE = 4.0
# What took Typst 92 s: one paragraph of 300,000 `>` tokens (600 KB). Refused at save
# time now; texts saved before the limit existed still reach the renderer.
HOSTILE = "Hostile " + "> " * 300_000


def edition(body: str, language: str = "en") -> Edition:
    return Edition(
        paper_title="Urban safety",
        symbol="A/CONF.226/1",
        forum="Habitat III",
        date=datetime.date(2016, 7, 25),
        language=language,
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="General",
        sections=(RenderSection(key="s", number="1", title="Scope", body=body),),
    )


@pytest.fixture(scope="module")
def isolated() -> Iterator[IsolatedRenderer]:
    renderer = IsolatedRenderer(processes=1, deadline_seconds=DEADLINE)
    renderer.warm()
    yield renderer
    renderer.close()


def test_a_render_past_its_deadline_is_killed_and_the_next_finds_a_renderer(
    isolated: IsolatedRenderer,
) -> None:
    before = isolated._all[0].process.pid
    started = time.monotonic()
    with pytest.raises(RenderKilled, match="longer than"):
        isolated.render(edition(HOSTILE), "pdf")
    # Killed at its deadline, not 90 s later (a generous bound for a busy machine).
    assert time.monotonic() - started < DEADLINE + 20
    assert [p.process.pid for p in isolated._all if p.alive] != [before]
    pdf = isolated.render(edition("A text that anyone may render."), "pdf")
    assert pdf.startswith(b"%PDF")
    docx = isolated.render(edition("Another text."), "docx")
    assert docx.startswith(b"PK")


def test_a_render_past_the_memory_bound_fails_with_that_reason() -> None:
    from benchmarks.paper import section_body

    # Just above what a warm renderer needs at rest: a long paper needs more.
    small = IsolatedRenderer(processes=1, deadline_seconds=120, memory_mb=420)
    try:
        small.warm()
        long_text = "\n\n".join(section_body(i, "en") for i in range(1, 200))
        with pytest.raises(RenderFailed, match="more memory"):
            small.render(edition(long_text), "pdf")
        assert small.render(edition("Short."), "docx").startswith(b"PK")
    finally:
        small.close()


# --- the same through the jobs, on the database ---------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"render_timeout_seconds": DEADLINE, "render_max_tries": 1})


@pytest.fixture
def renderer(isolated: IsolatedRenderer) -> Renderer:
    return isolated


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


async def publish(world: World, version: str) -> httpx.Response:
    return await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": version, "kind": "draft", "languages": ["en"], "formats": ["pdf"]},
    )


async def status(world: World, version: str) -> dict[str, object]:
    answer = await world.call("sec", "GET", f"/papers/{world.paper}/publications/{version}")
    return dict(answer.json())


# What is under test is the renderer and the jobs, not the database: production's one.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_hostile_text_fails_only_its_own_version(accord: Accord, world: World) -> None:
    assert (await world.save("author", "An ordinary text.\n")).status_code == 201
    assert (await publish(world, "0.1")).status_code == 201
    # The hostile text, as a revision saved before the save-time limits existed.
    assert (await world.save("author", "Soon hostile.\n", base=1)).status_code == 201
    async with accord.uow() as uow:
        await uow.session.execute(
            update(RevisionRow)
            .where(RevisionRow.number == 2)
            .values(body=HOSTILE, content_hash=content_hash(HOSTILE))
        )
        await uow.session.commit()
    assert (await publish(world, "0.2")).status_code == 201
    assert (await world.save("author", "Ordinary again.\n", base=2)).status_code == 201
    assert (await publish(world, "0.3")).status_code == 201

    await run_jobs(accord)

    hostile = await status(world, "0.2")
    assert hostile["status"] == "failed", hostile
    assert "longer than" in str(hostile["failure"])
    for version in ("0.1", "0.3"):
        done = await status(world, version)
        assert done["status"] == "published", done

    events = (await world.call("sec", "GET", f"/papers/{world.paper}/events")).json()["items"]
    failed = [e["data"]["version"] for e in events if e["type"] == "PublicationFailed"]
    assert failed == ["0.2"]


def test_a_render_process_grown_past_its_bound_is_replaced_and_renders_go_on() -> None:
    renderer = IsolatedRenderer(processes=1, recycle_mb=128)
    try:
        renderer.warm()
        [child] = renderer._all
        first = renderer.render(edition("Cities are where peace is built."), "pdf")
        # A warm render process holds fonts and Typst: far past 128 MB, so it went.
        assert child.resident > 128 * 2**20 and not child.alive
        assert renderer._all and renderer._all[0] is not child
        second = renderer.render(edition("Cities are where peace is built."), "pdf")
        assert second == first
    finally:
        renderer.close()


def test_renders_one_after_another_use_the_warm_process_and_start_no_other() -> None:
    # Each render process grows to the recycle bound; a second one started for renders
    # that never overlap would only double the worker's memory.
    renderer = IsolatedRenderer(processes=2)
    try:
        renderer.warm()
        [warm] = renderer._all
        for _ in range(3):
            renderer.render(edition("Cities are where peace is built."), "docx")
        assert renderer._all == [warm] and warm.alive
    finally:
        renderer.close()
