"""A webhook delivery: one event for one endpoint, its tries and what each try means.

Each event an endpoint wants becomes one delivery, tried on the schedule of
`drafts.webhooks` until a receiver answers 2xx; a delivery that keeps failing for the
whole schedule, while its endpoint fails too, disables the endpoint. The payload is the
same bytes on every try, so that receivers can drop repeats by the event's id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from drafts.errors import InvalidTransition
from drafts.webhooks import EndpointStatus, WebhookEndpoint, event_type


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next try (or for a paused endpoint)
    DELIVERED = "delivered"  # a 2xx answer
    FAILED = "failed"  # every try of the schedule failed, or the endpoint was disabled


@dataclass
class WebhookDelivery:
    """One event for one endpoint; its `event_id` is the `webhook-id` of every try."""

    endpoint_id: int
    event_id: str
    event_type: str
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    # Tries in the current round: a redelivery starts a new round of the schedule.
    round_tries: int = 0
    round_started_at: datetime | None = None
    last_status_code: int | None = None
    last_duration_ms: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None
    id: int | None = None

    def redeliver(self, now: datetime) -> None:
        if self.status is DeliveryStatus.PENDING and self.round_tries == 0:
            raise InvalidTransition("this delivery is waiting for its first try already")
        self.status = DeliveryStatus.PENDING
        self.round_tries = 0
        self.round_started_at = None
        self.next_attempt_at = now


@dataclass(frozen=True)
class SendOutcome:
    """What one try got: an HTTP status, or an error before any answer."""

    status_code: int | None
    duration_ms: int
    error: str | None = None
    response: str = ""  # the start of the answer's body, for the log

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class DeliveryAttempt:
    number: int
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    error: str | None
    response: str


@dataclass(frozen=True)
class AttemptVerdict:
    """What a try's outcome means for its delivery and its endpoint."""

    delivered: bool
    gave_up: bool
    disable_endpoint: bool


def judge_attempt(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    outcome: SendOutcome,
    now: datetime,
    schedule: tuple[float, ...],
) -> AttemptVerdict:
    """Apply one try's outcome to the delivery and its endpoint (both changed in place).

    A failed try waits the schedule's next delay; past the schedule's end the delivery has
    failed, and when the endpoint has not answered any delivery with success since that
    one's round began, its failure is sustained: the endpoint is disabled. (The claim that
    took the delivery for this try counted it in `attempts` already.)"""
    delivery.round_tries += 1
    if delivery.round_started_at is None:
        delivery.round_started_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_duration_ms = outcome.duration_ms
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        endpoint.failing_since = None
        return AttemptVerdict(delivered=True, gave_up=False, disable_endpoint=False)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    if delivery.round_tries < len(schedule):
        delivery.next_attempt_at = now + timedelta(seconds=schedule[delivery.round_tries])
        return AttemptVerdict(delivered=False, gave_up=False, disable_endpoint=False)
    delivery.status = DeliveryStatus.FAILED
    sustained = endpoint.failing_since <= delivery.round_started_at
    disable = sustained and endpoint.status is EndpointStatus.ACTIVE
    if disable:
        endpoint.status = EndpointStatus.DISABLED
        endpoint.disabled_reason = (
            f"every delivery failed since {endpoint.failing_since.isoformat()} "
            f"({delivery.round_tries} tries of event {delivery.event_id}; "
            f"last: {outcome.error or f'HTTP {outcome.status_code}'})"
        )
    return AttemptVerdict(delivered=False, gave_up=True, disable_endpoint=disable)


@dataclass(frozen=True)
class WebhookMessage:
    """What one try sends: the body is the same bytes on every try of a delivery."""

    id: str  # the event's id: the `webhook-id`, so receivers can drop repeats
    timestamp: datetime
    body: str


@dataclass(frozen=True)
class EventRecord:
    """An event as a webhook payload needs it."""

    id: str
    name: str
    paper: str | None
    actor: str
    occurred_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


def webhook_body(event: EventRecord) -> str:
    """The stable JSON payload: `type`, `timestamp`, `data` and the event's `id`.

    Keys are sorted and spacing fixed, so that every try of one event sends the same bytes."""
    document = {
        "id": event.id,
        "type": event_type(event.name),
        "timestamp": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "data": {**event.payload, "paper": event.paper, "actor": event.actor},
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
