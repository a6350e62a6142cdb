"""Webhook rows as the domain's records: endpoints with their secrets, deliveries, events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drafts.webhook_deliveries import DeliveryStatus, EventRecord, WebhookDelivery
from drafts.webhooks import EndpointStatus, SigningSecret, WebhookEndpoint
from services.store.moments import utc
from services.store.outbound_tables import WebhookDeliveryRow, WebhookEndpointRow
from services.store.tables import EventRow


def secrets_out(secrets: tuple[SigningSecret, ...]) -> list[dict[str, Any]]:
    return [
        {
            "value": s.value,
            "created_at": s.created_at.isoformat(),
            "expires_at": s.expires_at.isoformat() if s.expires_at else None,
        }
        for s in secrets
    ]


def secrets_in(stored: list[dict[str, Any]]) -> tuple[SigningSecret, ...]:
    return tuple(
        SigningSecret(
            s["value"],
            datetime.fromisoformat(s["created_at"]),
            datetime.fromisoformat(s["expires_at"]) if s["expires_at"] else None,
        )
        for s in stored
    )


def endpoint_record(row: WebhookEndpointRow, slug: str) -> WebhookEndpoint:
    return WebhookEndpoint(
        paper=slug,
        url=row.url,
        event_types=tuple(row.event_types),
        secrets=secrets_in(row.secrets),
        created_by=row.created_by,
        created_at=utc(row.created_at),
        description=row.description,
        status=EndpointStatus(row.status),
        disabled_reason=row.disabled_reason,
        failing_since=utc(row.failing_since),
        id=row.id,
    )


def delivery_record(row: WebhookDeliveryRow) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint_id=row.endpoint_id,
        event_id=row.event_id,
        event_type=row.event_type,
        created_at=utc(row.created_at),
        next_attempt_at=utc(row.next_attempt_at),
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        round_tries=row.round_tries,
        round_started_at=utc(row.round_started_at),
        last_status_code=row.last_status_code,
        last_duration_ms=row.last_duration_ms,
        last_error=row.last_error,
        delivered_at=utc(row.delivered_at),
        id=row.id,
    )


def event_record(row: EventRow) -> EventRecord:
    return EventRecord(
        id=row.id,
        name=row.name,
        paper=row.paper,
        actor=row.actor,
        occurred_at=utc(row.occurred_at),
        payload=dict(row.payload),
    )
