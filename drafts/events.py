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
