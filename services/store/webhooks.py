"""Queries on webhook endpoints, their deliveries and the tries of each."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper
from drafts.webhook_deliveries import DeliveryAttempt, DeliveryStatus, EventRecord, WebhookDelivery
from drafts.webhooks import EndpointStatus, WebhookEndpoint
from services.store.moments import utc
from services.store.outbound_tables import WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow
from services.store.tables import EventRow, PaperRow
from services.store.webhook_records import (
    delivery_record,
    endpoint_record,
    event_record,
    secrets_out,
)
from workflows.outbound_ports import DueDelivery


class SqlWebhooks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, paper: Paper, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        assert paper.id is not None
        row = WebhookEndpointRow(
            paper_id=paper.id,
            url=endpoint.url,
            description=endpoint.description,
            event_types=list(endpoint.event_types),
            secrets=secrets_out(endpoint.secrets),
            status=endpoint.status.value,
            disabled_reason=endpoint.disabled_reason,
            failing_since=endpoint.failing_since,
            created_by=endpoint.created_by,
            created_at=endpoint.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        endpoint.id = row.id
        return endpoint

    async def get(
        self, paper: Paper, endpoint_id: int, *, lock: bool = False
    ) -> WebhookEndpoint | None:
        query = select(WebhookEndpointRow).where(
            WebhookEndpointRow.id == endpoint_id, WebhookEndpointRow.paper_id == paper.id
        )
        if lock:
            query = query.with_for_update()
        row = await self.session.scalar(query)
        return endpoint_record(row, paper.slug) if row else None

    async def for_paper(self, paper: Paper) -> list[WebhookEndpoint]:
        rows = await self.session.scalars(
            select(WebhookEndpointRow)
            .where(WebhookEndpointRow.paper_id == paper.id)
            .order_by(WebhookEndpointRow.id)
        )
        return [endpoint_record(r, paper.slug) for r in rows]

    async def papers_with_endpoints(self, slugs: Collection[str]) -> set[str]:
        rows = await self.session.scalars(
            select(PaperRow.slug).where(
                PaperRow.slug.in_(list(slugs)),
                select(WebhookEndpointRow.id)
                .where(WebhookEndpointRow.paper_id == PaperRow.id)
                .exists(),
            )
        )
        return set(rows)

    async def update(self, endpoint: WebhookEndpoint) -> None:
        await self.session.execute(
            update(WebhookEndpointRow)
            .where(WebhookEndpointRow.id == endpoint.id)
            .values(
                url=endpoint.url,
                description=endpoint.description,
                event_types=list(endpoint.event_types),
                secrets=secrets_out(endpoint.secrets),
                status=endpoint.status.value,
                disabled_reason=endpoint.disabled_reason,
                failing_since=endpoint.failing_since,
            )
        )

    async def delete(self, endpoint: WebhookEndpoint) -> None:
        deliveries = select(WebhookDeliveryRow.id).where(
            WebhookDeliveryRow.endpoint_id == endpoint.id
        )
        await self.session.execute(
            delete(WebhookAttemptRow).where(WebhookAttemptRow.delivery_id.in_(deliveries))
        )
        await self.session.execute(
            delete(WebhookDeliveryRow).where(WebhookDeliveryRow.endpoint_id == endpoint.id)
        )
        await self.session.execute(
            delete(WebhookEndpointRow).where(WebhookEndpointRow.id == endpoint.id)
        )

    async def event(self, event_id: str) -> EventRecord | None:
        row = await self.session.scalar(select(EventRow).where(EventRow.id == event_id))
        return event_record(row) if row else None

    async def add_deliveries(self, deliveries: list[WebhookDelivery]) -> int:
        if not deliveries:
            return 0
        event_ids = {d.event_id for d in deliveries}
        existing = {
            tuple(row)
            for row in (
                await self.session.execute(
                    select(WebhookDeliveryRow.endpoint_id, WebhookDeliveryRow.event_id).where(
                        WebhookDeliveryRow.event_id.in_(event_ids)
                    )
                )
            )
        }
        new = [d for d in deliveries if (d.endpoint_id, d.event_id) not in existing]
        for d in new:
            # A handler running twice at once meets the unique key here: its transaction
            # fails and is tried again, and then finds the rows.
            self.session.add(
                WebhookDeliveryRow(
                    endpoint_id=d.endpoint_id,
                    event_id=d.event_id,
                    event_type=d.event_type,
                    status=d.status.value,
                    attempts=0,
                    round_tries=0,
                    next_attempt_at=d.next_attempt_at,
                    created_at=d.created_at,
                )
            )
        await self.session.flush()
        return len(new)

    async def deliveries(
        self, endpoint: WebhookEndpoint, status: str | None, after: int, limit: int
    ) -> list[WebhookDelivery]:
        # Newest first, as a log is read; the cursor counts down.
        query = select(WebhookDeliveryRow).where(WebhookDeliveryRow.endpoint_id == endpoint.id)
        if status is not None:
            query = query.where(WebhookDeliveryRow.status == status)
        if after:
            query = query.where(WebhookDeliveryRow.id < after)
        rows = await self.session.scalars(query.order_by(WebhookDeliveryRow.id.desc()).limit(limit))
        return [delivery_record(r) for r in rows]

    async def delivery(self, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery | None:
        row = await self.session.scalar(
            select(WebhookDeliveryRow).where(
                WebhookDeliveryRow.id == delivery_id,
                WebhookDeliveryRow.endpoint_id == endpoint.id,
            )
        )
        return delivery_record(row) if row else None

    async def update_delivery(self, delivery: WebhookDelivery) -> bool:
        updated = await self.session.execute(
            update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id == delivery.id)
            .values(
                status=delivery.status.value,
                attempts=delivery.attempts,
                round_tries=delivery.round_tries,
                round_started_at=delivery.round_started_at,
                next_attempt_at=delivery.next_attempt_at,
                last_status_code=delivery.last_status_code,
                last_duration_ms=delivery.last_duration_ms,
                last_error=delivery.last_error,
                delivered_at=delivery.delivered_at,
            )
        )
        return bool(getattr(updated, "rowcount", 0))

    async def attempts(self, delivery: WebhookDelivery) -> list[DeliveryAttempt]:
        rows = await self.session.scalars(
            select(WebhookAttemptRow)
            .where(WebhookAttemptRow.delivery_id == delivery.id)
            .order_by(WebhookAttemptRow.number)
        )
        return [
            DeliveryAttempt(
                number=r.number,
                attempted_at=utc(r.attempted_at),
                status_code=r.status_code,
                duration_ms=r.duration_ms,
                error=r.error,
                response=r.response,
            )
            for r in rows
        ]

    async def add_attempt(self, delivery: WebhookDelivery, attempt: DeliveryAttempt) -> None:
        assert delivery.id is not None
        self.session.add(
            WebhookAttemptRow(
                delivery_id=delivery.id,
                number=attempt.number,
                attempted_at=attempt.attempted_at,
                status_code=attempt.status_code,
                duration_ms=attempt.duration_ms,
                error=attempt.error,
                response=attempt.response,
            )
        )

    async def claim_due(
        self, now: datetime, lease_until: datetime, limit: int, event_id: str | None = None
    ) -> list[DueDelivery]:
        query = (
            select(WebhookDeliveryRow, WebhookEndpointRow, PaperRow.slug, EventRow)
            .join(WebhookEndpointRow, WebhookEndpointRow.id == WebhookDeliveryRow.endpoint_id)
            .join(PaperRow, PaperRow.id == WebhookEndpointRow.paper_id)
            .join(EventRow, EventRow.id == WebhookDeliveryRow.event_id)
            .where(
                WebhookDeliveryRow.status == DeliveryStatus.PENDING.value,
                WebhookDeliveryRow.next_attempt_at <= now,
                WebhookEndpointRow.status == EndpointStatus.ACTIVE.value,
            )
            .order_by(WebhookDeliveryRow.next_attempt_at, WebhookDeliveryRow.id)
            .limit(limit)
        )
        if event_id is not None:
            query = query.where(WebhookDeliveryRow.event_id == event_id)
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=WebhookDeliveryRow, skip_locked=True)
        found = {row[0].id: row for row in await self.session.execute(query)}
        if not found:
            return []
        # Compare and set, in one statement: only rows still due are taken, so on SQLite
        # (no row locks) two claims reading the same rows cannot both take one.
        taken = set(
            await self.session.scalars(
                update(WebhookDeliveryRow)
                .where(
                    WebhookDeliveryRow.id.in_(found),
                    WebhookDeliveryRow.status == DeliveryStatus.PENDING.value,
                    WebhookDeliveryRow.next_attempt_at <= now,
                )
                .values(next_attempt_at=lease_until, attempts=WebhookDeliveryRow.attempts + 1)
                .returning(WebhookDeliveryRow.id)
                .execution_options(synchronize_session=False)
            )
        )
        claimed = []
        for delivery_id, (delivery, endpoint, slug, event) in found.items():
            if delivery_id in taken:
                due = delivery_record(delivery)
                due.next_attempt_at = lease_until
                due.attempts += 1
                claimed.append(
                    DueDelivery(due, endpoint_record(endpoint, slug), event_record(event))
                )
        return claimed

    async def fail_pending(self, endpoint: WebhookEndpoint, reason: str) -> int:
        result = await self.session.execute(
            update(WebhookDeliveryRow)
            .where(
                WebhookDeliveryRow.endpoint_id == endpoint.id,
                WebhookDeliveryRow.status == DeliveryStatus.PENDING.value,
            )
            .values(status=DeliveryStatus.FAILED.value, last_error=reason)
        )
        return int(getattr(result, "rowcount", 0) or 0)
