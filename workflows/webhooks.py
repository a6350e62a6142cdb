"""The secretariat's webhook endpoints: subscribe, change, rotate the secret, delete, and
read the delivery log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Imported so that every type of event is known below, whoever imported what before.
from drafts import (  # noqa: F401
    comment_events,
    outbound_events,
    people_events,
    practice_events,
    publication_events,
    review_events,
)
from drafts import events as domain_events
from drafts.access import Action, authorize
from drafts.commands import (
    DeleteWebhook,
    Redeliver,
    RotateWebhookSecret,
    SubscribeWebhook,
    UpdateWebhook,
)
from drafts.errors import InvalidRequest, InvalidTransition, NotFound
from drafts.events import Event
from drafts.model import Paper
from drafts.outbound_events import (
    WebhookDeleted,
    WebhookRedeliveryRequested,
    WebhookSecretRotated,
    WebhookSubscribed,
    WebhookUpdated,
)
from drafts.text import check_storable
from drafts.webhook_deliveries import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from drafts.webhooks import (
    DEFAULT_ROTATION_GRACE,
    MAX_DESCRIPTION,
    MAX_ENDPOINTS_PER_PAPER,
    EndpointStatus,
    SigningSecret,
    WebhookEndpoint,
    check_event_filter,
    check_webhook_url,
    event_type,
    new_secret,
)
from workflows.pages import Page, page_of
from workflows.papers import load_paper
from workflows.ports import UnitOfWork

# Asks the network whether a URL's host may be reached; raises InvalidRequest if not.
CheckTarget = Callable[[str], Awaitable[None]]

# Events about the installation rather than a paper: no paper's webhook carries them.
INSTALLATION_EVENTS = frozenset(
    {"UserCreated", "TokenIssued", "TokensRevoked", "NotificationPreferencesChanged"}
)


def _event_classes(base: type[Event]) -> list[type[Event]]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_event_classes(sub)]
    return found


def webhook_event_types() -> set[str]:
    """Every type a paper's webhook may carry, as `resource.action`."""
    return {
        event_type(cls.__name__)
        for cls in _event_classes(domain_events.Event)
        if cls.__name__ not in INSTALLATION_EVENTS
    }


async def _managed_paper(uow: UnitOfWork, slug: str, actor: str) -> Paper:
    paper = await load_paper(uow, slug, actor)
    authorize(paper, actor, Action.MANAGE)
    return paper


async def _endpoint(
    uow: UnitOfWork, paper: Paper, endpoint_id: int, *, lock: bool = False
) -> WebhookEndpoint:
    endpoint = await uow.webhooks.get(paper, endpoint_id, lock=lock)
    if endpoint is None:
        raise NotFound(f"paper {paper.slug!r} has no webhook endpoint {endpoint_id}")
    return endpoint


def _description(text: str) -> str:
    check_storable(text, "description")
    if len(text) > MAX_DESCRIPTION:
        raise InvalidRequest(f"description: at most {MAX_DESCRIPTION} characters")
    return text


async def subscribe_webhook(
    cmd: SubscribeWebhook, uow: UnitOfWork, check_target: CheckTarget
) -> WebhookEndpoint:
    """The new endpoint, holding its first secret (the only time the caller sees it)."""
    paper = await _managed_paper(uow, cmd.paper, cmd.actor)
    url = check_webhook_url(cmd.url)
    types = check_event_filter(cmd.event_types, webhook_event_types())
    description = _description(cmd.description)
    if len(await uow.webhooks.for_paper(paper)) >= MAX_ENDPOINTS_PER_PAPER:
        raise InvalidTransition(f"a paper has at most {MAX_ENDPOINTS_PER_PAPER} endpoints")
    await check_target(url)
    now = datetime.now(UTC)
    endpoint = await uow.webhooks.add(
        paper,
        WebhookEndpoint(
            paper=paper.slug,
            url=url,
            event_types=types,
            secrets=(SigningSecret(new_secret(), now),),
            created_by=cmd.actor,
            created_at=now,
            description=description,
        ),
    )
    assert endpoint.id is not None
    uow.record(
        WebhookSubscribed(
            actor=cmd.actor, paper=paper.slug, endpoint=endpoint.id, event_types=types
        )
    )
    return endpoint


async def update_webhook(
    cmd: UpdateWebhook, uow: UnitOfWork, check_target: CheckTarget
) -> WebhookEndpoint:
    """The endpoint with its new URL, filter, description or status (pause, resume)."""
    paper = await _managed_paper(uow, cmd.paper, cmd.actor)
    endpoint = await _endpoint(uow, paper, cmd.endpoint, lock=True)
    changes: dict[str, object] = {}
    if cmd.url is not None and cmd.url != endpoint.url:
        endpoint.url = check_webhook_url(cmd.url)
        await check_target(endpoint.url)
        changes["url"] = "changed"  # the URL itself may hold a key: the log says only this
    if cmd.event_types is not None:
        types = check_event_filter(cmd.event_types, webhook_event_types())
        if types != endpoint.event_types:
            endpoint.event_types = types
            changes["event_types"] = list(types)
    if cmd.description is not None and cmd.description != endpoint.description:
        endpoint.description = _description(cmd.description)
        changes["description"] = endpoint.description
    if cmd.status is not None and cmd.status != endpoint.status.value:
        try:
            status = EndpointStatus(cmd.status)
        except ValueError:
            raise InvalidRequest("status must be 'active' or 'paused'") from None
        endpoint.set_status(status)
        changes["status"] = status.value
    if changes:
        await uow.webhooks.update(endpoint)
        assert endpoint.id is not None
        uow.record(
            WebhookUpdated(actor=cmd.actor, paper=paper.slug, endpoint=endpoint.id, changes=changes)
        )
    return endpoint


@dataclass(frozen=True)
class RotatedSecret:
    endpoint: WebhookEndpoint
    secret: str
    previous_valid_until: datetime


async def rotate_webhook_secret(cmd: RotateWebhookSecret, uow: UnitOfWork) -> RotatedSecret:
    """A new secret that signs from now on; the previous one signs too until the grace ends."""
    paper = await _managed_paper(uow, cmd.paper, cmd.actor)
    endpoint = await _endpoint(uow, paper, cmd.endpoint, lock=True)
    grace = (
        DEFAULT_ROTATION_GRACE
        if cmd.grace_seconds is None
        else timedelta(seconds=cmd.grace_seconds)
    )
    secret = new_secret()
    until = endpoint.rotate(secret, datetime.now(UTC), grace)
    await uow.webhooks.update(endpoint)
    assert endpoint.id is not None
    uow.record(
        WebhookSecretRotated(
            actor=cmd.actor,
            paper=paper.slug,
            endpoint=endpoint.id,
            previous_valid_until=until.isoformat(),
        )
    )
    return RotatedSecret(endpoint, secret, until)


async def delete_webhook(cmd: DeleteWebhook, uow: UnitOfWork) -> None:
    """Remove the endpoint, its deliveries and their log: nothing more is sent to it."""
    paper = await _managed_paper(uow, cmd.paper, cmd.actor)
    endpoint = await _endpoint(uow, paper, cmd.endpoint, lock=True)
    await uow.webhooks.delete(endpoint)
    uow.record(WebhookDeleted(actor=cmd.actor, paper=paper.slug, endpoint=cmd.endpoint))


async def list_webhooks(uow: UnitOfWork, slug: str, actor: str) -> list[WebhookEndpoint]:
    return await uow.webhooks.for_paper(await _managed_paper(uow, slug, actor))


async def get_webhook(uow: UnitOfWork, slug: str, actor: str, endpoint_id: int) -> WebhookEndpoint:
    return await _endpoint(uow, await _managed_paper(uow, slug, actor), endpoint_id)


async def list_deliveries(
    uow: UnitOfWork,
    slug: str,
    actor: str,
    endpoint_id: int,
    status: str | None,
    after: int,
    limit: int,
) -> Page[WebhookDelivery]:
    """The endpoint's deliveries, newest first."""
    endpoint = await get_webhook(uow, slug, actor, endpoint_id)
    if status is not None and status not in {s.value for s in DeliveryStatus}:
        raise InvalidRequest("status must be one of " + ", ".join(s.value for s in DeliveryStatus))
    rows = await uow.webhooks.deliveries(endpoint, status, after, limit + 1)
    return page_of(rows, limit, lambda d: d.id or 0)


async def get_delivery(
    uow: UnitOfWork, slug: str, actor: str, endpoint_id: int, delivery_id: int
) -> tuple[WebhookDelivery, list[DeliveryAttempt]]:
    """One delivery and every try it took."""
    endpoint = await get_webhook(uow, slug, actor, endpoint_id)
    delivery = await uow.webhooks.delivery(endpoint, delivery_id)
    if delivery is None:
        raise NotFound(f"endpoint {endpoint_id} has no delivery {delivery_id}")
    return delivery, await uow.webhooks.attempts(delivery)


async def redeliver(cmd: Redeliver, uow: UnitOfWork) -> WebhookDelivery:
    """The delivery, due again now with a fresh round of tries (the same `webhook-id`)."""
    paper = await _managed_paper(uow, cmd.paper, cmd.actor)
    endpoint = await _endpoint(uow, paper, cmd.endpoint, lock=True)
    if endpoint.status is EndpointStatus.DISABLED:
        raise InvalidTransition(
            "the endpoint is disabled; set its status to 'active' before redelivering"
        )
    delivery = await uow.webhooks.delivery(endpoint, cmd.delivery)
    if delivery is None:
        raise NotFound(f"endpoint {cmd.endpoint} has no delivery {cmd.delivery}")
    delivery.redeliver(datetime.now(UTC))
    await uow.webhooks.update_delivery(delivery)
    assert delivery.id is not None
    uow.record(
        WebhookRedeliveryRequested(
            actor=cmd.actor,
            paper=paper.slug,
            endpoint=cmd.endpoint,
            delivery=delivery.id,
            event=delivery.event_id,
        )
    )
    return delivery
