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
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
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
Texts = dict[str, dict[int, tuple[str, str]]]
BENCH_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/14"


# -- the baseline: raw pandoc and typst on the same text ------------------------------


def raw_markdown(sections: dict[int, tuple[str, str]]) -> str:
    return "\n\n".join(f"# {n}. {title}\n\n{body}" for n, (title, body) in sections.items())


def raw_times(markdown: str, lang: str, work: Path) -> dict[str, float]:
    """pandoc to DOCX, pandoc to Typst, Typst to PDF: each timed in a fresh process, as a
    person would run the commands (so no cache of an earlier compile helps)."""
    source = work / f"{lang}.md"
    source.write_text(markdown, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.raw", str(source), lang],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout))


# -- memory of the worker processes and their children --------------------------------


def _children(pid: int) -> list[int]:
    """Every descendant: a worker's render process, and the pandoc it runs."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found + [grandchild for child in found for grandchild in _children(child)]


def _kb_field(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rss(pid: int) -> int:
    return _kb_field(f"/proc/{pid}/status", "VmRSS:")


def _pss(pid: int) -> int:
    """The process's proportional share of its pages: a page shared by n processes counts
    1/n in each. A child forked to run pandoc shares all its parent's pages until it runs
    pandoc, so summing resident sizes counts those pages twice; proportional sizes sum to
    what the tree takes."""
    return _kb_field(f"/proc/{pid}/smaps_rollup", "Pss:")


class MemoryWatch(threading.Thread):
    """Samples each worker's memory, with its render process and pandoc, every 50 ms: the
    peak of the proportional sizes summed over the tree (`peak`, what it takes), and of
    the resident sizes summed (`resident_peak`, shared pages counted in each process)."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0)
        self.resident_peak = dict.fromkeys(pids, 0)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids:
                tree = [pid, *_children(pid)]
                self.peak[pid] = max(self.peak[pid], sum(_pss(p) for p in tree))
                self.resident_peak[pid] = max(self.resident_peak[pid], sum(_rss(p) for p in tree))
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


async def load_users(accord: Accord) -> str:
    """The paper's people, and the token of the secretariat member who publishes."""
    async with accord.transaction() as uow:
        for name, admin in (("sec", True), ("ann", False), ("tom", False)):
            await create_user(
                CreateUser(
                    actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org", is_admin=admin
                ),
                uow,
                accord.tokens,
            )
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name="bench", email="b@example.org", is_admin=True),
            uow,
            accord.tokens,
        )
    return token


async def load_paper(
    accord: Accord, slug: str, texts: dict[str, dict[int, tuple[str, str]]]
) -> None:
    async with accord.transaction() as uow:
        sec = await uow.users.get("sec")
        assert sec is not None
        await create_paper(
            CreatePaper(
                actor="sec",
                slug=slug,
                titles={"en": "Benchmark paper"},
                source_language="en",
                languages=LANGS,
                symbol="A/CONF.226/BENCH/1",
                forum="Habitat III",
            ),
            uow,
            sec,
        )
        for name, role in (("ann", "author"), ("tom", "translator"), ("bench", "secretariat")):
            await set_member_roles(
                SetMemberRoles(actor="sec", paper=slug, user=name, roles=(role,)), uow
            )
        for n in texts["en"]:
            await add_section(
                AddSection(
                    actor="sec",
                    paper=slug,
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
                        paper=slug,
                        section=f"s{n}",
                        language=lang,
                        body=body,
                    ),
                    uow,
                )


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


async def publish_and_wait(client: httpx.AsyncClient, slug: str, version: str) -> float:
    started = time.perf_counter()
    r = await client.post(
        f"/papers/{slug}/publications", json={"version": version, "kind": "draft"}
    )
    assert r.status_code == 201, r.text
    while True:
        state = (await client.get(f"/papers/{slug}/publications/{version}")).json()
        if state["status"] != "rendering":
            assert state["status"] == "published", state
            return time.perf_counter() - started
        await asyncio.sleep(0.05)


@dataclass(frozen=True)
class JobTimes:
    """When a render job was queued, started and finished (seconds since the epoch)."""

    queued: float
    started: float
    finished: float

    @property
    def seconds(self) -> float:
        return self.finished - self.started


async def job_times(redis: Redis) -> dict[str, JobTimes]:
    """Each render job's times, by job key (publication:language:format)."""
    from services.worker.arq_queue import queue, render_runs

    return {
        f"{run.job.publication}:{run.job.language}:{run.job.format}": JobTimes(
            run.queued.timestamp(), run.started.timestamp(), run.finished.timestamp()
        )
        for run in await render_runs(queue(redis))
    }


def print_timeline(requested: float, jobs: dict[str, JobTimes]) -> None:
    """Where the end-to-end time went: each job's queueing and running, from the request."""
    for key, t in sorted(jobs.items(), key=lambda item: item[1].started):
        print(
            f"  {key.split(':', 1)[1]:>8}: queued +{t.queued - requested:.2f} s, "
            f"ran +{t.started - requested:.2f} → +{t.finished - requested:.2f} s"
        )


@dataclass
class Round:
    raw: float
    first: float
    second: float
    first_jobs: dict[str, JobTimes]
    all_jobs: dict[str, JobTimes]
    peaks: list[int]
    resident_peaks: list[int]


async def run_round(
    accord: Accord,
    token: str,
    slug: str,
    texts: Texts,
    workers: int,
    work: Path,
    timeline: bool = False,
) -> Round:
    """One measurement: the raw tools, then fresh workers publishing a fresh paper."""
    raw = sum(sum(raw_times(raw_markdown(texts[lang]), lang, work).values()) for lang in LANGS)
    await load_paper(accord, slug, texts)
    redis = Redis.from_url(BENCH_REDIS)
    await redis.flushdb()
    processes = start_workers(accord.settings, workers, work / "workers.log")
    watch = MemoryWatch([p.pid for p in processes])
    watch.start()
    # Let the workers start (and relay the events of loading the paper) first.
    await wait_for_empty_outbox(accord)
    app = create_app(accord)
    try:
        # The app's own start-up: with a Redis URL it wakes the relay after commits.
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://bench/api/v1",
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            ) as client,
        ):
            requested = time.time()
            first = await publish_and_wait(client, slug, "0.1")
            first_jobs = await job_times(redis)
            if timeline:
                print_timeline(requested, first_jobs)
            # Only English changes; Spanish and French are republished unchanged.
            r = await client.post(
                f"/papers/{slug}/sections/s1/languages/en/revisions",
                json={"body": texts["en"][1][1] + "\nOne more sentence.\n", "base_revision": 1},
            )
            assert r.status_code == 201, r.text
            second = await publish_and_wait(client, slug, "0.2")
            all_jobs = await job_times(redis)
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
    return Round(
        raw,
        first,
        second,
        first_jobs,
        all_jobs,
        list(watch.peak.values()),
        list(watch.resident_peak.values()),
    )


async def main(sections: int, workers: int, rounds: int, timeline: bool) -> None:
    texts = generate_paper(sections)  # the first round's; each round has its own
    words = {lang: sum(len(b.split()) for _, b in texts[lang].values()) for lang in LANGS}
    print(f"paper: {sections} sections; words " + ", ".join(f"{k} {v}" for k, v in words.items()))
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as scratch:
        work = Path(scratch)
        settings = Settings(
            environment="test",
            database_url=await fresh_database(),
            redis_url=BENCH_REDIS,
            data_dir=work / "data",
            token_secret="benchmark-secret-" + "x" * 32,
        )
        accord = bootstrap(settings)
        await upgrade(accord.engine)
        token = await load_users(accord)
        results = []
        for n in range(1, rounds + 1):
            # A text of its own per round: equal inputs would be reused, not rendered.
            texts = generate_paper(sections, seed=n)
            result = await run_round(accord, token, f"bench{n}", texts, workers, work, timeline)
            results.append(result)
            print(
                f"round {n}: raw serial {result.raw:.2f} s; end to end ({workers} workers) "
                f"{result.first:.2f} s = {result.first / result.raw:.2f} ×; "
                f"republish with en changed {result.second:.2f} s"
            )
        await accord.close()

    ratios = sorted(r.first / r.raw for r in results)
    print(
        f"end to end / raw serial, median of {rounds}: {statistics.median(ratios):.2f} × "
        f"(rounds: {', '.join(f'{x:.2f}' for x in ratios)}; target ≤ 0.6)"
    )
    for lang in ("es", "fr"):
        shares = []
        for r in results:
            first = sum(t.seconds for k, t in r.first_jobs.items() if k.split(":")[1] == lang)
            again = sum(
                t.seconds
                for k, t in r.all_jobs.items()
                if k not in r.first_jobs and k.split(":")[1] == lang
            )
            shares.append(again / first if first else float("nan"))
        print(
            f"republish unchanged {lang}: job time / first render, median "
            f"{statistics.median(shares):.1%} (target ≤ 2%)"
        )
    peak = max(p for r in results for p in r.peaks)
    resident = max(p for r in results for p in r.resident_peaks)
    print(
        f"worker peak memory with its render processes and pandoc: {peak / 2**20:.0f} MB "
        f"(target < 1024 MB; resident sizes summed, shared pages counted in each process: "
        f"{resident / 2**20:.0f} MB)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sections", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--timeline", action="store_true", help="print when each job of a first publication ran"
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sections, arguments.workers, arguments.rounds, arguments.timeline))
