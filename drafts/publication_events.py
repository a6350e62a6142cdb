"""The events of versions: requested, each file rendered, published or failed.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.events import Event


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
