"""The dispatcher's handlers that tell the outside world: webhooks and notices.

Both follow the handler contract of `workflows.consequences`: idempotent (a delivery per
endpoint and event, a notice per event, person and kind, each under a unique key), no
commit of their own (units of work from `adapters.transaction()`), none held while a try
is on the network. A webhook receiver that fails does not fail the handler: its delivery
has a retry schedule of its own (Standard Webhooks': about a day), kept per endpoint,
which the courier (`deliver_due`, run every second by the workers) follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from drafts.webhook_deliveries import EventRecord
from workflows.event_ports import LoggedEvent, OutboxItem
from workflows.notifications import Links, record_notices
from workflows.ports import Adapters, UnitOfWork
from workflows.postman import post_mail
from workflows.webhook_delivery import deliver_due, record_webhook_deliveries
from workflows.webhooks import INSTALLATION_EVENTS


def _record(event: LoggedEvent) -> EventRecord:
    # SQLite gives back the naive UTC times it was given; the rules compare aware ones.
    moment = event.occurred_at
    return EventRecord(
        id=event.id,
        name=event.name,
        paper=event.paper,
        actor=event.actor,
        occurred_at=moment if moment.tzinfo else moment.replace(tzinfo=UTC),
        payload=event.payload,
    )


async def wanted_by_webhooks(uow: UnitOfWork, events: Sequence[OutboxItem]) -> set[str]:
    """The events `send_webhooks` may deliver: those of a paper that has an endpoint at
    all (disabled, filtered or younger than the event included: the handler judges
    those). An event of a paper without one can never be delivered, since an endpoint
    subscribed later does not get it."""
    papers = {
        e.event_id: e.paper
        for e in events
        if e.paper is not None and e.name not in INSTALLATION_EVENTS
    }
    if not papers:
        return set()
    with_endpoints = await uow.webhooks.papers_with_endpoints(set(papers.values()))
    return {event for event, paper in papers.items() if paper in with_endpoints}


async def send_webhooks(event: LoggedEvent, adapters: Adapters) -> str | None:
    """Record a delivery for each endpoint that wants the event, and make its first try."""
    async with adapters.transaction() as uow:
        made = await record_webhook_deliveries(uow, _record(event))
    if not made:
        return None
    tried = await deliver_due(
        adapters.transaction,
        adapters.webhook_sender,
        adapters.outbound.webhook_schedule,
        event_id=event.id,
    )
    return f"{made} deliveries, {tried} tried"


async def notify_people(event: LoggedEvent, adapters: Adapters) -> str | None:
    """Record the notices of the people the event concerns; without a digest, mail them."""
    setup = adapters.outbound
    async with adapters.transaction() as uow:
        made = await record_notices(uow, _record(event), Links(setup.public_url))
    if not made:
        return None
    if setup.digest:
        return f"{made} notices, for the next digest"
    sent = await post_mail(adapters.transaction, adapters.mailer, setup.mail_domain, setup.digest)
    return f"{made} notices, {sent} mails sent"
