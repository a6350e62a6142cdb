"""The composition root: the one place that wires real adapters to the workflows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.config import Settings
from services.signals import CommitSignal
from services.storage.files import LocalArtifactFiles
from services.store.engine import make_engine, ping_database
from services.store.unit_of_work import SqlUnitOfWork, Wake, unit_of_work_factory
from workflows.rendering import Renderer
from workflows.tokens import TokenMinter


@dataclass
class Accord:
    """Everything a running process of Accord shares."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tokens: TokenMinter
    files: LocalArtifactFiles
    _renderer: Renderer | None = None
    # Set by whatever runs the jobs (the in-process runner, or a Redis wake-up client).
    wake: Wake | None = None
    # Heard by this process's live event streams after each commit that recorded events.
    commits: CommitSignal = field(default_factory=CommitSignal)

    @property
    def renderer(self) -> Renderer:
        """The pandoc/typst renderer, made on first use: only job runners need it."""
        if self._renderer is None:
            from services.render import PandocRenderer

            self._renderer = PandocRenderer()
        return self._renderer

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, self._committed)

    async def _committed(self) -> None:
        self.commits.notify()
        if self.wake is not None:
            await self.wake()

    async def ping(self) -> None:
        await ping_database(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()


def bootstrap(settings: Settings | None = None) -> Accord:
    settings = settings or Settings()
    engine = make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout,
    )
    return Accord(
        settings=settings,
        engine=engine,
        sessions=unit_of_work_factory(engine),
        tokens=TokenMinter(settings.token_secret),
        files=LocalArtifactFiles(settings.data_dir),
    )
