"""The outbound cron jobs, the same whether arq or the in-process runner calls them: webhook
tries that are due again (retries, redeliveries, a paused endpoint resumed) and mail
(digests, tries after a failure). The first try of each happens in the dispatcher's
handlers (`workflows.outbound`); these catch up on everything later."""

from __future__ import annotations

from services.bootstrap import Accord
from workflows.postman import post_mail
from workflows.webhook_delivery import deliver_due


class Outbound:
    def __init__(self, accord: Accord) -> None:
        self.accord = accord

    async def deliver_webhooks(self, rounds: int = 20) -> int:
        """Try every due delivery (in batches); the number of tries made."""
        return await deliver_due(
            self.accord.transaction,
            self.accord.webhook_sender,
            self.accord.outbound.webhook_schedule,
            rounds=rounds,
        )

    async def post_mail(self, rounds: int = 20) -> int:
        """Put waiting notices into mails and send the mails due; the number sent."""
        setup = self.accord.outbound
        return await post_mail(
            self.accord.transaction, self.accord.mailer, setup.mail_domain, setup.digest, rounds
        )
