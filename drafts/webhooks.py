"""Webhooks by the Standard Webhooks specification: endpoints and their secrets.

An endpoint is a URL the secretariat subscribed to a paper's events. Each event it wants
becomes one delivery (`drafts.webhook_deliveries`), tried on a fixed schedule of growing
delays (about a day in all); an endpoint whose deliveries keep failing for that long is
disabled, and the secretariat is told. The wire format (headers, signature) lives with
the sender, not here.
"""

from __future__ import annotations

import base64
import ipaddress
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from drafts.errors import InvalidRequest
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
