"""The ports of what leaves Accord on its own: webhook deliveries and notices mailed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from drafts.model import Paper
from drafts.notifications import Notice, OutgoingMail, Preferences
from drafts.webhook_deliveries import DeliveryAttempt, EventRecord, WebhookDelivery
from drafts.webhooks import WebhookEndpoint


@dataclass(frozen=True)
class DueDelivery:
    """A delivery claimed for one try, with what the try needs."""

    delivery: WebhookDelivery
    endpoint: WebhookEndpoint
    event: EventRecord


class WebhookRepository(Protocol):
    async def add(self, paper: Paper, endpoint: WebhookEndpoint) -> WebhookEndpoint: ...
    async def get(
        self, paper: Paper, endpoint_id: int, *, lock: bool = False
    ) -> WebhookEndpoint | None: ...
    async def for_paper(self, paper: Paper) -> list[WebhookEndpoint]: ...
    async def papers_with_endpoints(self, slugs: Collection[str]) -> set[str]:
        """Those of the papers that have at least one endpoint, whatever its state."""
        ...

    async def update(self, endpoint: WebhookEndpoint) -> None: ...
    async def delete(self, endpoint: WebhookEndpoint) -> None:
        """Remove the endpoint with its deliveries and their tries."""
        ...

    async def event(self, event_id: str) -> EventRecord | None: ...
    async def add_deliveries(self, deliveries: list[WebhookDelivery]) -> int:
        """Add those not there yet (one per endpoint and event); how many were new."""
        ...

    async def deliveries(
        self, endpoint: WebhookEndpoint, status: str | None, after: int, limit: int
    ) -> list[WebhookDelivery]: ...
    async def delivery(
        self, endpoint: WebhookEndpoint, delivery_id: int
    ) -> WebhookDelivery | None: ...
    async def update_delivery(self, delivery: WebhookDelivery) -> bool:
        """Store the delivery's state; False if it is gone (its endpoint was deleted)."""
        ...

    async def attempts(self, delivery: WebhookDelivery) -> list[DeliveryAttempt]: ...
    async def add_attempt(self, delivery: WebhookDelivery, attempt: DeliveryAttempt) -> None: ...
    async def claim_due(
        self, now: datetime, lease_until: datetime, limit: int, event_id: str | None = None
    ) -> list[DueDelivery]:
        """Pending deliveries of active endpoints due by `now`, each taken by this caller
        alone: its next try is moved to `lease_until`, so that no other claim sees it
        before this one's outcome is recorded (or, after a crash, the lease runs out)."""
        ...

    async def fail_pending(self, endpoint: WebhookEndpoint, reason: str) -> int: ...


class NoticeRepository(Protocol):
    async def preferences(self, users: list[str]) -> dict[str, Preferences]:
        """Each user's preferences; the default for those who never chose."""
        ...

    async def set_preferences(self, preferences: Preferences) -> None: ...
    async def add(self, notices: list[Notice]) -> int:
        """Add those not there yet (one per event, person and kind); how many were new."""
        ...

    async def for_user(self, user: str, after: int, limit: int) -> list[Notice]: ...
    async def waiting_recipients(self, created_before: datetime, limit: int) -> list[str]:
        """People with a notice not yet in a mail, the oldest made before the time given."""
        ...

    async def unmailed(self, recipient: str) -> list[Notice]: ...
    async def add_mail(self, mail: OutgoingMail, notices: list[Notice]) -> OutgoingMail | None:
        """Store the mail carrying `notices`; None if another caller took one of them first."""
        ...

    async def claim_mail(
        self, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutgoingMail]: ...
    async def update_mail(self, mail: OutgoingMail) -> None: ...


class MailNotSent(Exception):
    """The mail could not be handed over; worth another try later."""
