"""The jobs that tell the outside world: webhook deliveries and mail, the same whether
arq or the in-process runner calls them. Each step that writes runs in a unit of work
committed here, the one place these jobs commit; no transaction spans a network call."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from email.utils import parseaddr

from services.bootstrap import Accord
from services.store.unit_of_work import SqlUnitOfWork
from workflows.notifications import record_notices
from workflows.postman import claim_mails, make_mails, record_handovers, send_mails
from workflows.webhook_delivery import (
    claim_deliveries,
    record_tries,
    record_webhook_deliveries,
    send_deliveries,
)

log = logging.getLogger("accord.worker")

BATCH = 50


class Outbound:
    def __init__(self, accord: Accord) -> None:
        self.accord = accord

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[SqlUnitOfWork]:
        """A unit of work committed when the block ends without an error."""
        async with self.accord.uow() as uow:
            yield uow
            await uow.commit()

    @property
    def mail_domain(self) -> str:
        address = parseaddr(self.accord.settings.mail_from)[1]
        return address.rpartition("@")[2] or "accord.invalid"

    async def event_handled(self, event_id: str) -> tuple[int, int]:
        """Record the deliveries and notices one event sets off (both idempotent)."""
        async with self._transaction() as uow:
            event = await uow.webhooks.event(event_id)
            if event is None:
                return 0, 0
            deliveries = await record_webhook_deliveries(uow, event)
            notices = await record_notices(uow, event, self.accord.links)
        return deliveries, notices

    async def deliver_webhooks(self, rounds: int = 20) -> int:
        """Try every due delivery (in batches); the number of tries made."""
        tried = 0
        for _ in range(rounds):
            async with self._transaction() as uow:
                due = await claim_deliveries(uow, BATCH)
            if not due:
                break
            results = await send_deliveries(due, self.accord.webhook_sender)
            async with self._transaction() as uow:
                await record_tries(uow, results, self.accord.settings.webhook_retry_schedule)
            tried += len(results)
            if len(due) < BATCH:
                break
        return tried

    async def post_mail(self, rounds: int = 20) -> int:
        """Put waiting notices into mails and send the mails due; the number sent."""
        digest = timedelta(minutes=self.accord.settings.notify_digest_minutes)
        async with self._transaction() as uow:
            await make_mails(uow, digest)
        sent = 0
        for _ in range(rounds):
            async with self._transaction() as uow:
                mails = await claim_mails(uow)
            if not mails:
                break
            handovers = await send_mails(mails, self.accord.mailer, self.mail_domain)
            async with self._transaction() as uow:
                sent += await record_handovers(uow, handovers)
            for h in handovers:
                if h.error:
                    log.warning("mail %s to %s not sent: %s", h.mail.id, h.mail.recipient, h.error)
        return sent
