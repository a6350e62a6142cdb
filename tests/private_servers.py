"""PostgreSQL and Redis servers of a test's own, to stop, restart and break at will.

The shared servers (5432, 6379) serve every other test running at the same time: a test
that needs an outage starts one of these on a free port, in a temporary folder, and
removes it afterwards. A missing binary skips the test locally and fails it in CI.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.live_server import free_port
from tests.servers import missing, reachable


def postgres_program(name: str) -> str:
    """A PostgreSQL server program (initdb, pg_ctl): on PATH, or where Debian puts it."""
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps the server programs per major version, off PATH; take the newest.
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if not candidates:
        missing(f"the PostgreSQL server program {name} is not installed")
    return candidates[-1]


def _as_postgres() -> list[str]:
    # initdb and the server refuse to run as root; as root, run them as `postgres`.
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        missing("runuser is needed to run PostgreSQL as the postgres user")
    return [str(runuser), "-u", "postgres", "--"]


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, trusting local connections."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.pg_ctl = postgres_program("pg_ctl")
        self.prefix = _as_postgres()

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: Sequence[str]) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if self.prefix:
            shutil.chown(self.folder, user="postgres")
        initdb = postgres_program("initdb")
        self._run([initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"])

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # No fsync: the machine does not crash, only the server. Commits stay
            # synchronous: a stop `-m immediate` must lose nothing that was answered.
            "-c fsync=off -c full_page_writes=off"
        )
        log = self.folder / "server.log"
        self._run([self.pg_ctl, "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start"])

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server; `immediate` is a crash, as far as clients can tell."""
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    folder = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    server = PrivatePostgres(folder)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


class PrivateRedis:
    """A Redis on a free port that keeps nothing on disk: a restart empties it."""

    def __init__(self) -> None:
        self.program = shutil.which("redis-server")
        if self.program is None:
            missing("redis-server is not installed")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.program is not None
        self.process = subprocess.Popen(
            [
                self.program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not reachable(self.url, self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("the private redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.stop()
