"""Notices into mails, and mails out: each mail is made once and sent once.

Making a mail takes a person's notices not yet in any mail (a compare and set, so two
postmen cannot both take one); with a digest, a person's notices wait until the oldest
is as old as the digest period, then go out together. Sending claims a mail (counting the
try), hands it over outside any transaction, then records the outcome; a mail carries a
Message-ID fixed by its number, so a copy sent again after a crash is recognizably the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from drafts.notifications import OutgoingMail, compose
from workflows.outbound_ports import MailNotSent
from workflows.ports import Mailer, UnitOfWork
from workflows.webhook_delivery import Transaction

log = logging.getLogger("accord.mail")

SEND_LEASE = timedelta(seconds=120)


async def make_mails(uow: UnitOfWork, digest: timedelta, limit: int = 100) -> int:
    """Put waiting notices into mails, one per person; the number of mails made."""
    now = datetime.now(UTC)
    made = 0
    for recipient in await uow.notices.waiting_recipients(now - digest, limit):
        notices = await uow.notices.unmailed(recipient)
        user = await uow.users.get(recipient)
        if not notices or user is None:
            continue
        # Without a digest each notice is a mail of its own, however many are waiting.
        for group in [notices] if digest else [[n] for n in notices]:
            mail = compose(recipient, user.email, group, now)
            if await uow.notices.add_mail(mail, group) is None:
                break  # another postman took these notices first
            made += 1
    return made


async def claim_mails(uow: UnitOfWork, limit: int = 20) -> list[OutgoingMail]:
    now = datetime.now(UTC)
    return await uow.notices.claim_mail(now, now + SEND_LEASE, limit)


@dataclass(frozen=True)
class Handover:
    mail: OutgoingMail
    at: datetime
    error: str | None


async def send_mails(mails: list[OutgoingMail], mailer: Mailer, domain: str) -> list[Handover]:
    """Hand each mail over, one after another (a mail server limits connections)."""
    done = []
    for mail in mails:
        try:
            await mailer.send(mail.message(domain))
            done.append(Handover(mail, datetime.now(UTC), None))
        except MailNotSent as error:
            done.append(Handover(mail, datetime.now(UTC), str(error)[:1000] or "not sent"))
    return done


def retry_delay(tries: int) -> timedelta:
    """30 s, 1 min, 2 min, … up to an hour between tries of one mail."""
    return timedelta(seconds=min(30 * 2 ** (tries - 1), 3600))


async def record_handovers(uow: UnitOfWork, handovers: list[Handover]) -> int:
    """Mark the mails sent, or due again later; the number sent."""
    sent = 0
    for handover in handovers:
        mail = handover.mail
        if handover.error is None:
            mail.sent_at = handover.at
            mail.error = None
            sent += 1
        else:
            mail.error = handover.error
            mail.next_attempt_at = handover.at + retry_delay(mail.attempts)
        await uow.notices.update_mail(mail)
    return sent


async def post_mail(
    transaction: Transaction, mailer: Mailer, domain: str, digest: timedelta, rounds: int = 20
) -> int:
    """Put waiting notices into mails and send the mails due; the number sent."""
    async with transaction() as uow:
        await make_mails(uow, digest)
    sent = 0
    for _ in range(rounds):
        async with transaction() as uow:
            mails = await claim_mails(uow)
        if not mails:
            break
        handovers = await send_mails(mails, mailer, domain)
        async with transaction() as uow:
            sent += await record_handovers(uow, handovers)
        for h in handovers:
            if h.error:
                log.warning("mail %s to %s not sent: %s", h.mail.id, h.mail.recipient, h.error)
    return sent
