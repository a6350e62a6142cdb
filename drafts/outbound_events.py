"""The events of what leaves Accord on its own: webhook endpoints and notice preferences.

They are `drafts.events.Event`s like every other, so that the audit log, the outbox and
the webhooks carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drafts.events import Event


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
