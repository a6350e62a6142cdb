"""The composition root: the one place that wires adapters to the workflows.

`bootstrap` makes the real adapters unless it is given others: tests hand it a stand-in
renderer or a runner of their own, never patch a running Accord.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.config import Settings
from services.signals import CommitSignal
from services.storage.files import LocalArtifactFiles
from services.store.engine import make_engine, ping_database
from services.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory
from workflows.ports import ArtifactFiles, JobRunner, Renderer
from workflows.tokens import TokenMinter


@dataclass
class Accord:
    """Everything a running process of Accord shares."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tokens: TokenMinter
    files: ArtifactFiles
    _renderer: Renderer | None = None
    # What runs the jobs, made by `bootstrap` (it needs the Accord it serves).
    runner: JobRunner = field(init=False)
    # Heard by this process's live event streams after each commit that recorded events.
    commits: CommitSignal = field(default_factory=CommitSignal)
    _running: bool = False

    @property
    def renderer(self) -> Renderer:
        """The renderer given, else pandoc/typst made on first use: only job runners need it."""
        if self._renderer is None:
            from services.render import PandocRenderer

            self._renderer = PandocRenderer()
        return self._renderer

    def uow(self) -> SqlUnitOfWork:
        """A unit of work that commits nothing by itself: for reading."""
        return SqlUnitOfWork(self.sessions, self._committed)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlUnitOfWork]:
        """A unit of work that commits when the block ends without an error and undoes
        everything when it raises.

        The one place that commits, for every way in: the request dependency, the job
        wrapper and the command line all open their units of work here, so no route, job
        or handler commits (the port has no `commit`) and none can forget to.
        """
        async with self.uow() as uow:
            yield uow
            await uow.commit()

    async def _committed(self) -> None:
        self.commits.notify()
        if self._running:
            await self.runner.wake()

    async def start(self) -> None:
        """Start the job runner: jobs run in this process, or commits wake the workers."""
        await self.runner.start()
        self._running = True

    async def ping(self) -> None:
        await ping_database(self.engine)

    async def close(self) -> None:
        if self._running:
            self._running = False
            await self.runner.stop()
        await self.engine.dispose()


RunnerFor = Callable[[Accord], JobRunner]


class NoJobs:
    """A runner for a process whose jobs run elsewhere: it starts nothing and wakes no one."""

    def __init__(self, accord: Accord | None = None) -> None:
        pass

    async def start(self) -> None:
        pass

    async def wake(self) -> None:
        pass

    async def stop(self) -> None:
        pass


def default_runner(accord: Accord) -> JobRunner:
    """With a Redis URL, wake-ups for the workers; without, the jobs run in this process."""
    # Imported here: the worker package's job functions need `Accord` from this module.
    if accord.settings.redis_url:
        from services.worker.arq_app import RedisWakeup

        return RedisWakeup(accord.settings.redis_url)
    from services.worker.inprocess import InProcessRunner

    return InProcessRunner(accord)


def bootstrap(
    settings: Settings | None = None,
    *,
    renderer: Renderer | None = None,
    files: ArtifactFiles | None = None,
    runner: RunnerFor = default_runner,
) -> Accord:
    """An Accord wired to the given adapters, or to the real ones for the settings."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    accord = Accord(
        settings=settings,
        engine=engine,
        sessions=unit_of_work_factory(engine),
        tokens=TokenMinter(settings.token_secret),
        files=files or LocalArtifactFiles(settings.data_dir),
        _renderer=renderer,
    )
    accord.runner = runner(accord)
    return accord
