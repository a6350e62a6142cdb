"""From the commit of an event to the start of the jobs it causes, with arq and in-process.

    python -m benchmarks.reactions      (or: make bench-reactions)

Needs PostgreSQL and Redis (the same defaults as the tests; Redis: its test database).
Starts Accord's real server (uvicorn in a process of its own): once with the in-process
runner (no Redis), once with Redis and two arq workers (`accord worker`). A client then
sets off events at a steady pace: comments (each causes a notification job and a webhook
job: the paper has an endpoint, a receiver in this process that answers 204) and, one in
ten, publications of an unchanged paper (each causes the job that queues
its renders, a webhook job, then the renders, which reuse the files already made, and
the events of those in turn).

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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from redis.asyncio import Redis
from sqlalchemy import select

from benchmarks.saves import SECRET, accord_settings, drop_database, fresh_database, server
from benchmarks.webhook_receiver import allow, receiver
from drafts.commands import (
    AddSection,
    CreatePaper,
    CreateUser,
    SaveRevision,
    SetMemberRoles,
    SubscribeWebhook,
)
from services.bootstrap import bootstrap
from services.config import Settings
from services.store.consequence_tables import ConsequenceRow
from services.store.migrate import upgrade
from services.store.publication_tables import ArtifactRow, PublicationRow
from services.store.tables import EventRow
from tests.servers import REDIS_URL
from workflows.consequences import TABLE
from workflows.dispatch import LEASE_MARGIN
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user
from workflows.webhooks import subscribe_webhook

SLUG = "reactions"
TARGET_MS = 100.0


@dataclass(frozen=True)
class Plan:
    events: int  # per round
    pace: float  # events per second
    rounds: int
    publish_every: int  # one event in this many is a publication (0: none)


async def load_paper(settings: Settings, webhook_url: str) -> dict[str, str]:
    """A one-section paper in English with its text and a webhook endpoint; the tokens of
    its people."""
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
        await subscribe_webhook(
            SubscribeWebhook(actor="sec", paper=SLUG, url=webhook_url), uow, allow
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
        json={"body": f"Comment {n}: please check this.", "exact": "short text"},
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
    leases = {
        name: h.timeout + LEASE_MARGIN.total_seconds() for name, h in TABLE.handlers().items()
    }
    found: dict[str, list[float]] = defaultdict(list)
    accord = bootstrap(settings)
    try:
        async with accord.uow() as uow:
            rows = await uow.session.execute(
                select(
                    EventRow.occurred_at,
                    ConsequenceRow.handler,
                    ConsequenceRow.available_at,
                    ConsequenceRow.created_at,
                )
                .join(ConsequenceRow, ConsequenceRow.event_id == EventRow.id)
                .where(EventRow.occurred_at >= since, ConsequenceRow.attempts == 1)
            )
            relayed: dict[datetime, float] = {}
            for occurred, handler, available, created in rows:
                # A try's lease runs from its start: available_at = start + timeout + margin.
                started = available.timestamp() - leases[handler]
                found[handler].append((started - occurred.timestamp()) * 1000)
                relayed[occurred] = (created.timestamp() - occurred.timestamp()) * 1000
            # Where the time goes: the first part, until the relay made the consequences.
            found["(relayed)"] = list(relayed.values())
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
            if first:
                found["render (recorded)"] = list(first.values())
    finally:
        await accord.close()
    return dict(found)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_round(
    url: str,
    tokens: dict[str, str],
    settings: Settings,
    plan: Plan,
    n: int,
) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        since = datetime.now().astimezone()
        started = time.perf_counter()
        tasks = []
        events, pace, publish_every = plan.events, plan.pace, plan.publish_every
        for i in range(events):
            # Comments, and every tenth a publication, at a steady pace (as people set
            # them off): a pace the machine keeps up with, so that what is measured is
            # how soon work starts, not how long a backlog is.
            if not publish_every or i % publish_every:
                tasks.append(asyncio.create_task(comment(client, tokens["rev"], i)))
            else:
                tasks.append(asyncio.create_task(publish(client, tokens["sec"], f"{n}.{i}")))
            await asyncio.sleep(max(0.0, started + (i + 1) / pace - time.perf_counter()))
        await asyncio.gather(*tasks)
    await settled(settings, since)
    return await latencies(settings, since)


def start_workers(env: dict[str, str], count: int, log: Path) -> list[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [sys.executable, "-m", "services.cli", "worker"],
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _ in range(count)
        ]


async def measure(
    name: str,
    env: dict[str, str],
    settings: Settings,
    tokens: dict[str, str],
    workers: int,
    plan: Plan,
    log: Path,
) -> list[dict[str, list[float]]]:
    serve = ["-m", "services.cli", "serve"]
    results = []
    with ExitStack() as stack:
        processes = start_workers(env, workers, log)
        try:
            url, _pid = stack.enter_context(server(serve, env, log))
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                # The first publication renders for real; later ones reuse its files.
                base = 10 * plan.rounds if workers else 0
                version = f"{base + 1}.0"
                await publish(client, tokens["sec"], version)
                await wait_until_published(client, tokens["sec"], version)
            await settled(settings, datetime.fromtimestamp(0).astimezone())
            for n in range(1, plan.rounds + 1):
                result = await run_round(url, tokens, settings, plan, base + 1 + n)
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


async def main(plan: Plan, workers: int, runners: list[str]) -> None:
    redis_url = REDIS_URL
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    database = f"accord_bench_reactions_{os.getpid()}"
    try:
        with (
            tempfile.TemporaryDirectory(prefix="accord-bench-reactions-") as scratch,
            receiver() as webhook_url,
        ):
            work = Path(scratch)
            settings = accord_settings(await fresh_database(database), work / "data")
            tokens = await load_paper(settings, webhook_url)
            env = {
                "ACCORD_DATABASE_URL": settings.database_url,
                "ACCORD_DATA_DIR": str(settings.data_dir),
                "ACCORD_TOKEN_SECRET": SECRET,
                "ACCORD_ENVIRONMENT": "test",
                "ACCORD_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
            }
            print(
                f"{plan.events} events per round at {plan.pace:g}/s "
                f"(one in {plan.publish_every} a publication), {plan.rounds} rounds each"
            )
            log = work / "servers.log"
            found = {}
            if "in-process" in runners:
                found["in-process"] = await measure(
                    "in-process", env, settings, tokens, 0, plan, log
                )
            if "arq" in runners:
                arq_env = {**env, "ACCORD_REDIS_URL": redis_url}
                found["arq"] = await measure(
                    f"arq, {workers} workers", arq_env, settings, tokens, workers, plan, log
                )
            if os.environ.get("ACCORD_BENCH_LOG"):
                print(log.read_text()[-6000:])
    finally:
        await drop_database(database)
        await redis.flushdb()
        await redis.aclose()
    print(f"median of {plan.rounds} rounds, from an event's commit to the start of its jobs:")
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
    parser.add_argument("--events", type=int, default=200, help="events per round (at most 9990)")
    parser.add_argument("--pace", type=float, default=5.0, help="events per second")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--publish-every", type=int, default=10, help="0: comments only")
    parser.add_argument("--workers", type=int, default=2, help="arq workers")
    parser.add_argument("--runners", default="in-process,arq")
    a = parser.parse_args()
    plan = Plan(a.events, a.pace, a.rounds, a.publish_every)
    asyncio.run(main(plan, a.workers, a.runners.split(",")))
