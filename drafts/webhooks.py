"""Webhooks by the Standard Webhooks specification: endpoints, their secrets, deliveries.

An endpoint is a URL the secretariat subscribed to a paper's events. Each event it wants
becomes one delivery, tried on a fixed schedule of growing delays (about a day in all);
an endpoint whose deliveries keep failing for that long is disabled, and the secretariat
is told. The wire format (headers, signature) lives with the sender, not here.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from drafts.errors import InvalidRequest, InvalidTransition
from drafts.text import check_storable

SECRET_PREFIX = "whsec_"
MAX_URL_LENGTH = 2000
MAX_FILTERS = 50
MAX_ENDPOINTS_PER_PAPER = 20
MAX_DESCRIPTION = 500
# The Standard Webhooks recommendation: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h
# and 10 h again (about 27.6 hours from the first try to the last).
RETRY_SCHEDULE: tuple[float, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
# How long a previous secret keeps signing after a rotation, unless the caller says.
DEFAULT_ROTATION_GRACE = timedelta(hours=24)
MAX_ROTATION_GRACE = timedelta(days=7)

_CAMEL_WORD = re.compile(r"[A-Z][a-z0-9]*")


def event_type(name: str) -> str:
    """The dotted, lower-case type a webhook carries for an event name, resource first:
    `SectionSubmitted` → `section.submitted`, `TranslationStale` → `translation.stale`."""
    words: list[str] = [w.lower() for w in _CAMEL_WORD.findall(name)]
    if len(words) < 2:
        return words[0] if words else name.lower()
    return "_".join(words[:-1]) + "." + words[-1]


def check_event_filter(types: list[str] | tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """The filter as given (sorted, without repeats), each a known type or `resource.*`.

    An empty filter means every event of the paper."""
    if len(types) > MAX_FILTERS:
        raise InvalidRequest(f"event_types: at most {MAX_FILTERS} entries")
    resources = {t.split(".", 1)[0] for t in known}
    unknown = [
        t
        for t in types
        if t not in known and not (t.endswith(".*") and t.removesuffix(".*") in resources)
    ]
    if unknown:
        raise InvalidRequest(
            f"event_types: unknown type {', '.join(map(repr, unknown[:5]))}; "
            f"known types are {', '.join(sorted(known))} (or 'resource.*')",
            unknown=unknown,
        )
    return tuple(sorted(set(types)))


def check_webhook_url(url: str) -> str:
    """The URL, if it is an absolute http(s) URL a receiver could listen on.

    Whether its host may be reached is a question for the network (see `refused_address`),
    asked when subscribing and again on every connection."""
    check_storable(url, "url")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidRequest(f"url: at most {MAX_URL_LENGTH} characters")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise InvalidRequest("url: must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidRequest(f"url: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidRequest("url: must start with https:// (or http://)")
    if not parts.hostname:
        raise InvalidRequest("url: names no host")
    if parts.username is not None or parts.password is not None:
        # Credentials in a URL end up in logs; a receiver authenticates by the signature.
        raise InvalidRequest("url: must not hold a user name or password")
    if parts.fragment:
        raise InvalidRequest("url: must not have a #fragment")
    if port == 0:
        raise InvalidRequest("url: port 0 is not a port")
    return url


def refused_address(address: str) -> str | None:
    """Why a webhook may not connect to this IP address, or None when it may.

    Only globally routable unicast addresses are allowed: private, loopback, link-local
    (cloud metadata services live there), shared, reserved, multicast and unspecified
    ranges are refused, also when written as IPv4 inside IPv6."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            ip = embedded
    for test, what in (
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_private, "private"),
        (ip.is_multicast, "multicast"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally routable"),
    ):
        if test:
            return f"{ip} is a {what} address"
    return None


def new_secret() -> str:
    """A fresh signing secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # deliveries wait until it is active again
    DISABLED = "disabled"  # by sustained failure; nothing new is delivered


@dataclass(frozen=True)
class SigningSecret:
    value: str
    created_at: datetime
    expires_at: datetime | None = None  # set when a newer secret replaced it

    def valid_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


@dataclass
class WebhookEndpoint:
    paper: str
    url: str
    event_types: tuple[str, ...]
    secrets: tuple[SigningSecret, ...]
    created_by: str
    created_at: datetime
    description: str = ""
    status: EndpointStatus = EndpointStatus.ACTIVE
    disabled_reason: str | None = None
    # When its deliveries started failing with no success since; None while healthy.
    failing_since: datetime | None = None
    id: int | None = None

    def wants(self, type_: str) -> bool:
        if not self.event_types:
            return True
        resource = type_.split(".", 1)[0]
        return type_ in self.event_types or f"{resource}.*" in self.event_types

    def signing_secrets(self, now: datetime) -> list[str]:
        """Every secret that signs now: the newest, and older ones still in their grace."""
        return [s.value for s in self.secrets if s.valid_at(now)]

    def rotate(self, secret: str, now: datetime, grace: timedelta) -> datetime:
        """Make `secret` the one that signs; the current one goes on signing for `grace`.

        Returns when the previous secret stops signing."""
        if not timedelta(0) <= grace <= MAX_ROTATION_GRACE:
            raise InvalidRequest(
                f"grace_seconds must be between 0 and {int(MAX_ROTATION_GRACE.total_seconds())}"
            )
        until = now + grace
        # Every older secret stops by the end of this grace too: a rotation without grace
        # (a leaked secret) leaves only the new one signing.
        kept = tuple(
            replace(s, expires_at=min(s.expires_at or until, until))
            for s in self.secrets
            if s.valid_at(now)
        )
        self.secrets = (SigningSecret(secret, now), *kept)
        return until

    def set_status(self, status: EndpointStatus) -> None:
        """Pause or resume by hand; resuming a disabled endpoint starts it afresh."""
        if status is EndpointStatus.DISABLED:
            raise InvalidRequest("status: set 'active' or 'paused'; Accord disables by itself")
        self.status = status
        if status is EndpointStatus.ACTIVE:
            self.disabled_reason = None
            self.failing_since = None


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
