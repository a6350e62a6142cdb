"""The composition root: the one place that wires real adapters to the workflows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.config import Settings
from services.signals import CommitSignal
from services.storage.files import LocalArtifactFiles
from services.store.engine import make_engine, ping_database
from services.store.unit_of_work import SqlUnitOfWork, Wake, unit_of_work_factory
from workflows.notifications import Links
from workflows.ports import Mailer, WebhookSender
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
    _webhook_sender: WebhookSender | None = None
    _mailer: Mailer | None = None
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

    @property
    def webhook_sender(self) -> WebhookSender:
        """Signs and sends webhook tries, through the SSRF guard; made on first use."""
        if self._webhook_sender is None:
            from services.notify.webhook_sender import HttpWebhookSender

            self._webhook_sender = HttpWebhookSender(
                allow_private=self.settings.webhook_allow_private_targets,
                timeout_seconds=self.settings.webhook_timeout_seconds,
            )
        return self._webhook_sender

    @property
    def mailer(self) -> Mailer:
        """SMTP when a host is configured, else .eml files under DATA_DIR/mail."""
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

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, self._committed)

    async def _committed(self) -> None:
        self.commits.notify()
        if self.wake is not None:
            await self.wake()

    async def ping(self) -> None:
        await ping_database(self.engine)

    async def close(self) -> None:
        close = getattr(self._webhook_sender, "close", None)
        if close is not None:
            await close()
            self._webhook_sender = None
        await self.engine.dispose()


def bootstrap(settings: Settings | None = None) -> Accord:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    return Accord(
        settings=settings,
        engine=engine,
        sessions=unit_of_work_factory(engine),
        tokens=TokenMinter(settings.token_secret),
        files=LocalArtifactFiles(settings.data_dir),
    )
