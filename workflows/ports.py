"""The unit of work that holds every repository, and what jobs run with: the renderer,
the artifact files, the job wake-ups and the adapters of consequences' handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, Self

from drafts.events import Event
from drafts.notifications import MailMessage
from drafts.webhook_deliveries import SendOutcome, WebhookMessage
from workflows.consequence_ports import ConsequenceRepository
from workflows.event_ports import EventLog, Outbox
from workflows.idempotency_ports import IdempotencyStore
from workflows.image_ports import ImageRepository
from workflows.outbound_ports import NoticeRepository, WebhookRepository
from workflows.paper_ports import PaperRepository, SectionRepository
from workflows.people_ports import (
    InvitationRepository,
    SessionRepository,
    SignInThrottles,
    UserRepository,
)
from workflows.publication_ports import PublicationRepository
from workflows.rendering import Edition, ReviewNote
from workflows.review_ports import CommentRepository, ReviewRepository
from workflows.revision_ports import RevisionRepository, TrackRepository
from workflows.save_ports import TextsToChange
from workflows.word_ports import WordMarkRepository


class UnitOfWork(Protocol):
    """One transaction: state and the events it recorded commit together or not at all.

    There is no `commit` here: whoever opened the unit of work (the request, the job
    wrapper, the command line) commits it when the handler returns, so no handler can
    forget to or commit half its work.
    """

    # Read-only, so that a unit of work may hold any repository that fits the port.
    @property
    def users(self) -> UserRepository: ...
    @property
    def papers(self) -> PaperRepository: ...
    @property
    def sections(self) -> SectionRepository: ...
    @property
    def tracks(self) -> TrackRepository: ...
    @property
    def revisions(self) -> RevisionRepository: ...
    @property
    def texts_to_change(self) -> TextsToChange: ...
    @property
    def comments(self) -> CommentRepository: ...
    @property
    def reviews(self) -> ReviewRepository: ...
    @property
    def publications(self) -> PublicationRepository: ...
    @property
    def images(self) -> ImageRepository: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def events(self) -> EventLog: ...
    @property
    def idempotency(self) -> IdempotencyStore: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def invitations(self) -> InvitationRepository: ...
    @property
    def throttles(self) -> SignInThrottles: ...
    @property
    def consequences(self) -> ConsequenceRepository: ...
    @property
    def webhooks(self) -> WebhookRepository: ...
    @property
    def notices(self) -> NoticeRepository: ...
    @property
    def word_marks(self) -> WordMarkRepository: ...

    def record(self, *events: Event) -> None: ...
    async def rollback(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


# Each job and relay opens its own transactions, one after the other: each commits when
# its block ends without an error (the job wrapper's), and is undone when it raises.
UnitsOfWork = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


class ArtifactFiles(Protocol):
    """Where rendered files live; writes are atomic (temporary name, then rename)."""

    def write(self, path: str, data: bytes) -> None: ...
    def read(self, path: str) -> bytes: ...
    def exists(self, path: str) -> bool: ...
    def local_path(self, path: str) -> Path:
        """The file on this machine, so that the API can stream it rather than load it."""
        ...


class Renderer(Protocol):
    def render(self, edition: Edition, fmt: Literal["docx", "pdf"]) -> bytes:
        """The finished file's bytes; equal editions give equal bytes.

        Raises RenderFailed for a permanent failure (such as characters no font covers).
        """
        ...

    def review_copy(self, edition: Edition, notes: Sequence[ReviewNote]) -> bytes:
        """A DOCX of the edition with each note as a Word comment on the text it quotes."""
        ...


@dataclass(frozen=True)
class RenderJob:
    publication: int
    language: str
    format: str

    @property
    def id(self) -> str:
        """Deterministic, so that queueing the same work twice queues it once."""
        return f"render:{self.publication}:{self.language}:{self.format}"


@dataclass(frozen=True)
class ConsequenceJob:
    """A wake-up for one try of a consequence; the database says what is to be done."""

    consequence: int
    handler: str
    attempts: int  # the tries made before this one

    @property
    def id(self) -> str:
        """Deterministic per try: a relay twice queues a try once, a retry is a new job."""
        return f"consequence:{self.handler}:{self.consequence}:{self.attempts}"


class Adapters(Protocol):
    """What a consequence's handler may use to do its work; the job runner provides it.

    A handler that needs another adapter (a mailer, an HTTP client) adds it here as a
    property, and the runner's implementation (`services.worker.jobs`) provides it.
    """

    def transaction(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work that commits when its block ends without an error."""
        ...

    async def queue_render(self, job: RenderJob) -> None: ...

    async def render_redline(self, edition: Edition) -> None:
        """Render a redline into the kept redlines, unless the same one is there."""
        ...

    @property
    def webhook_sender(self) -> WebhookSender: ...
    @property
    def mailer(self) -> Mailer: ...
    @property
    def outbound(self) -> OutboundSetup: ...


class WebhookSender(Protocol):
    """Signs and sends one try; never raises for what the receiver or network did."""

    async def send(self, url: str, message: WebhookMessage, secrets: list[str]) -> SendOutcome: ...


class Mailer(Protocol):
    async def send(self, message: MailMessage) -> None:
        """Hand the mail over for delivery; MailNotSent if that failed."""
        ...


@dataclass(frozen=True)
class OutboundSetup:
    """How the handlers that tell the outside world are set up."""

    webhook_schedule: tuple[float, ...]  # seconds before each webhook try
    public_url: str  # where the links in mails point
    mail_domain: str  # of every Message-ID
    digest: timedelta  # zero: each notice is mailed at once
