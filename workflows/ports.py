"""The ports the handlers need, as Protocols: the store implements them, fakes too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from drafts.comments import Comment
from drafts.events import Event
from drafts.model import Paper, Revision, Section, Track, User
from drafts.review import Review


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
class StoredResponse:
    """The first answer to a create call, kept under its Idempotency-Key."""

    fingerprint: str
    status: int
    body: Any
    headers: dict[str, str]


class UserRepository(Protocol):
    async def get(self, name: str) -> User | None: ...
    async def by_token_hash(self, token_hash: str) -> User | None: ...
    async def existing(self, names: set[str]) -> set[str]: ...
    async def add(self, user: User, token_hash: str) -> User: ...
    async def add_token(self, user: User, token_hash: str) -> None: ...
    async def count(self) -> int: ...


class PaperRepository(Protocol):
    async def get(self, slug: str) -> Paper | None: ...
    async def add(self, paper: Paper) -> Paper: ...
    async def set_member(self, paper: Paper, user: str, roles: frozenset[str]) -> None: ...
    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]: ...


class SectionRepository(Protocol):
    async def list(self, paper: Paper) -> list[Section]: ...
    async def get(self, paper: Paper, key: str) -> Section | None: ...
    async def add(self, paper: Paper, section: Section) -> Section: ...
    async def update(self, paper: Paper, section: Section) -> None: ...


class TrackRepository(Protocol):
    async def get(self, section: Section, language: str, *, lock: bool = False) -> Track | None:
        """The track; with `lock`, held until commit so concurrent saves take turns."""
        ...

    async def add(self, section: Section, track: Track) -> Track: ...
    async def update(self, track: Track) -> None: ...
    async def for_paper(self, paper: Paper) -> list[Track]: ...


class RevisionRepository(Protocol):
    async def get(self, track: Track, number: int) -> Revision | None: ...
    async def add(self, track: Track, revision: Revision) -> None: ...
    async def list(self, track: Track, after: int, limit: int) -> list[Revision]: ...
    async def heads(self, paper: Paper) -> dict[tuple[str, str], HeadSummary]: ...


class CommentRepository(Protocol):
    async def add(self, track: Track, comment: Comment) -> Comment: ...
    async def get(self, track: Track, comment_id: int) -> Comment | None: ...
    async def update(self, comment: Comment) -> None: ...
    async def open_threads(self, track: Track) -> list[Comment]: ...
    async def find(
        self, track: Track, status: str | None, revision: int | None, after: int, limit: int
    ) -> list[Comment]: ...
    async def open_counts(self, paper: Paper) -> dict[tuple[str, str], int]: ...
    async def for_paper(self, paper: Paper) -> list[tuple[str, str, Comment]]: ...


class ReviewRepository(Protocol):
    async def add(self, track: Track, review: Review) -> None: ...
    async def for_revision(self, track: Track, revision: int) -> list[Review]:
        """The reviews of that revision that are not void, oldest first."""
        ...

    async def void(self, track: Track) -> int: ...
    async def approvals(self, paper: Paper) -> dict[tuple[str, str], list[str]]:
        """Who approved the current revision of each (section, language), not void."""
        ...


class EventLog(Protocol):
    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]: ...


class IdempotencyStore(Protocol):
    async def get(self, user: str, key: str) -> StoredResponse | None: ...
    async def add(self, user: str, key: str, response: StoredResponse) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: state and the events it recorded commit together or not at all."""

    users: UserRepository
    papers: PaperRepository
    sections: SectionRepository
    tracks: TrackRepository
    revisions: RevisionRepository
    comments: CommentRepository
    reviews: ReviewRepository
    events: EventLog
    idempotency: IdempotencyStore

    def record(self, *events: Event) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
