"""The composition root: the one place that wires real adapters to the workflows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from drafts.people import ThrottlePolicy
from services.config import Settings
from services.signals import CommitSignal
from services.storage.files import LocalArtifactFiles
from services.store.engine import make_engine, ping_database
from services.store.unit_of_work import SqlUnitOfWork, Wake, unit_of_work_factory
from workflows.passwords import Passwords
from workflows.rendering import Renderer
from workflows.signin import SignInPolicy
from workflows.tokens import TokenMinter


@dataclass
class Accord:
    """Everything a running process of Accord shares."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tokens: TokenMinter
    files: LocalArtifactFiles
    signin: SignInPolicy
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
    engine = make_engine(settings.database_url)
    tokens = TokenMinter(settings.token_secret)
    return Accord(
        settings=settings,
        engine=engine,
        sessions=unit_of_work_factory(engine),
        tokens=tokens,
        files=LocalArtifactFiles(settings.data_dir),
        signin=sign_in_policy(settings, tokens),
    )


def sign_in_policy(settings: Settings, tokens: TokenMinter) -> SignInPolicy:
    forget = timedelta(minutes=settings.sign_in_forget_minutes)
    longest = timedelta(seconds=settings.sign_in_max_delay_seconds)
    first = timedelta(seconds=settings.sign_in_first_delay_seconds)
    return SignInPolicy(
        tokens=tokens,
        passwords=Passwords(
            PasswordHasher(
                time_cost=settings.password_iterations,
                memory_cost=settings.password_memory_kib,
                parallelism=4,
            )
        ),
        public_url=settings.board_url,
        session_idle=timedelta(minutes=settings.session_idle_minutes),
        session_max=timedelta(hours=settings.session_max_hours),
        invitation_valid=timedelta(hours=settings.invitation_hours),
        password_min_length=settings.password_min_length,
        account=ThrottlePolicy(settings.sign_in_account_failures, longest, forget, first),
        client=ThrottlePolicy(settings.sign_in_client_failures, longest, forget, first),
    )
