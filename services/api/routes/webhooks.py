"""The secretariat's webhook endpoints, their secrets and their delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from drafts.commands import (
    DeleteWebhook,
    Redeliver,
    RotateWebhookSecret,
    SubscribeWebhook,
    UpdateWebhook,
)
from services.api import cursors
from services.api.deps import AccordDep, After, CurrentUser, Limit, NumberInPath, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.schemas import PageOut
from services.api.webhook_schemas import (
    DeliveryOut,
    EndpointIn,
    EndpointOut,
    EndpointPatch,
    RotatedOut,
    RotateIn,
)
from services.notify.targets import TargetCheck
from workflows.webhooks import (
    delete_webhook,
    get_delivery,
    get_webhook,
    list_deliveries,
    list_webhooks,
    redeliver,
    rotate_webhook_secret,
    subscribe_webhook,
    update_webhook,
)

router = APIRouter(tags=["webhooks"])

WEBHOOKS = "/papers/{paper}/webhooks"
ENDPOINT = WEBHOOKS + "/{endpoint}"
DELIVERY = ENDPOINT + "/deliveries/{delivery}"


def _check(accord: AccordDep) -> TargetCheck:
    return TargetCheck(allow_private=accord.settings.webhook_allow_private_targets)


@router.post(WEBHOOKS, status_code=201, response_model=EndpointOut)
async def post_webhook(
    paper: str,
    body: EndpointIn,
    request: Request,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
) -> JSONResponse:
    """Subscribe a URL to the paper's events (secretariat); the answer holds its signing
    secret, shown this once. Private, loopback and link-local targets are refused."""

    async def act() -> Answer:
        endpoint = await subscribe_webhook(
            SubscribeWebhook(
                actor=caller.name,
                paper=paper,
                url=body.url,
                event_types=tuple(body.event_types),
                description=body.description,
            ),
            uow,
            _check(accord),
        )
        out = EndpointOut.of(endpoint, endpoint.secrets[0].value)
        return Answer(
            201,
            out.model_dump(mode="json"),
            {"Location": f"/api/v1{WEBHOOKS.format(paper=paper)}/{endpoint.id}"},
            replay_body=EndpointOut.of(endpoint).model_dump(mode="json"),
        )

    return await commit_once(request, uow, caller, act)


@router.get(WEBHOOKS, response_model=list[EndpointOut])
async def get_webhooks(paper: str, uow: UowDep, caller: CurrentUser) -> list[EndpointOut]:
    """The paper's endpoints (secretariat), without their secrets."""
    return [EndpointOut.of(e) for e in await list_webhooks(uow, paper, caller.name)]


@router.get(ENDPOINT, response_model=EndpointOut)
async def get_one_webhook(
    paper: str, endpoint: NumberInPath, uow: UowDep, caller: CurrentUser
) -> EndpointOut:
    """One endpoint: its filter, status, and since when it fails if it does."""
    return EndpointOut.of(await get_webhook(uow, paper, caller.name, endpoint))


@router.patch(ENDPOINT, response_model=EndpointOut)
async def patch_webhook(
    paper: str,
    endpoint: NumberInPath,
    body: EndpointPatch,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
) -> EndpointOut:
    """Change the URL, filter or description, pause (`"status": "paused"`: deliveries wait)
    or resume (`"active"`, also after Accord disabled it)."""
    changed = await update_webhook(
        UpdateWebhook(
            actor=caller.name,
            paper=paper,
            endpoint=endpoint,
            url=body.url,
            event_types=tuple(body.event_types) if body.event_types is not None else None,
            description=body.description,
            status=body.status,
        ),
        uow,
        _check(accord),
    )
    return EndpointOut.of(changed)


@router.delete(ENDPOINT, status_code=204)
async def delete_one_webhook(
    paper: str, endpoint: NumberInPath, uow: UowDep, caller: CurrentUser
) -> Response:
    """Remove the endpoint and its delivery log; nothing more is sent to it."""
    await delete_webhook(DeleteWebhook(actor=caller.name, paper=paper, endpoint=endpoint), uow)
    return Response(status_code=204)


@router.post(ENDPOINT + "/secret/rotate", response_model=RotatedOut)
async def post_rotate_secret(
    paper: str, endpoint: NumberInPath, body: RotateIn, uow: UowDep, caller: CurrentUser
) -> RotatedOut:
    """A new signing secret (shown once); the previous one goes on signing, next to it,
    until `previous_valid_until`, so receivers can switch without missing an event."""
    rotated = await rotate_webhook_secret(
        RotateWebhookSecret(
            actor=caller.name, paper=paper, endpoint=endpoint, grace_seconds=body.grace_seconds
        ),
        uow,
    )
    assert rotated.endpoint.id is not None
    return RotatedOut(
        id=rotated.endpoint.id,
        secret=rotated.secret,
        previous_valid_until=rotated.previous_valid_until,
    )


@router.get(ENDPOINT + "/deliveries", response_model=PageOut[DeliveryOut])
async def get_deliveries(
    paper: str,
    endpoint: NumberInPath,
    uow: UowDep,
    caller: CurrentUser,
    status: Annotated[str | None, Query(max_length=16)] = None,
    after: After = None,
    limit: Limit = 50,
) -> PageOut[DeliveryOut]:
    """The delivery log, newest first: status, last response code and duration, tries."""
    page = await list_deliveries(
        uow, paper, caller.name, endpoint, status, cursors.decode(after), limit
    )
    return PageOut(
        items=[DeliveryOut.of(d) for d in page.items], next=cursors.encode(page.next_after)
    )


@router.get(DELIVERY, response_model=DeliveryOut)
async def get_one_delivery(
    paper: str, endpoint: NumberInPath, delivery: NumberInPath, uow: UowDep, caller: CurrentUser
) -> DeliveryOut:
    """One delivery with every try: when, response code, duration, error, answer's start."""
    found, attempts = await get_delivery(uow, paper, caller.name, endpoint, delivery)
    return DeliveryOut.of(found, attempts)


@router.post(DELIVERY + "/redeliver", status_code=202, response_model=DeliveryOut)
async def post_redeliver(
    paper: str, endpoint: NumberInPath, delivery: NumberInPath, uow: UowDep, caller: CurrentUser
) -> DeliveryOut:
    """Send the event again, now, with a fresh round of tries and the same `webhook-id`."""
    due = await redeliver(
        Redeliver(actor=caller.name, paper=paper, endpoint=endpoint, delivery=delivery), uow
    )
    return DeliveryOut.of(due)
