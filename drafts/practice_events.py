"""The events of a paper's catalogue of practices: every change of one is recorded.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them (a paper's webhook sees `practice.proposed` and the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.events import Event


@dataclass(frozen=True, kw_only=True)
class PracticeProposed(Event):
    practice: str
    source_language: str
    version: int


@dataclass(frozen=True, kw_only=True)
class PracticeEdited(Event):
    """Its facts or source text changed; `unverified` when it had been verified."""

    practice: str
    changed: tuple[str, ...]
    unverified: bool
    version: int


@dataclass(frozen=True, kw_only=True)
class PracticeTranslated(Event):
    practice: str
    language: str
    source_revision: int
    version: int


@dataclass(frozen=True, kw_only=True)
class PracticeVerified(Event):
    practice: str
    version: int


@dataclass(frozen=True, kw_only=True)
class PracticeRetired(Event):
    practice: str


@dataclass(frozen=True, kw_only=True)
class PracticesImported(Event):
    """A spreadsheet came in: how many practices it proposed and changed (each change is
    recorded by its own event as well)."""

    sha256: str
    format: str  # "csv" or "xlsx"
    rows: int
    proposed: int
    edited: int
    translated: int
