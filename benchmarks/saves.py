"""32 clients saving, each its own section of one paper, against a bare endpoint.

    python -m benchmarks.saves      (or: make bench-saves)

Needs PostgreSQL (the same default as the tests). Starts three real servers, each uvicorn
in a process of its own: the bare endpoint of `benchmarks.bare_save` (one INSERT per
save, on PostgreSQL), Accord on PostgreSQL and Accord on SQLite, both with the embedded
defaults (the in-process job runner). The same client then saves for a fixed time against
each in turn, round after round, and prints the saves per second, p50 and p99 of each, and
Accord's ratios to the bare endpoint measured in the same round (medians of the rounds).
While saving on SQLite it also reads the texts, to show whether reads wait for writes.
Before and after each measurement it waits until the server is idle, so that the jobs
one target's saves set off never load the next; the server's processor time per save is
printed for the measured seconds, and with those jobs ("with its jobs": from the start
of the warm-up until idle again, over every save answered).
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from drafts.commands import AddSection, CreatePaper, CreateUser, SetMemberRoles
from services.bootstrap import bootstrap
from services.config import Settings
from services.store.engine import make_engine
from services.store.migrate import upgrade
from tests.live_server import free_port
from tests.servers import POSTGRES_URL
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user

SECRET = "benchmark-secret-" + "x" * 32
SLUG = "saves"
READ_PAUSE = 0.1
# A server is idle when it used less processor time than this in a step (its relay polls).
IDLE_STEP, IDLE_CPU, IDLE_LONGEST = 0.5, 0.02, 60.0
# About a page of text: the size of a typical section.
FILLER = " ".join(["The delegations noted the progress made in the negotiations."] * 30)


async def fresh_database(name: str) -> str:
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_database(name: str) -> None:
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


def accord_settings(database_url: str, data_dir: Path) -> Settings:
    return Settings(
        environment="test", database_url=database_url, data_dir=data_dir, token_secret=SECRET
    )


async def load_paper(settings: Settings, clients: int) -> list[str]:
    """A paper with one section per client, each its own author's; the authors' tokens."""
    accord = bootstrap(settings)
    await upgrade(accord.engine)
    tokens = []
    async with accord.transaction() as uow:
        sec, _ = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name="sec", email="sec@example.org", is_admin=True),
            uow,
            accord.tokens,
        )
        await create_paper(
            CreatePaper(
                actor="sec",
                slug=SLUG,
                titles={"en": "Saves benchmark"},
                source_language="en",
                languages=("en",),
            ),
            uow,
            sec,
        )
        for n in range(clients):
            name = f"author{n}"
            _, token = await create_user(
                CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org"),
                uow,
                accord.tokens,
            )
            tokens.append(token)
            await set_member_roles(
                SetMemberRoles(actor="sec", paper=SLUG, user=name, roles=("author",)), uow
            )
            await add_section(
                AddSection(
                    actor="sec", paper=SLUG, key=f"s{n}", titles={"en": f"S{n}"}, authors=(name,)
                ),
                uow,
            )
    await accord.close()
    return tokens


@contextmanager
def server(argv: list[str], env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """A server process on a free port; its base URL and process id while the block runs."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, *argv, "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{argv} exited; see {log}")
            try:
                httpx.get(url + "/api/v1/papers", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(20)


@dataclass
class Target:
    """A server under load, and what each client saved last there."""

    name: str
    url: str
    pid: int
    tokens: list[str]
    heads: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.heads = [0] * len(self.tokens)


@dataclass(frozen=True)
class Load:
    saves_per_second: float
    p50: float
    p99: float
    errors: int
    # The server process's processor time per save: the cost a loaded machine blurs least.
    cpu_ms: float = 0.0
    read_p99: float | None = None
    # The same with what the saves set off and the process ran later (the in-process
    # jobs): from the start of the warm-up until the server is idle again, over every save.
    cpu_all_ms: float = 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def idle(pid: int) -> float:
    """Wait until the server has nothing left to run (its jobs done, or a minute passed);
    its processor seconds then."""
    deadline = time.monotonic() + IDLE_LONGEST
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(IDLE_STEP)
        now = cpu_seconds(pid)
        if now - before < IDLE_CPU:
            return now
        before = now
    return cpu_seconds(pid)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_load(target: Target, seconds: float, warmup: float, readers: int = 0) -> Load:
    """Every client saves its own section as fast as its answers come, for `seconds`
    after `warmup`; `readers` clients read texts meanwhile."""
    latencies: list[float] = []
    reads: list[float] = []
    errors = 0
    saved = 0  # every save answered, the warm-up's too
    cpu: list[float] = []
    cpu_from = await idle(target.pid)
    started = time.perf_counter()
    measure_from = started + warmup
    stop = measure_from + seconds
    limits = httpx.Limits(max_connections=len(target.tokens) + readers + 4)
    async with httpx.AsyncClient(base_url=target.url, limits=limits, timeout=60) as client:

        async def saver(n: int) -> None:
            nonlocal errors, saved
            headers = {"Authorization": f"Bearer {target.tokens[n]}"}
            path = f"/api/v1/papers/{SLUG}/sections/s{n}/languages/en/revisions"
            while (now := time.perf_counter()) < stop:
                head = target.heads[n]
                body = {"body": f"Save {head + 1} of section {n}.\n\n{FILLER}\n"}
                if head:
                    body["base_revision"] = head  # type: ignore[assignment]
                try:
                    r = await client.post(path, json=body, headers=headers)
                except httpx.TransportError:
                    # Counted and shown, not fatal: a dropped connection under load is
                    # the server's answer too.
                    errors += 1
                    continue
                done = time.perf_counter()
                if r.status_code == 201:
                    saved += 1
                    target.heads[n] = int(r.json()["number"])
                    if now >= measure_from:
                        latencies.append(done - now)
                else:
                    errors += 1

        async def reader(n: int) -> None:
            headers = {"Authorization": f"Bearer {target.tokens[n]}"}
            path = f"/api/v1/papers/{SLUG}/sections/s{n}/languages/en"
            while (now := time.perf_counter()) < stop:
                r = await client.get(path, headers=headers)
                if r.status_code == 200 and now >= measure_from:
                    reads.append(time.perf_counter() - now)
                # Someone opening the text now and then: its wait is measured, not its load.
                await asyncio.sleep(READ_PAUSE)

        async def meter() -> None:
            await asyncio.sleep(measure_from - time.perf_counter())
            cpu.append(cpu_seconds(target.pid))
            await asyncio.sleep(stop - time.perf_counter())
            cpu.append(cpu_seconds(target.pid))

        await asyncio.gather(
            *(saver(n) for n in range(len(target.tokens))),
            *(reader(n) for n in range(readers)),
            meter(),
        )
    cpu_all = await idle(target.pid) - cpu_from
    return Load(
        saves_per_second=len(latencies) / seconds,
        p50=percentile(latencies, 0.5),
        p99=percentile(latencies, 0.99),
        errors=errors,
        cpu_ms=(cpu[1] - cpu[0]) * 1000 / max(1, len(latencies)),
        read_p99=percentile(reads, 0.99) if reads else None,
        cpu_all_ms=cpu_all * 1000 / max(1, saved),
    )


def describe(name: str, load: Load) -> str:
    read = f", reads p99 {load.read_p99 * 1000:.0f} ms" if load.read_p99 is not None else ""
    errors = f", {load.errors} errors" if load.errors else ""
    return (
        f"  {name:<20} {load.saves_per_second:6.1f} saves/s, p50 {load.p50 * 1000:5.0f} ms, "
        f"p99 {load.p99 * 1000:5.0f} ms, server CPU {load.cpu_ms:4.1f} ms/save "
        f"({load.cpu_all_ms:4.1f} with its jobs){read}{errors}"
    )


async def main(
    clients: int, seconds: float, rounds: int, sqlite: bool, readers: int, extra: dict[str, str]
) -> None:
    bare_db, accord_db = f"accord_bench_bare_{os.getpid()}", f"accord_bench_saves_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="accord-bench-saves-") as scratch:
        work = Path(scratch)
        bare_url = await fresh_database(bare_db)
        pg = accord_settings(await fresh_database(accord_db), work / "pg")
        lite = accord_settings(f"sqlite+aiosqlite:///{work}/accord.db", work / "lite")
        pg_tokens = await load_paper(pg, clients)
        lite_tokens = await load_paper(lite, clients) if sqlite else []

        def accord_env(s: Settings) -> dict[str, str]:
            return {
                "ACCORD_DATABASE_URL": s.database_url,
                "ACCORD_DATA_DIR": str(s.data_dir),
                "ACCORD_TOKEN_SECRET": SECRET,
                "ACCORD_ENVIRONMENT": "test",
                **extra,
            }

        serve = ["-m", "services.cli", "serve"]
        bare_argv = ["-m", "uvicorn", "benchmarks.bare_save:app", "--no-access-log"]
        log = work / "servers.log"
        results: dict[str, list[Load]] = {"bare": [], "postgresql": [], "sqlite": []}
        try:
            with (
                server(bare_argv, {"BARE_DATABASE_URL": bare_url}, log) as (bare_base, bare_pid),
                server(serve, accord_env(pg), log) as (pg_base, pg_pid),
                server(serve, accord_env(lite), log) if sqlite else _nothing() as (
                    lite_base,
                    lite_pid,
                ),
            ):
                targets = [
                    Target("bare", bare_base, bare_pid, pg_tokens),
                    Target("postgresql", pg_base, pg_pid, pg_tokens),
                ]
                if lite_base:
                    targets.append(Target("sqlite", lite_base, lite_pid, lite_tokens))
                print(f"{clients} clients, {seconds:g} s per measurement, {rounds} rounds")
                for n in range(1, rounds + 1):
                    print(f"round {n}:")
                    for target in targets:
                        extra = readers if target.name == "sqlite" else 0
                        load = await run_load(target, seconds, warmup=1.0, readers=extra)
                        results[target.name].append(load)
                        print(describe(target.name, load))
        finally:
            if os.environ.get("ACCORD_BENCH_LOG") and log.exists():
                print(log.read_text()[-6000:])
            await drop_database(bare_db)
            await drop_database(accord_db)

    bare = results["bare"]
    print(f"median of {rounds} rounds, each against the bare endpoint of the same round:")
    print(describe("bare (one INSERT)", _median_load(bare)))
    for name in ("postgresql", "sqlite"):
        if not results[name]:
            continue
        loads = results[name]
        throughput = statistics.median(
            a.saves_per_second / b.saves_per_second for a, b in zip(loads, bare, strict=True)
        )
        tail = statistics.median(a.p99 / b.p99 for a, b in zip(loads, bare, strict=True))
        print(describe(f"Accord on {name}", _median_load(loads)))
        print(
            f"    throughput {throughput:.0%} of bare (target ≥ 60%), "
            f"p99 {tail:.2f} × bare (target ≤ 2)"
        )


def _median_load(loads: list[Load]) -> Load:
    reads = [x.read_p99 for x in loads if x.read_p99 is not None]
    return Load(
        saves_per_second=statistics.median(x.saves_per_second for x in loads),
        p50=statistics.median(x.p50 for x in loads),
        p99=statistics.median(x.p99 for x in loads),
        errors=sum(x.errors for x in loads),
        cpu_ms=statistics.median(x.cpu_ms for x in loads),
        read_p99=statistics.median(reads) if reads else None,
        cpu_all_ms=statistics.median(x.cpu_all_ms for x in loads),
    )


@contextmanager
def _nothing() -> Iterator[tuple[str, int]]:
    yield "", 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--readers", type=int, default=4, help="readers during SQLite saves")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of Accord's servers, e.g. ACCORD_DATABASE_POOL_SIZE=20",
    )
    arguments = parser.parse_args()
    extra = dict(item.split("=", 1) for item in arguments.set)
    asyncio.run(
        main(
            arguments.clients,
            arguments.seconds,
            arguments.rounds,
            arguments.sqlite,
            arguments.readers,
            extra,
        )
    )
