"""The jobs that tell the outside world: webhook deliveries and mail, the same whether
arq or the in-process runner calls them. Each step that writes runs in a unit of work
committed here, the one place these jobs commit; no transaction spans a network call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from email.utils import parseaddr

from services.bootstrap import Accord
from services.store.unit_of_work import SqlUnitOfWork
from workflows.notifications import record_notices
from workflows.postman import post_mail
from workflows.webhook_delivery import deliver_due, record_webhook_deliveries


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
        return await deliver_due(
            self._transaction,
            self.accord.webhook_sender,
            self.accord.settings.webhook_retry_schedule,
            rounds=rounds,
        )

    async def post_mail(self, rounds: int = 20) -> int:
        """Put waiting notices into mails and send the mails due; the number sent."""
        digest = timedelta(minutes=self.accord.settings.notify_digest_minutes)
        return await post_mail(
            self._transaction, self.accord.mailer, self.mail_domain, digest, rounds
        )
