"""The composition root: the one place that wires adapters to the workflows.

`bootstrap` makes the real adapters unless it is given others: tests hand it a stand-in
renderer or a runner of their own, never patch a running Accord.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from drafts.people import ThrottlePolicy
from services.config import Settings
from services.signals import CommitSignal
from services.storage.files import LocalArtifactFiles
from services.store.engine import WriterTurns, make_engine, ping_database, readers
from services.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory
from workflows.consequence_ports import JobRunner
from workflows.notifications import Links
from workflows.passwords import Passwords
from workflows.ports import ArtifactFiles, Mailer, OutboundSetup, Renderer, WebhookSender
from workflows.signin_policy import SignInPolicy
from workflows.tokens import TokenMinter


@dataclass
class Accord:
    """Everything a running process of Accord shares."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tokens: TokenMinter
    files: ArtifactFiles
    signin: SignInPolicy
    _renderer: Renderer | None = None
    _webhook_sender: WebhookSender | None = None
    _mailer: Mailer | None = None
    # Sessions for units of work that only read (`uow`); None: the writers' `sessions`.
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    # Where this process's writers queue on SQLite (made from the engine if not given).
    writers: WriterTurns | None = None
    # What runs the jobs, made by `bootstrap` (it needs the Accord it serves).
    runner: JobRunner = field(init=False)
    # Heard by this process's live event streams after each commit that recorded events.
    commits: CommitSignal = field(default_factory=CommitSignal)
    _running: bool = False

    @property
    def renderer(self) -> Renderer:
        """The renderer given, else pandoc/typst in child processes, made on first use."""
        if self._renderer is None:
            from services.render.isolated import IsolatedRenderer

            # Untrusted text is rendered only where a deadline and a memory bound hold.
            self._renderer = IsolatedRenderer(
                processes=self.settings.render_processes,
                deadline_seconds=self.settings.render_timeout_seconds,
                memory_mb=self.settings.render_memory_mb,
                pandoc_heap_mb=self.settings.render_pandoc_heap_mb,
                recycle_mb=self.settings.render_recycle_mb,
                piece_folder=self.settings.data_dir / "render-pieces",
                piece_folder_mb=self.settings.render_piece_cache_mb,
            )
        return self._renderer

    @property
    def webhook_sender(self) -> WebhookSender:
        """The sender given, else HTTP through the SSRF guard, made on first use."""
        if self._webhook_sender is None:
            from services.notify.webhook_sender import HttpWebhookSender

            self._webhook_sender = HttpWebhookSender(
                allow_private=self.settings.webhook_allow_private_targets,
                timeout_seconds=self.settings.webhook_timeout_seconds,
            )
        return self._webhook_sender

    @property
    def mailer(self) -> Mailer:
        """The mailer given, else SMTP when a host is set, else .eml files in DATA_DIR/mail."""
        if self._mailer is None:
            from services.notify.mail import MailFolder, SmtpMailer

            s = self.settings
            self._mailer = (
                SmtpMailer(
                    host=s.smtp_host,
                    port=s.smtp_port,
                    sender=s.mail_from,
                    username=s.smtp_username,
                    password=s.smtp_password,
                    security=s.smtp_security,
                )
                if s.smtp_host
                else MailFolder(s.data_dir / "mail", s.mail_from)
            )
        return self._mailer

    @property
    def links(self) -> Links:
        return Links(self.settings.public_url)

    @property
    def outbound(self) -> OutboundSetup:
        s = self.settings
        return OutboundSetup(
            webhook_schedule=s.webhook_retry_schedule,
            public_url=s.public_url,
            mail_domain=parseaddr(s.mail_from)[1].rpartition("@")[2] or "accord.invalid",
            digest=timedelta(minutes=s.notify_digest_minutes),
        )

    def uow(self) -> SqlUnitOfWork:
        """A unit of work that commits nothing by itself: for reading (on SQLite it takes
        the write lock only when it writes, and may then fail as "database is locked" if
        another writer committed since it began reading)."""
        return SqlUnitOfWork(self.read_sessions or self.sessions, self._committed)

    @asynccontextmanager
    async def transaction(self, *, writes: bool = True) -> AsyncIterator[SqlUnitOfWork]:
        """A unit of work that commits when the block ends without an error and undoes
        everything when it raises.

        The one place that commits, for every way in: the request dependency, the job
        wrapper and the command line all open their units of work here, so no route, job
        or handler commits (the port has no `commit`) and none can forget to.

        `writes=False` is for a request that only reads (a GET): on SQLite it then takes
        no lock, so it neither waits for a save nor holds one up; should it write after
        all (a session's "last seen"), it takes the write lock then.
        """
        if not writes:
            async with SqlUnitOfWork(self.read_sessions or self.sessions, self._committed) as uow:
                yield uow
                await uow.commit()
            return
        if self.writers is None:
            self.writers = WriterTurns(self.engine)
        async with self.writers.turn(), SqlUnitOfWork(self.sessions, self._committed) as uow:
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
        close = getattr(self._webhook_sender, "close", None)
        if close is not None:
            await close()
            self._webhook_sender = None
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
        from services.worker.wakeups import RedisWakeup

        return RedisWakeup(accord.settings.redis_url)
    from services.worker.inprocess import InProcessRunner

    return InProcessRunner(accord)


def bootstrap(
    settings: Settings | None = None,
    *,
    renderer: Renderer | None = None,
    files: ArtifactFiles | None = None,
    runner: RunnerFor = default_runner,
    webhook_sender: WebhookSender | None = None,
    mailer: Mailer | None = None,
) -> Accord:
    """An Accord wired to the given adapters, or to the real ones for the settings."""
    settings = settings or Settings()
    engine = make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout,
    )
    tokens = TokenMinter(settings.token_secret)
    accord = Accord(
        settings=settings,
        engine=engine,
        sessions=unit_of_work_factory(engine),
        read_sessions=unit_of_work_factory(readers(engine)),
        writers=WriterTurns(engine),
        tokens=tokens,
        files=files or LocalArtifactFiles(settings.data_dir),
        signin=sign_in_policy(settings, tokens),
        _renderer=renderer,
        _webhook_sender=webhook_sender,
        _mailer=mailer,
    )
    accord.runner = runner(accord)
    return accord


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
