"""The events of review: a text submitted, approved or sent back, approvals voided, and
a translation left behind by its source.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.events import Event


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
