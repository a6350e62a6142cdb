"""The ports the handlers need, as Protocols: the store implements them, fakes too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, Self

from drafts.comments import Comment
from drafts.events import Event
from drafts.model import Paper, Revision, Section, Track
from drafts.notifications import MailMessage
from drafts.publications import Artifact, Publication
from drafts.review import Review
from drafts.webhooks import (
    SendOutcome,
    WebhookMessage,
)
from workflows.consequence_ports import ConsequenceRepository
from workflows.idempotency_ports import IdempotencyStore
from workflows.image_ports import ImageRepository
from workflows.outbound_ports import NoticeRepository, WebhookRepository
from workflows.people_ports import (
    InvitationRepository,
    SessionRepository,
    SignInThrottles,
    UserRepository,
)
from workflows.rendering import Edition, ReviewNote
from workflows.save_ports import TextsToChange
from workflows.word_ports import WordMarkRepository


@dataclass(frozen=True)
class LoggedEvent:
    """An event as the audit log keeps it, with its place in the log."""

    seq: int
    id: str
    name: str
    actor: str
    paper: str | None
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class HeadSummary:
    """The current revision of a text, without its body, for overviews."""

    number: int
    content_hash: str
    author: str
    created_at: datetime
    source_revision: int | None


@dataclass(frozen=True)
class OutboxItem:
    """An event whose consequences are still to be set off."""

    event_id: str
    name: str
    paper: str | None
    payload: dict[str, Any]


class PaperRepository(Protocol):
    async def get(self, slug: str) -> Paper | None: ...
    async def add(self, paper: Paper) -> Paper: ...
    async def set_member(
        self,
        paper: Paper,
        user: str,
        roles: frozenset[str],
        languages: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Give `user` exactly `roles`, each limited to the `languages` named for it."""
        ...

    async def set_bibliography(self, paper: Paper, bibliography: str | None) -> None: ...
    async def update(self, paper: Paper) -> None:
        """Store what may change of a paper: its cover values (titles, symbol, forum,
        forums, date), languages, approval policy and how drafts show untranslated text."""
        ...

    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]: ...


class SectionRepository(Protocol):
    async def list(self, paper: Paper, *, include_retired: bool = False) -> list[Section]:
        """The outline in order: the sections in it, and with `include_retired` also those
        retired from it."""
        ...

    async def get(self, paper: Paper, key: str) -> Section | None: ...
    async def add(self, paper: Paper, section: Section) -> Section: ...
    async def update(self, paper: Paper, section: Section) -> None: ...


class TrackRepository(Protocol):
    async def get(self, section: Section, language: str, *, lock: bool = False) -> Track | None:
        """The track; with `lock`, held until commit so concurrent saves take turns."""
        ...

    async def add(self, section: Section, track: Track) -> Track: ...
    async def update(self, track: Track) -> None: ...
    async def remove(self, track: Track) -> None:
        """Delete a track that has no revision (its language is being retired)."""
        ...

    async def for_paper(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> list[Track]: ...


class RevisionRepository(Protocol):
    async def get(self, track: Track, number: int) -> Revision | None: ...
    async def add(self, track: Track, revision: Revision) -> None: ...
    async def page(self, track: Track, after: int, limit: int) -> list[Revision]: ...
    async def heads(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], HeadSummary]: ...
    async def bodies(
        self, paper: Paper, language: str, wanted: list[tuple[str, int]]
    ) -> dict[str, tuple[int, str, str]]: ...
    async def lengths(self, paper: Paper, wanted: list[tuple[str, str, int]]) -> dict[str, int]:
        """Characters of text per language over (section, language, revision) triples."""
        ...

    async def authors_between(self, track: Track, after: int, upto: int) -> set[str]:
        """Who wrote (or proposed text for) revisions `after` < number <= `upto`."""
        ...


class CommentRepository(Protocol):
    async def add(self, track: Track, comment: Comment) -> Comment: ...
    async def get(self, track: Track, comment_id: int) -> Comment | None: ...
    async def update(self, comment: Comment) -> None: ...
    async def open_threads(self, track: Track) -> list[Comment]: ...
    async def find(
        self, track: Track, status: str | None, revision: int | None, after: int, limit: int
    ) -> list[Comment]: ...
    async def open_counts(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]: ...
    async def replies_after(self, thread: int, after: int) -> int:
        """How many replies the thread `thread` has that came after comment `after`."""
        ...

    async def for_paper(self, paper: Paper) -> list[tuple[str, str, Comment]]: ...


class ReviewRepository(Protocol):
    async def add(self, track: Track, review: Review) -> None: ...
    async def for_revision(self, track: Track, revision: int) -> list[Review]:
        """The reviews of that revision that are not void, oldest first."""
        ...

    async def void(self, track: Track) -> int: ...
    async def approvals(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """Who approved the current revision of each (section, language), not void."""
        ...


class PublicationRepository(Protocol):
    async def get(self, paper: Paper, version: str) -> Publication | None: ...
    async def by_id(
        self, publication_id: int, *, lock: bool = False
    ) -> tuple[str, Publication] | None: ...
    async def add(self, paper: Paper, publication: Publication) -> Publication: ...
    async def update(self, publication: Publication) -> None: ...
    async def page(self, paper: Paper, after: int, limit: int) -> list[Publication]: ...
    async def artifacts(self, publication: Publication) -> list[Artifact]: ...
    async def artifact(
        self, publication: Publication, language: str, fmt: str, *, lock: bool = False
    ) -> Artifact | None: ...
    async def update_artifact(self, artifact: Artifact, *, attempt: bool = False) -> None: ...
    async def rendered(self, input_hash: str, fmt: str) -> Artifact | None: ...
    async def overdue(self, before: datetime, limit: int) -> list[tuple[int, str, str]]: ...


class Outbox(Protocol):
    async def claim(self, limit: int) -> list[OutboxItem]: ...
    async def done(self, event_ids: list[str]) -> None: ...
    async def waiting(self) -> int: ...


class EventLog(Protocol):
    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]: ...
    async def get(self, event_id: str) -> LoggedEvent | None: ...
    async def latest(self, paper: str) -> int:
        """The place in the log of the paper's newest event; 0 when it has none."""
        ...


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
