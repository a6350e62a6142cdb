"""Publishing through the API and the job functions, on SQLite and PostgreSQL.

The renderer here is a counting stand-in, so these tests are about the orchestration:
blockers, immutable versions, exactly-once artifacts, reuse and failure. The real pandoc
and typst renders are proven in test_render.py and test_publish_end_to_end.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading

import httpx
import pytest

from services.bootstrap import Accord
from services.worker.inprocess import InProcessRunner
from services.worker.jobs import Jobs
from tests.integration.world import World, build_world
from workflows.ports import ConsequenceJob, RenderJob
from workflows.render_jobs import render_artifact
from workflows.rendering import Edition, RenderFailed


class CountingRenderer:
    """Deterministic bytes from the edition; keeps what it was asked to render; can be told
    to fail or wait."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.editions: list[Edition] = []
        self.fail_with: str | None = None
        self.gate: threading.Event | None = None
        self._lock = threading.Lock()

    def render(self, edition: Edition, fmt: str) -> bytes:
        with self._lock:
            self.calls.append((edition.language, fmt))
            self.editions.append(edition)
        if self.gate is not None:
            self.gate.wait(10)
        if self.fail_with:
            raise RenderFailed(self.fail_with)
        text = "\n".join(f"{s.number} {s.title}\n{s.body}" for s in edition.sections)
        return f"{fmt}:{edition.kind}:{edition.version}:{text}".encode()


@pytest.fixture
def renderer() -> CountingRenderer:
    """Every test here renders with the counting stand-in (`accord` is wired with it)."""
    return CountingRenderer()


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    for lang, who in (("en", "author"), ("fr", "translator"), ("es", "translator")):
        r = await w.save(who, f"Text of the introduction in {lang}.\n", lang=lang)
        assert r.status_code == 201
    return w


async def approve_all(w: World) -> None:
    for lang, who in (("en", "author"), ("fr", "translator"), ("es", "translator")):
        assert (await w.call(who, "POST", w.text_url(lang) + "/submit")).status_code == 200
        head = (await w.call("sec", "GET", w.text_url(lang))).json()["current_revision"]["number"]
        r = await w.call(
            "reviewer",
            "POST",
            f"/papers/{w.paper}/sections/{w.section}/reviews",
            json={"language": lang, "revision": head, "decision": "approve"},
        )
        assert r.json()["state"] == "approved", r.text


async def publish(w: World, version: str, kind: str = "draft", **extra: object) -> httpx.Response:
    return await w.call(
        "sec",
        "POST",
        f"/papers/{w.paper}/publications",
        json={"version": version, "kind": kind, **extra},
    )


async def run_jobs(accord: Accord) -> None:
    runner = InProcessRunner(accord)
    async with asyncio.timeout(60):
        await runner.drain()


async def test_a_final_version_lists_every_blocker(world: World) -> None:
    r = await publish(world, "1.0", "final")
    assert r.status_code == 409
    problem = r.json()
    assert problem["type"] == "urn:accord:problem:publication-blocked"
    reasons = {(b["language"], b["reason"]) for b in problem["blockers"]}
    assert ("en", "is not approved in its current revision") in reasons
    assert {b["language"] for b in problem["blockers"]} == {"en", "es", "fr"}


async def test_an_open_comment_blocks_a_final_version(world: World) -> None:
    await approve_all(world)
    await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/intro/comments",
        json={"body": "Typo?", "exact": "Text", "start": 0},
    )
    r = await publish(world, "1.0", "final")
    assert r.status_code == 409
    assert any("open comment" in b["reason"] for b in r.json()["blockers"])


async def test_a_draft_is_rendered_once_per_language_and_format(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    r = await publish(world, "0.1")
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "rendering"
    assert [e["language"] for e in r.json()["manifest"]] == ["en", "es", "fr"]
    await run_jobs(accord)
    assert sorted(renderer.calls) == sorted(
        (lang, fmt) for lang in ("en", "es", "fr") for fmt in ("docx", "pdf")
    )
    done = (await world.call("author", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "published"
    fr_pdf = next(a for a in done["artifacts"] if (a["language"], a["format"]) == ("fr", "pdf"))
    file = await world.call("author", "GET", fr_pdf["url"].removeprefix("/api/v1"))
    assert file.status_code == 200
    assert file.headers["content-type"] == "application/pdf"
    assert "A-CONF.226-PC.3-14-0.1-fr.pdf" in file.headers["content-disposition"]
    assert hashlib.sha256(file.content).hexdigest() == fr_pdf["sha256"]
    assert len(file.content) == fr_pdf["size"]
    events = (
        await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    ).json()["items"]
    names = [e["type"] for e in events]
    assert names.count("ArtifactRendered") == 6 and names.count("PublicationPublished") == 1


async def test_versions_are_immutable(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    first = await publish(world, "0.1", languages=["en"])
    again = await publish(world, "0.1", languages=["en"])
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["manifest"] == first.json()["manifest"]
    await world.save("author", "Changed.\n", base=1)
    other = await publish(world, "0.1", languages=["en"])
    assert other.status_code == 409
    listed = (await world.call("sec", "GET", f"/papers/{world.paper}/publications")).json()
    assert [p["version"] for p in listed["items"]] == ["0.1"]


async def test_a_final_version_of_approved_text_publishes(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    await approve_all(world)
    r = await publish(world, "1.0", "final")
    assert r.status_code == 201, r.text
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/1.0")).json()
    assert done["status"] == "published" and done["kind"] == "final"


async def test_the_same_job_twice_at_once_makes_one_artifact(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    created = (await publish(world, "0.1", languages=["en"], formats=["pdf"])).json()
    assert created["status"] == "rendering"
    async with accord.uow() as uow:
        publication = await uow.publications.get(await uow.papers.get(world.paper), "0.1")  # type: ignore[arg-type]
    assert publication is not None and publication.id is not None
    job = RenderJob(publication.id, "en", "pdf")
    outcomes = await asyncio.gather(
        *(render_artifact(job, accord.transaction, renderer, accord.files) for _ in range(4))
    )
    assert outcomes.count("rendered") == 1, outcomes
    again = await render_artifact(job, accord.transaction, renderer, accord.files)
    assert again == "already done"
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "published"
    assert len(done["artifacts"]) == 1


async def test_an_unchanged_language_is_reused_not_rendered_again(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    await publish(world, "0.1", languages=["en"])
    await run_jobs(accord)
    calls = len(renderer.calls)
    await publish(world, "0.2", languages=["en"])
    await run_jobs(accord)
    assert len(renderer.calls) == calls
    one = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    two = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.2")).json()
    assert two["status"] == "published"
    assert [a["sha256"] for a in two["artifacts"]] == [a["sha256"] for a in one["artifacts"]]
    assert two["artifacts"][0]["filename"].endswith("0.2-en.docx")
    events = (
        await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    ).json()["items"]
    reused = [e["data"]["reused"] for e in events if e["type"] == "ArtifactRendered"]
    assert reused == [False, False, True, True]


async def test_a_render_that_fails_for_good_fails_the_version_with_its_reason(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    renderer.fail_with = "no configured font covers U+10380"
    await publish(world, "0.1", languages=["en"], formats=["pdf"])
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "failed"
    assert "U+10380" in done["failure"]
    assert done["artifacts"][0]["status"] == "failed"


class RecordingQueue:
    """A runner's queue that only writes down what it is given; can be told to fail."""

    def __init__(self) -> None:
        self.renders: list[RenderJob] = []
        self.consequences: list[ConsequenceJob] = []
        self.broken = False

    async def render(self, job: RenderJob) -> None:
        self.renders.append(job)

    async def consequence(self, job: ConsequenceJob) -> None:
        if self.broken:
            raise ConnectionError("the queue went away")
        self.consequences.append(job)


async def test_a_relay_whose_queue_fails_loses_nothing(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    await publish(world, "0.1", languages=["en"])
    queue = RecordingQueue()
    jobs = Jobs(accord, queue)
    queue.broken = True
    with pytest.raises(ConnectionError):
        await jobs.relay()
    # The event was dispatched (its consequence recorded) but the wake-up was lost.
    async with accord.uow() as uow:
        assert await uow.outbox.waiting() == 0

    queue.broken = False
    await jobs.relay()
    [job] = [c for c in queue.consequences if c.handler == "queue-renders"]
    assert job.handler == "queue-renders"
    assert await jobs.relay() == 0  # queued once, not at every relay
    assert await jobs.consequence(job) == "done"
    assert sorted(r.id for r in queue.renders) == sorted(
        f"render:{queue.renders[0].publication}:en:{fmt}" for fmt in ("docx", "pdf")
    )


async def test_the_relay_queues_the_longest_renders_first(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    # Two workers finish together only when the long jobs start first: a PDF costs about
    # three times a DOCX of the same text, and the text's length sets the rest.
    for lang, words in (("es", 1000), ("fr", 200)):
        r = await world.save("translator", "palabra " * words + "\n", base=1, lang=lang)
        assert r.status_code == 201, r.text
    # English was long once; only the revision the version is made of may count.
    for base, body in ((1, "word " * 5000 + "\n"), (2, "Short again.\n")):
        assert (await world.save("author", body, base=base)).status_code == 201
    await publish(world, "0.1")
    queue = RecordingQueue()
    jobs = Jobs(accord, queue)
    await jobs.relay()
    [job] = [c for c in queue.consequences if c.handler == "queue-renders"]
    await jobs.consequence(job)
    queued = [f"{r.language}.{r.format}" for r in queue.renders]
    # es: 1000 words, fr: 200, en: one line. es.docx (1000) outweighs fr.pdf (3 × 200),
    # and fr.docx outweighs en.pdf (3 × one line).
    assert queued == ["es.pdf", "es.docx", "fr.pdf", "fr.docx", "en.pdf", "en.docx"]


async def test_each_language_prints_its_own_forum_as_frozen_with_the_version(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    url = f"/papers/{world.paper}"
    forums = {"fr": "Habitat III (en français)"}
    assert (await world.call("sec", "PATCH", url, json={"forums": forums})).status_code == 200
    assert (await publish(world, "0.1")).status_code == 201
    # Changed after the request: 0.1 keeps the forum it was frozen with.
    later = {"forums": {"fr": "Autre forum"}}
    assert (await world.call("sec", "PATCH", url, json=later)).status_code == 200
    await run_jobs(accord)
    printed = {e.language: e.forum for e in renderer.editions}
    assert printed == {"en": "Habitat III", "es": "Habitat III", "fr": forums["fr"]}
