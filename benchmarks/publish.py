"""Publish a generated 100-section paper (en, es, fr) end to end and compare with raw tools.

    python -m benchmarks.publish      (or: make bench)

Needs PostgreSQL and Redis (the same defaults as the tests). Prints, measured in this run:
the serial time of the raw pandoc and typst commands on the same text, the end-to-end time
from the API call to the last artifact with two arq workers, the cost of republishing a
language whose text did not change, and the workers' peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from benchmarks.paper import paper as generate_paper
from drafts.commands import AddSection, CreatePaper, CreateUser, SaveRevision, SetMemberRoles
from services.api.app import create_app
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.engine import make_engine
from services.store.migrate import upgrade
from tests.servers import POSTGRES_URL, REDIS_URL
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user

LANGS = ("en", "es", "fr")
BENCH_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/14"


# -- the baseline: raw pandoc and typst on the same text ------------------------------


def raw_markdown(sections: dict[int, tuple[str, str]]) -> str:
    return "\n\n".join(f"# {n}. {title}\n\n{body}" for n, (title, body) in sections.items())


def raw_times(markdown: str, lang: str, work: Path) -> dict[str, float]:
    import pypandoc
    import typst

    from services.render.fonts import font_set

    pandoc = pypandoc.get_pandoc_path()
    source = work / f"{lang}.md"
    source.write_text(markdown, encoding="utf-8")
    times: dict[str, float] = {}
    for fmt, out in (("docx", f"{lang}.docx"), ("typst", f"{lang}.typ")):
        started = time.perf_counter()
        subprocess.run(
            [
                pandoc,
                "--sandbox",
                "-f",
                "markdown",
                "-t",
                fmt,
                "-s",
                "-M",
                f"lang={lang}",
                "-o",
                str(work / out),
                str(source),
            ],
            check=True,
        )
        times[fmt] = time.perf_counter() - started
    started = time.perf_counter()
    typst.compile(
        str(work / f"{lang}.typ"),
        output=str(work / f"{lang}.pdf"),
        font_paths=[str(p) for p in font_set().directories],
    )
    times["pdf"] = time.perf_counter() - started
    return times


# -- memory of the worker processes and their children --------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples each worker's resident memory, with its pandoc children, every 50 ms."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids:
                tree = _rss(pid) + sum(_rss(c) for c in _children(pid))
                self.peak[pid] = max(self.peak[pid], tree)
            time.sleep(0.05)


# -- the end-to-end run -----------------------------------------------------------------


async def fresh_database() -> str:
    name = f"accord_bench_{os.getpid()}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def load_paper(accord: Accord, texts: dict[str, dict[int, tuple[str, str]]]) -> str:
    async with accord.uow() as uow:
        for name, admin in (("sec", True), ("ann", False), ("tom", False)):
            await create_user(
                CreateUser(
                    actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org", is_admin=admin
                ),
                uow,
                accord.tokens,
            )
        sec = await uow.users.get("sec")
        assert sec is not None
        await create_paper(
            CreatePaper(
                actor="sec",
                slug="bench",
                titles={"en": "Benchmark paper"},
                source_language="en",
                languages=LANGS,
                symbol="A/CONF.226/BENCH/1",
                forum="Habitat III",
            ),
            uow,
            sec,
        )
        await set_member_roles(
            SetMemberRoles(actor="sec", paper="bench", user="ann", roles=("author",)), uow
        )
        await set_member_roles(
            SetMemberRoles(actor="sec", paper="bench", user="tom", roles=("translator",)), uow
        )
        for n, _ in texts["en"].items():
            await add_section(
                AddSection(
                    actor="sec",
                    paper="bench",
                    key=f"s{n}",
                    titles={lang: texts[lang][n][0] for lang in LANGS},
                    authors=("ann",),
                ),
                uow,
            )
        for lang in LANGS:
            for n, (_title, body) in texts[lang].items():
                await save_revision(
                    SaveRevision(
                        actor="ann" if lang == "en" else "tom",
                        paper="bench",
                        section=f"s{n}",
                        language=lang,
                        body=body,
                    ),
                    uow,
                )
        await uow.commit()
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name="bench", email="b@example.org", is_admin=True),
            uow,
            accord.tokens,
        )
        await set_member_roles(
            SetMemberRoles(actor="sec", paper="bench", user="bench", roles=("secretariat",)), uow
        )
        await uow.commit()
    return token


def start_workers(settings: Settings, count: int, log: Path) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "ACCORD_DATABASE_URL": settings.database_url,
        "ACCORD_REDIS_URL": BENCH_REDIS,
        "ACCORD_DATA_DIR": str(settings.data_dir),
        "ACCORD_TOKEN_SECRET": settings.token_secret,
        "ACCORD_ENVIRONMENT": "test",
    }
    out = log.open("ab")
    return [
        subprocess.Popen(
            [sys.executable, "-m", "services.cli", "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        for _ in range(count)
    ]


async def wait_for_empty_outbox(accord: Accord) -> None:
    while True:
        async with accord.uow() as uow:
            if not await uow.outbox.waiting():
                break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)


async def publish_and_wait(client: httpx.AsyncClient, version: str) -> float:
    started = time.perf_counter()
    r = await client.post("/papers/bench/publications", json={"version": version, "kind": "draft"})
    assert r.status_code == 201, r.text
    while True:
        state = (await client.get(f"/papers/bench/publications/{version}")).json()
        if state["status"] != "rendering":
            assert state["status"] == "published", state
            return time.perf_counter() - started
        await asyncio.sleep(0.05)


async def job_seconds(redis: Redis) -> dict[str, float]:
    """Seconds each render job ran, by 'version-independent' job key (publication:lang:fmt)."""
    from arq.connections import ArqRedis

    arq = ArqRedis(connection_pool=redis.connection_pool)
    spent: dict[str, float] = {}
    for result in await arq.all_job_results():
        if result.function == "render":
            key = f"{result.args[0]}:{result.args[1]}:{result.args[2]}"
            spent[key] = (result.finish_time - result.start_time).total_seconds()
    return spent


async def main(sections: int, workers: int) -> None:
    texts = generate_paper(sections)
    words = {lang: sum(len(b.split()) for _, b in texts[lang].values()) for lang in LANGS}
    print(f"paper: {sections} sections; words " + ", ".join(f"{k} {v}" for k, v in words.items()))

    with tempfile.TemporaryDirectory(prefix="accord-bench-") as scratch:
        work = Path(scratch)
        raw = {lang: raw_times(raw_markdown(texts[lang]), lang, work) for lang in LANGS}
        serial = sum(sum(t.values()) for t in raw.values())
        for lang, t in raw.items():
            print(
                f"raw {lang}: md→docx {t['docx']:.2f} s, md→typst {t['typst']:.2f} s, "
                f"typst→pdf {t['pdf']:.2f} s"
            )
        print(f"raw serial total: {serial:.2f} s")

        settings = Settings(
            environment="test",
            database_url=await fresh_database(),
            redis_url=BENCH_REDIS,
            data_dir=work / "data",
            token_secret="benchmark-secret-" + "x" * 32,
        )
        accord = bootstrap(settings)
        await upgrade(accord.engine)
        token = await load_paper(accord, texts)
        redis = Redis.from_url(BENCH_REDIS)
        await redis.flushdb()
        processes = start_workers(settings, workers, work / "workers.log")
        watch = MemoryWatch([p.pid for p in processes])
        watch.start()
        # Let the workers start (and relay the events of loading the paper) first.
        await wait_for_empty_outbox(accord)
        app = create_app(accord, run_jobs=False)
        transport = httpx.ASGITransport(app=app)
        try:
            # The app's own start-up: with a Redis URL it wakes the relay after commits.
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=transport,
                    base_url="http://bench/api/v1",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=60,
                ) as client,
            ):
                first = await publish_and_wait(client, "0.1")
                first_jobs = await job_seconds(redis)
                # Only English changes; Spanish and French are republished unchanged.
                r = await client.post(
                    "/papers/bench/sections/s1/languages/en/revisions",
                    json={"body": texts["en"][1][1] + "\nOne more sentence.\n", "base_revision": 1},
                )
                assert r.status_code == 201, r.text
                second = await publish_and_wait(client, "0.2")
                all_jobs = await job_seconds(redis)
        finally:
            if os.environ.get("ACCORD_BENCH_LOG"):
                print((work / "workers.log").read_text()[-6000:])
            watch.stop.set()
            for p in processes:
                p.terminate()
            for p in processes:
                p.wait(20)
            await redis.flushdb()
            await redis.aclose()
            await accord.close()

    print(
        f"end to end, first publication ({workers} workers): {first:.2f} s "
        f"= {first / serial:.2f} × the raw serial time (target ≤ 0.6)"
    )
    print(f"end to end, republish with en changed: {second:.2f} s")
    first_by_lang = {lang: 0.0 for lang in LANGS}
    again_by_lang = {lang: 0.0 for lang in LANGS}
    for key, seconds in all_jobs.items():
        publication, lang, _fmt = key.split(":")
        target = first_by_lang if key in first_jobs else again_by_lang
        target[lang] += seconds
    for lang in ("es", "fr"):
        ratio = again_by_lang[lang] / first_by_lang[lang] if first_by_lang[lang] else float("nan")
        print(
            f"republish unchanged {lang}: job time {again_by_lang[lang] * 1000:.0f} ms vs "
            f"first render {first_by_lang[lang]:.2f} s = {ratio:.1%} (target ≤ 2%)"
        )
    for pid, peak in watch.peak.items():
        print(
            f"worker {pid}: peak memory with its pandoc children {peak / 2**20:.0f} MB "
            "(target < 1024 MB)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sections", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sections, arguments.workers))
