"""From an event to its webhook deliveries, and each delivery's tries.

The event's handler only records one delivery per endpoint that wants it (idempotent:
one row per endpoint and event). The courier then takes due deliveries in three steps, so
that no transaction is held open across the network: claim them (each by one courier
alone), send them, record what each try got. A courier that dies after its claim leaves
the delivery to be tried again when the claim's lease runs out: a receiver may see a
`webhook-id` twice after a crash (the specification's at-least-once), never in normal work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from drafts.events import Event
from drafts.model import Paper
from drafts.outbound_events import WebhookDisabled
from drafts.webhook_deliveries import (
    DeliveryAttempt,
    EventRecord,
    SendOutcome,
    WebhookDelivery,
    WebhookMessage,
    judge_attempt,
    webhook_body,
)
from drafts.webhooks import EndpointStatus, WebhookEndpoint, event_type
from workflows.outbound_ports import DueDelivery
from workflows.ports import UnitOfWork, WebhookSender
from workflows.webhooks import INSTALLATION_EVENTS

# Opens a unit of work that commits when its block ends without an error.
Transaction = Callable[[], AbstractAsyncContextManager[UnitOfWork]]

# Longer than one try can take (the sender's timeout), so that a lease never runs out
# while its try is still on its way.
CLAIM_LEASE = timedelta(seconds=90)


async def record_webhook_deliveries(uow: UnitOfWork, event: EventRecord) -> int:
    """One delivery for each endpoint of the event's paper that wants it; how many new.

    Endpoints subscribed after the event happened do not get it; disabled ones neither."""
    if event.paper is None or event.name in INSTALLATION_EVENTS:
        return 0
    paper = await uow.papers.get(event.paper)
    if paper is None:
        return 0
    type_ = event_type(event.name)
    now = datetime.now(UTC)
    deliveries = [
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id=event.id,
            event_type=type_,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint in await uow.webhooks.for_paper(paper)
        if endpoint.id is not None
        and endpoint.status is not EndpointStatus.DISABLED
        and endpoint.created_at <= event.occurred_at
        and endpoint.wants(type_)
    ]
    return await uow.webhooks.add_deliveries(deliveries)


async def claim_deliveries(
    uow: UnitOfWork, limit: int = 50, event_id: str | None = None
) -> list[DueDelivery]:
    """Due deliveries (of one event, if given), each taken by this caller alone until its
    outcome is recorded."""
    now = datetime.now(UTC)
    return await uow.webhooks.claim_due(now, now + CLAIM_LEASE, limit, event_id)


@dataclass(frozen=True)
class TryResult:
    due: DueDelivery
    attempted_at: datetime
    outcome: SendOutcome


async def send_deliveries(
    due: list[DueDelivery], sender: WebhookSender, concurrency: int = 8
) -> list[TryResult]:
    """One try of each, a few at a time; the same body on every try of a delivery."""
    slots = asyncio.Semaphore(concurrency)

    async def attempt(item: DueDelivery) -> TryResult:
        async with slots:
            now = datetime.now(UTC)
            message = WebhookMessage(item.event.id, now, webhook_body(item.event))
            outcome = await sender.send(
                item.endpoint.url, message, item.endpoint.signing_secrets(now)
            )
            return TryResult(item, now, outcome)

    return list(await asyncio.gather(*(attempt(item) for item in due)))


async def record_tries(
    uow: UnitOfWork, results: list[TryResult], schedule: tuple[float, ...]
) -> list[Event]:
    """Write each try to its delivery's log and move the delivery on; disable an endpoint
    whose failure is sustained and tell its paper (the events recorded are returned)."""
    papers: dict[str, Paper | None] = {}
    endpoints: dict[int, WebhookEndpoint | None] = {}
    recorded: list[Event] = []
    for result in results:
        delivery = result.due.delivery
        slug = result.due.endpoint.paper
        if slug not in papers:
            papers[slug] = await uow.papers.get(slug)
        paper = papers[slug]
        if paper is None:
            continue
        healthy = result.outcome.ok and result.due.endpoint.failing_since is None
        if delivery.endpoint_id not in endpoints and not healthy:
            # Read again under a lock: another courier may have changed its health since.
            endpoints[delivery.endpoint_id] = await uow.webhooks.get(
                paper, delivery.endpoint_id, lock=True
            )
        # A success on an endpoint that was healthy changes nothing of it: no lock, so
        # couriers recording successes of one busy endpoint do not queue on its row.
        endpoint = endpoints.get(delivery.endpoint_id, result.due.endpoint)
        if endpoint is None:
            continue  # deleted meanwhile, with its deliveries
        was, failing = endpoint.status, endpoint.failing_since
        verdict = judge_attempt(delivery, endpoint, result.outcome, result.attempted_at, schedule)
        if not await uow.webhooks.update_delivery(delivery):
            continue  # its endpoint was deleted meanwhile, and the delivery with it
        await uow.webhooks.add_attempt(
            delivery,
            DeliveryAttempt(
                number=delivery.attempts,
                attempted_at=result.attempted_at,
                status_code=result.outcome.status_code,
                duration_ms=result.outcome.duration_ms,
                error=result.outcome.error,
                response=result.outcome.response,
            ),
        )
        if (endpoint.status, endpoint.failing_since) != (was, failing):
            await uow.webhooks.update(endpoint)
        if verdict.disable_endpoint and was is EndpointStatus.ACTIVE:
            reason = endpoint.disabled_reason or "sustained failure"
            await uow.webhooks.fail_pending(endpoint, "the endpoint was disabled")
            assert endpoint.id is not None
            event = WebhookDisabled(
                actor="system", paper=paper.slug, endpoint=endpoint.id, reason=reason
            )
            uow.record(event)
            recorded.append(event)
    return recorded


BATCH = 50


async def deliver_due(
    transaction: Transaction,
    sender: WebhookSender,
    schedule: tuple[float, ...],
    *,
    event_id: str | None = None,
    rounds: int = 20,
) -> int:
    """Try the due deliveries (of one event, if given) in batches; the number of tries.

    Three transactions per batch, none open while the tries are on their way."""
    tried = 0
    for _ in range(rounds):
        async with transaction() as uow:
            due = await claim_deliveries(uow, BATCH, event_id)
        if not due:
            break
        results = await send_deliveries(due, sender)
        async with transaction() as uow:
            await record_tries(uow, results, schedule)
        tried += len(results)
        if len(due) < BATCH:
            break
    return tried
