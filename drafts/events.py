"""Domain events: facts in the past tense, appended by every change of state.

Each event is written to the audit log and the outbox in the same transaction as the
change it records, so nothing that happened can be missing from either.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, TypedDict


class TextRef(TypedDict):
    """Which text an event is about: a section of a paper in one language."""

    paper: str
    section: str
    language: str


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened to a paper (or, for `paper=None`, to the installation)."""

    actor: str
    paper: str | None
    id: str = field(default_factory=_new_id)
    occurred_at: datetime = field(default_factory=_now)

    _envelope: ClassVar[frozenset[str]] = frozenset({"actor", "paper", "id", "occurred_at"})

    @property
    def name(self) -> str:
        return type(self).__name__

    def payload(self) -> dict[str, Any]:
        """The event's own fields, JSON-ready (tuples become lists)."""
        return {
            f.name: _jsonable(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in self._envelope
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, kw_only=True)
class UserCreated(Event):
    user: str
    is_admin: bool


@dataclass(frozen=True, kw_only=True)
class TokenIssued(Event):
    user: str
    # Tokens issued before names and expiry were recorded without them.
    token: int | None = None
    token_name: str = ""
    expires_at: str | None = None


@dataclass(frozen=True, kw_only=True)
class TokensRevoked(Event):
    user: str
    revoked: int


@dataclass(frozen=True, kw_only=True)
class PaperCreated(Event):
    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PaperUpdated(Event):
    changes: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class LanguageAdded(Event):
    language: str


@dataclass(frozen=True, kw_only=True)
class LanguageRetired(Event):
    """A language without text left the paper; the titles it had are kept here."""

    language: str
    title: str | None
    forum: str | None
    section_titles: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class SectionRetired(Event):
    """A section left the outline; its texts, comments and reviews stay readable."""

    section: str


@dataclass(frozen=True, kw_only=True)
class CommentEdited(Event):
    """A comment's author changed it before anyone replied; the words it had are kept."""

    section: str
    language: str
    comment: int
    previous_body: str
    previous_replacement: str | None


@dataclass(frozen=True, kw_only=True)
class MembershipChanged(Event):
    user: str
    roles: tuple[str, ...]
    # The languages a role is limited to, by role; a role not named holds for all.
    languages: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class SectionAdded(Event):
    section: str
    position: int
    titles: dict[str, str]
    authors: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SectionUpdated(Event):
    section: str
    changes: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class OutlineReordered(Event):
    order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RevisionSaved(Event):
    section: str
    language: str
    number: int
    content_hash: str
    base: int | None
    merged: bool
    source_revision: int | None = None


@dataclass(frozen=True, kw_only=True)
class SectionSubmitted(Event):
    section: str
    language: str
    revision: int


@dataclass(frozen=True, kw_only=True)
class ApprovalsVoided(Event):
    """A new revision replaced text that was in review or approved."""

    section: str
    language: str
    revision: int
    previous_state: str


@dataclass(frozen=True, kw_only=True)
class ReviewRecorded(Event):
    section: str
    language: str
    revision: int
    content_hash: str
    decision: str
    note: str


@dataclass(frozen=True, kw_only=True)
class SectionApproved(Event):
    section: str
    language: str
    revision: int
    content_hash: str
    approvers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ChangesRequested(Event):
    section: str
    language: str
    revision: int


@dataclass(frozen=True, kw_only=True)
class TranslationStale(Event):
    section: str
    language: str
    made_from: int | None
    approved_source: int


@dataclass(frozen=True, kw_only=True)
class CommentAdded(Event):
    section: str
    language: str
    comment: int
    revision: int
    parent: int | None
    suggestion: bool


@dataclass(frozen=True, kw_only=True)
class CommentResolved(Event):
    section: str
    language: str
    comment: int
    disposition: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class CommentReopened(Event):
    section: str
    language: str
    comment: int


@dataclass(frozen=True, kw_only=True)
class CommentOrphaned(Event):
    """The quoted text of an open thread could not be found in a new revision."""

    section: str
    language: str
    comment: int
    revision: int


@dataclass(frozen=True, kw_only=True)
class PublicationRequested(Event):
    version: str
    kind: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    publication: int


@dataclass(frozen=True, kw_only=True)
class ArtifactRendered(Event):
    version: str
    language: str
    format: str
    sha256: str
    size: int
    reused: bool


@dataclass(frozen=True, kw_only=True)
class PublicationPublished(Event):
    version: str


@dataclass(frozen=True, kw_only=True)
class PublicationFailed(Event):
    version: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class BibliographyChanged(Event):
    entries: int


@dataclass(frozen=True, kw_only=True)
class ImageStored(Event):
    """An image the text may show, stored (or replaced) under its name."""

    image: str  # the name the text uses
    sha256: str
    media_type: str
    size: int
    replaced: bool


@dataclass(frozen=True, kw_only=True)
class TokenRevoked(Event):
    """One token revoked by its id (TokensRevoked is all of a user's at once)."""

    user: str
    token: int
    token_name: str


@dataclass(frozen=True, kw_only=True)
class InvitationIssued(Event):
    user: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class PasswordSet(Event):
    """A person set their password through an invitation; their old sessions ended."""

    user: str
    sessions_ended: int


@dataclass(frozen=True, kw_only=True)
class SignedIn(Event):
    user: str
    session: int
    client: str


@dataclass(frozen=True, kw_only=True)
class SignInFailed(Event):
    """A wrong name, e-mail or password; `actor` and `user` name the account when the login
    named one. What was typed is kept only then: people often type their password into
    the name field, and the log must never hold a password."""

    user: str | None
    client: str
    account_failures: int
    client_failures: int


@dataclass(frozen=True, kw_only=True)
class SignedOut(Event):
    user: str
    sessions: int
    everywhere: bool


@dataclass(frozen=True, kw_only=True)
class ConsequenceDeadLettered(Event):
    """A consequence of an event failed for good (every try, or one that cannot work);
    it waits for an operator to replay it. `paper` is None: it is the installation's."""

    consequence: int
    event: str  # the id of the event whose consequence it was
    event_type: str
    handler: str
    attempts: int
    error: str


@dataclass(frozen=True, kw_only=True)
class ConsequenceReplayed(Event):
    """An operator set a dead-lettered consequence going again, from its first try."""

    consequence: int
    handler: str


@dataclass(frozen=True, kw_only=True)
class WebhookSubscribed(Event):
    """The secretariat subscribed an endpoint (its URL is not logged: it may hold a key)."""

    endpoint: int
    event_types: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class WebhookUpdated(Event):
    endpoint: int
    changes: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class WebhookSecretRotated(Event):
    endpoint: int
    previous_valid_until: str


@dataclass(frozen=True, kw_only=True)
class WebhookDeleted(Event):
    endpoint: int


@dataclass(frozen=True, kw_only=True)
class WebhookDisabled(Event):
    """An endpoint's deliveries failed for the whole retry schedule: nothing more is sent."""

    endpoint: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class WebhookRedeliveryRequested(Event):
    endpoint: int
    delivery: int
    event: str


@dataclass(frozen=True, kw_only=True)
class NotificationPreferencesChanged(Event):
    user: str
    muted: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class WordFileImported(Event):
    """A Word file came in for a text (or, for a review copy, for a whole language):
    what it added, so that the log tells a file's consequences apart from typed work."""

    language: str
    sha256: str
    kind: str  # "section" or "review-copy"
    section: str | None = None
    revision: int | None = None  # the revision the file's text became, if it made one
    threads: int = 0
    suggestions: int = 0
    replies: int = 0
