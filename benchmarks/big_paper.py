"""A big paper's overviews: status matrix, outline, comment list and event list.

    python -m benchmarks.big_paper      (or: make bench-big)

Loads, through the workflows as the API would, a paper of 1,000 sections in six
languages with five revisions of each text (30,000 revisions, as many events; a tenth
of the texts cite a practice) and comments on one text, on PostgreSQL (and SQLite with
--sqlite). Then asks each overview many times through the API in process and prints
its p50 and p99 against the 100 ms target, the same for a small paper (10 sections) as
a baseline, the number of statements each request ran at both sizes, and this
process's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from benchmarks.publish import MemoryWatch
from drafts.commands import AddComment, AddSection, CreatePaper, CreateUser, SetMemberRoles
from drafts.events import RevisionSaved
from drafts.model import Revision
from drafts.text import content_hash
from services.api import cursors
from services.api.app import create_app
from services.api.long_lived import long_lived_objects
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.engine import make_engine
from services.store.migrate import upgrade
from tests.servers import POSTGRES_URL
from workflows.comments import add_comment
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user

LANGS = ("en", "fr", "es", "ar", "ru", "zh")
COMMENTS = 120  # on the first section's English text: more than one page of them


def overviews(slug: str) -> dict[str, str]:
    """The four overviews, by name: the request each one is."""
    return {
        # A page of 100 sections × 6 languages: the whole matrix of 6,000 cells is
        # too much to answer (or show) in 100 ms.
        "status matrix": f"/papers/{slug}/status?limit=100",
        "outline": f"/papers/{slug}/sections",
        "comment list": f"/papers/{slug}/sections/s1/comments?language=en",
        "event list": f"/papers/{slug}/events?after={{events}}",
    }


async def load_people(accord: Accord) -> str:
    """The paper's people; the token of the secretariat member who reads."""
    async with accord.transaction() as uow:
        for name in ("sec", "ann", "tom"):
            await create_user(
                CreateUser(
                    actor=SYSTEM_ACTOR,
                    name=name,
                    email=f"{name}@example.org",
                    is_admin=name == "sec",
                ),
                uow,
                accord.tokens,
            )
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name="bench", email="bench@example.org", is_admin=True),
            uow,
            accord.tokens,
        )
    return token


async def load_paper(accord: Accord, slug: str, sections: int, revisions: int) -> None:
    """`sections` × six languages × `revisions`, and COMMENTS on s1/en, through the
    workflows; a transaction per section keeps each one short."""
    async with accord.transaction() as uow:
        sec = await uow.users.get("sec")
        assert sec is not None
        await create_paper(
            CreatePaper(
                actor="sec",
                slug=slug,
                titles={"en": "A big paper"},
                source_language="en",
                languages=LANGS,
                symbol="A/CONF.226/BIG/1",
                forum="Habitat III",
            ),
            uow,
            sec,
        )
        for name, role in (("ann", "author"), ("tom", "translator"), ("bench", "secretariat")):
            await set_member_roles(
                SetMemberRoles(actor="sec", paper=slug, user=name, roles=(role,)), uow
            )
    # Sections through the workflow (with their texts in every language); revisions
    # straight through the store's ports, as save_revision writes them, with their
    # events: the workflow's checks would make loading 30,000 of them take a quarter
    # of an hour on this machine, and they are not what is measured.
    for first in range(1, sections + 1, 50):
        async with accord.transaction() as uow:
            for n in range(first, min(first + 50, sections + 1)):
                await add_section(
                    AddSection(
                        actor="sec",
                        paper=slug,
                        key=f"s{n}",
                        titles={lang: f"Section {n} ({lang})" for lang in LANGS},
                        authors=("ann",),
                    ),
                    uow,
                )
    async with accord.transaction() as uow:
        paper = await uow.papers.get(slug)
        assert paper is not None
        now = datetime.now(UTC)
        for section in await uow.sections.list(paper):
            for lang in LANGS:
                track = await uow.tracks.get(section, lang)
                assert track is not None
                author = "ann" if lang == "en" else "tom"
                for r in range(1, revisions + 1):
                    body = f"Revision {r} of section {section.key} in {lang}. " * 8
                    if section.key.endswith("1"):
                        # A tenth of the texts cite a practice, as the status shows.
                        body += f"As in {{practice:case-{section.key}}}."
                    digest = content_hash(body)
                    await uow.revisions.add(
                        track, Revision(r, body, digest, author, now, parent=r - 1 or None)
                    )
                    uow.record(
                        RevisionSaved(
                            actor=author,
                            paper=slug,
                            section=section.key,
                            language=lang,
                            number=r,
                            content_hash=digest,
                            base=r - 1 or None,
                            merged=False,
                        )
                    )
                track.head = revisions
                await uow.tracks.update(track)
    async with accord.transaction() as uow:
        for c in range(COMMENTS):
            await add_comment(
                AddComment(
                    actor="sec",
                    paper=slug,
                    section="s1",
                    language="en",
                    body=f"Comment {c}",
                    exact="Revision",
                    start=0,
                ),
                uow,
            )


class Statements:
    """Counts the statements the engine sends to the database."""

    def __init__(self, accord: Accord) -> None:
        self.count = 0
        event.listen(accord.engine.sync_engine, "before_cursor_execute", self._one)

    def _one(self, *_: object) -> None:
        self.count += 1

    async def of(self, call: Callable[[], Awaitable[object]]) -> int:
        before = self.count
        await call()
        return self.count - before


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def measure(
    client: httpx.AsyncClient, statements: Statements, slug: str, events: int, requests: int
) -> dict[str, tuple[float, float, int]]:
    """Per overview: p50 and p99 in seconds over `requests` requests, and its statements."""
    found: dict[str, tuple[float, float, int]] = {}
    for name, path in overviews(slug).items():
        # The last page of the log: a follower's usual read.
        url = path.format(events=cursors.encode(max(events - 100, 1)))

        async def ask(url: str = url) -> None:
            r = await client.get(url)
            assert r.status_code == 200, r.text

        count = await statements.of(ask)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            await ask()
            times.append(time.perf_counter() - started)
        found[name] = (statistics.median(times), p99(times), count)
    return found


async def fresh_postgresql() -> str:
    name = f"accord_big_{os.getpid()}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgresql(url: str) -> None:
    name = make_url(url).database
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def ask_both(
    app: FastAPI, token: str, statements: Statements, sizes: dict[str, int], requests: int
) -> tuple[dict[str, tuple[float, float, int]], dict[str, tuple[float, float, int]]]:
    """The overviews of the small paper and of the big one, measured."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://bench/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    ) as client:
        small = await measure(client, statements, "small", sizes["small"], requests)
        big = await measure(client, statements, "big", sizes["big"], requests)
    return small, big


async def run(database_url: str, work: Path, sections: int, revisions: int, requests: int) -> None:
    settings = Settings(
        environment="test",
        database_url=database_url,
        data_dir=work / "data",
        token_secret="benchmark-secret-" + "x" * 32,
    )
    accord = bootstrap(settings)
    try:
        await upgrade(accord.engine)
        token = await load_people(accord)
        started = time.perf_counter()
        await load_paper(accord, "small", 10, revisions)
        await load_paper(accord, "big", sections, revisions)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        async with accord.uow() as uow:
            sizes = {slug: await uow.events.latest(slug) for slug in ("small", "big")}
        statements = Statements(accord)
        app = create_app(accord)
        # As the app's start-up sets aside what it keeps alive (the transport here does
        # not run the app's lifespan).
        with long_lived_objects():
            small, big = await ask_both(app, token, statements, sizes, requests)
        for name in big:
            s50, s99, s_count = small[name]
            b50, b99, b_count = big[name]
            print(
                f"  {name:>13}: p50 {b50 * 1000:6.1f} ms, p99 {b99 * 1000:6.1f} ms "
                f"= {b99 / 0.1:.2f} × the 100 ms target; small paper p99 {s99 * 1000:.1f} ms "
                f"({b99 / s99:.1f} ×); statements {b_count} (small paper {s_count})"
            )
    finally:
        await accord.close()


async def main(sections: int, revisions: int, requests: int, sqlite: bool) -> None:
    watch = MemoryWatch([os.getpid()])
    watch.start()
    print(
        f"big paper: {sections} sections × {len(LANGS)} languages × {revisions} revisions, "
        f"{COMMENTS} comments on one text; {requests} requests per overview"
    )
    with tempfile.TemporaryDirectory(prefix="accord-big-") as scratch:
        work = Path(scratch)
        url = await fresh_postgresql()
        print("PostgreSQL:")
        try:
            await run(url, work / "pg", sections, revisions, requests)
        finally:
            await drop_postgresql(url)
        if sqlite:
            print("SQLite:")
            await run(
                f"sqlite+aiosqlite:///{work}/big.db", work / "sqlite", sections, revisions, requests
            )
    watch.stop.set()
    print(f"peak memory of this process (app and loader): {watch.peak[os.getpid()] / 2**20:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--sqlite", action="store_true", help="also measure on SQLite")
    a = parser.parse_args()
    asyncio.run(main(a.sections, a.revisions, a.requests, a.sqlite))
