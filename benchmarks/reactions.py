"""From the commit of an event to the start of the jobs it causes, with arq and in-process.

    python -m benchmarks.reactions      (or: make bench-reactions)

Needs PostgreSQL and Redis (the same defaults as the tests; Redis: its test database).
Starts Accord's real server (uvicorn in a process of its own): once with the in-process
runner (no Redis), once with Redis and two arq workers (`accord worker`). A client then
sets off events at a steady pace: comments (each causes a notification job and a webhook
job) and publications of an unchanged paper (each causes the job that queues its renders,
a webhook job, then the renders, which reuse the files already made).

Measured from the event's `occurred_at` (taken before its transaction commits, so every
figure is, if anything, too long) to when each job started: a consequence's start as
the dispatcher recorded it, a render's as the moment its artifact was recorded (a reused
render is a few queries, so again too long rather than too short). Prints p50 and p99 of
each kind of job over all its events, medians of the rounds, against the 100 ms target.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import httpx
from redis.asyncio import Redis
from sqlalchemy import select

from benchmarks.saves import SECRET, accord_settings, drop_database, fresh_database, server
from drafts.commands import AddSection, CreatePaper, CreateUser, SaveRevision, SetMemberRoles
from services.bootstrap import bootstrap
from services.config import Settings
from services.store.migrate import upgrade
from services.store.tables import ArtifactRow, ConsequenceRow, EventRow, PublicationRow
from tests.servers import REDIS_URL
from workflows.consequences import TABLE
from workflows.dispatch import LEASE_MARGIN
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user

SLUG = "reactions"
TARGET_MS = 100.0


async def load_paper(settings: Settings) -> dict[str, str]:
    """A one-section paper in English with its text; the tokens of its people."""
    accord = bootstrap(settings)
    await upgrade(accord.engine)
    tokens = {}
    async with accord.transaction() as uow:
        for name, admin in (("sec", True), ("ann", False), ("rev", False)):
            _, tokens[name] = await create_user(
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
                slug=SLUG,
                titles={"en": "Reactions benchmark"},
                source_language="en",
                languages=("en",),
            ),
            uow,
            sec,
        )
        for name, role in (("ann", "author"), ("rev", "reviewer")):
            await set_member_roles(
                SetMemberRoles(actor="sec", paper=SLUG, user=name, roles=(role,)), uow
            )
        await add_section(
            AddSection(actor="sec", paper=SLUG, key="s1", titles={"en": "One"}, authors=("ann",)),
            uow,
        )
        await save_revision(
            SaveRevision(
                actor="ann", paper=SLUG, section="s1", language="en", body="A short text.\n"
            ),
            uow,
        )
    await accord.close()
    return tokens


async def publish(client: httpx.AsyncClient, token: str, version: str) -> None:
    r = await client.post(
        f"/api/v1/papers/{SLUG}/publications",
        json={"version": version, "kind": "draft"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201, r.text


async def comment(client: httpx.AsyncClient, token: str, n: int) -> None:
    r = await client.post(
        f"/api/v1/papers/{SLUG}/sections/s1/comments",
        json={"body": f"Comment {n}: please check this sentence."},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201, r.text


async def wait_until_published(client: httpx.AsyncClient, token: str, version: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        r = await client.get(
            f"/api/v1/papers/{SLUG}/publications/{version}",
            headers={"Authorization": f"Bearer {token}"},
        )
        if r.json()["status"] != "rendering":
            assert r.json()["status"] == "published", r.text
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"version {version} was not published")


async def settled(settings: Settings, since: datetime, deadline: float = 120) -> None:
    """Until every consequence of the events since `since` is done, and every artifact."""
    accord = bootstrap(settings)
    try:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            async with accord.uow() as uow:
                waiting = await uow.outbox.waiting()
                open_ = await uow.session.scalar(
                    select(ConsequenceRow.id)
                    .join(EventRow, EventRow.id == ConsequenceRow.event_id)
                    .where(EventRow.occurred_at >= since, ConsequenceRow.status != "done")
                    .limit(1)
                )
                pending = await uow.session.scalar(
                    select(ArtifactRow.id).where(ArtifactRow.status == "pending").limit(1)
                )
            if not waiting and open_ is None and pending is None:
                return
            await asyncio.sleep(0.2)
        raise TimeoutError("the jobs did not finish")
    finally:
        await accord.close()


async def latencies(settings: Settings, since: datetime) -> dict[str, list[float]]:
    """Milliseconds from each event since `since` to the start of each job it caused."""
    leases = {name: h.timeout + LEASE_MARGIN.total_seconds() for name, h in TABLE.handlers().items()}
    found: dict[str, list[float]] = defaultdict(list)
    accord = bootstrap(settings)
    try:
        async with accord.uow() as uow:
            rows = await uow.session.execute(
                select(EventRow.occurred_at, ConsequenceRow.handler, ConsequenceRow.available_at)
                .join(ConsequenceRow, ConsequenceRow.event_id == EventRow.id)
                .where(EventRow.occurred_at >= since, ConsequenceRow.attempts == 1)
            )
            for occurred, handler, available in rows:
                # A try's lease runs from its start: available_at = start + timeout + margin.
                started = available.timestamp() - leases[handler]
                found[handler].append((started - occurred.timestamp()) * 1000)
            renders = await uow.session.execute(
                select(EventRow.occurred_at, ArtifactRow.updated_at)
                .join(PublicationRow, PublicationRow.id == ArtifactRow.publication_id)
                .join(
                    EventRow,
                    (EventRow.name == "PublicationRequested")
                    & (EventRow.payload["version"].as_string() == PublicationRow.version),
                )
                .where(EventRow.occurred_at >= since, EventRow.paper == SLUG)
            )
            first: dict[datetime, float] = {}
            for occurred, recorded in renders:
                ms = (recorded.timestamp() - occurred.timestamp()) * 1000
                first[occurred] = min(first.get(occurred, ms), ms)
            found["render (recorded)"] = list(first.values())
    finally:
        await accord.close()
    return dict(found)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_round(
    url: str, tokens: dict[str, str], settings: Settings, events: int, pace: float, n: int
) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        since = datetime.now().astimezone()
        started = time.perf_counter()
        tasks = []
        for i in range(events):
            # Half comments, half publications, at a steady pace (as people set them off).
            if i % 2:
                tasks.append(asyncio.create_task(comment(client, tokens["rev"], i)))
            else:
                tasks.append(asyncio.create_task(publish(client, tokens["sec"], f"{n}.{i}")))
            await asyncio.sleep(max(0.0, started + (i + 1) / pace - time.perf_counter()))
        await asyncio.gather(*tasks)
    await settled(settings, since)
    return await latencies(settings, since)


async def measure(
    name: str,
    env: dict[str, str],
    settings: Settings,
    tokens: dict[str, str],
    workers: int,
    events: int,
    pace: float,
    rounds: int,
    log: Path,
) -> list[dict[str, list[float]]]:
    serve = ["-m", "services.cli", "serve"]
    results = []
    with ExitStack() as stack:
        processes = []
        if workers:
            with log.open("ab") as out:
                processes = [
                    subprocess.Popen(
                        [sys.executable, "-m", "services.cli", "worker"],
                        env={**os.environ, **env},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                    for _ in range(workers)
                ]
        try:
            url, _pid = stack.enter_context(server(serve, env, log))
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                # The first publication renders for real; later ones reuse its files.
                version = f"warm.{name[:3]}"
                await publish(client, tokens["sec"], version)
                await wait_until_published(client, tokens["sec"], version)
            await settled(settings, datetime.fromtimestamp(0).astimezone())
            for n in range(1, rounds + 1):
                result = await run_round(url, tokens, settings, events, pace, n * 1000)
                results.append(result)
                print(f"  {name}, round {n}:")
                for kind, values in sorted(result.items()):
                    print(
                        f"    {kind:<18} {len(values):4} jobs: p50 {percentile(values, 0.5):6.1f}"
                        f" ms, p99 {percentile(values, 0.99):6.1f} ms"
                    )
        finally:
            for p in processes:
                p.terminate()
            for p in processes:
                p.wait(20)
    return results


async def main(events: int, pace: float, rounds: int, workers: int) -> None:
    redis_url = REDIS_URL
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    database = f"accord_bench_reactions_{os.getpid()}"
    try:
        with tempfile.TemporaryDirectory(prefix="accord-bench-reactions-") as scratch:
            work = Path(scratch)
            settings = accord_settings(await fresh_database(database), work / "data")
            tokens = await load_paper(settings)
            env = {
                "ACCORD_DATABASE_URL": settings.database_url,
                "ACCORD_DATA_DIR": str(settings.data_dir),
                "ACCORD_TOKEN_SECRET": SECRET,
                "ACCORD_ENVIRONMENT": "test",
            }
            print(f"{events} events per round at {pace:g}/s, {rounds} rounds each")
            log = work / "servers.log"
            found = {
                "in-process": await measure(
                    "in-process", env, settings, tokens, 0, events, pace, rounds, log
                ),
                "arq": await measure(
                    f"arq, {workers} workers",
                    {**env, "ACCORD_REDIS_URL": redis_url},
                    settings,
                    tokens,
                    workers,
                    events,
                    pace,
                    rounds,
                    log,
                ),
            }
            if os.environ.get("ACCORD_BENCH_LOG"):
                print(log.read_text()[-6000:])
    finally:
        await drop_database(database)
        await redis.flushdb()
        await redis.aclose()
    print(f"median of {rounds} rounds, from an event's commit to the start of its jobs:")
    for runner, results in found.items():
        for kind in sorted(results[0]):
            p50 = statistics.median(percentile(r[kind], 0.5) for r in results)
            p99 = statistics.median(percentile(r[kind], 0.99) for r in results)
            count = statistics.median(len(r[kind]) for r in results)
            print(
                f"  {runner:<10} {kind:<18} {count:5.0f} jobs/round: p50 {p50:6.1f} ms, "
                f"p99 {p99:6.1f} ms = {p99 / TARGET_MS:.2f} × the {TARGET_MS:.0f} ms target"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=400, help="events per round")
    parser.add_argument("--pace", type=float, default=10.0, help="events per second")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="arq workers")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.pace, arguments.rounds, arguments.workers))
