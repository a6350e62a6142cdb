"""Queries on notices, people's preferences and the mails that carry notices."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.notifications import Notice, NoticeKind, OutgoingMail, Preferences
from services.store.moments import utc
from services.store.outbound_tables import (
    NotificationPreferenceRow,
    NotificationRow,
    OutgoingMailRow,
)

# A mail is given up after this many tries (about a day with the backoff of the sender).
MAX_MAIL_TRIES = 12


def _notice(row: NotificationRow, mailed_at: datetime | None = None) -> Notice:
    return Notice(
        event_id=row.event_id,
        recipient=row.recipient,
        kind=NoticeKind(row.kind),
        paper=row.paper,
        subject=row.subject,
        text=row.text,
        link=row.link,
        created_at=utc(row.created_at),
        section=row.section,
        language=row.language,
        mail_id=row.mail_id,
        mailed_at=utc(mailed_at),
        id=row.id,
    )


def _mail(row: OutgoingMailRow) -> OutgoingMail:
    return OutgoingMail(
        recipient=row.recipient,
        address=row.address,
        subject=row.subject,
        text=row.text,
        created_at=utc(row.created_at),
        next_attempt_at=utc(row.next_attempt_at),
        notices=row.notices,
        sent_at=utc(row.sent_at),
        attempts=row.attempts,
        error=row.error,
        id=row.id,
    )


class _TakenFirst(Exception):
    """Another postman put one of the notices in a mail first."""


class SqlNotices:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def preferences(self, users: list[str]) -> dict[str, Preferences]:
        found = {user: Preferences(user) for user in users}
        if users:
            rows = await self.session.scalars(
                select(NotificationPreferenceRow).where(
                    NotificationPreferenceRow.user_name.in_(users)
                )
            )
            for row in rows:
                known = {kind.value for kind in NoticeKind}
                muted = frozenset(NoticeKind(k) for k in row.muted if k in known)
                found[row.user_name] = Preferences(row.user_name, muted)
        return found

    async def set_preferences(self, preferences: Preferences) -> None:
        row = await self.session.get(NotificationPreferenceRow, preferences.user)
        muted = sorted(k.value for k in preferences.muted)
        if row is None:
            self.session.add(
                NotificationPreferenceRow(
                    user_name=preferences.user, muted=muted, updated_at=datetime.now(UTC)
                )
            )
        else:
            row.muted = muted
            row.updated_at = datetime.now(UTC)
        await self.session.flush()

    async def add(self, notices: list[Notice]) -> int:
        if not notices:
            return 0
        existing = {
            tuple(row)
            for row in (
                await self.session.execute(
                    select(
                        NotificationRow.event_id, NotificationRow.recipient, NotificationRow.kind
                    ).where(NotificationRow.event_id.in_({n.event_id for n in notices}))
                )
            )
        }
        new = [n for n in notices if (n.event_id, n.recipient, n.kind.value) not in existing]
        for n in new:
            self.session.add(
                NotificationRow(
                    event_id=n.event_id,
                    recipient=n.recipient,
                    kind=n.kind.value,
                    paper=n.paper,
                    section=n.section,
                    language=n.language,
                    subject=n.subject[:255],
                    text=n.text,
                    link=n.link,
                    created_at=n.created_at,
                )
            )
        await self.session.flush()
        return len(new)

    async def for_user(self, user: str, after: int, limit: int) -> list[Notice]:
        query = (
            select(NotificationRow, OutgoingMailRow.sent_at)
            .outerjoin(OutgoingMailRow, OutgoingMailRow.id == NotificationRow.mail_id)
            .where(NotificationRow.recipient == user)
        )
        if after:
            query = query.where(NotificationRow.id < after)
        rows = await self.session.execute(query.order_by(NotificationRow.id.desc()).limit(limit))
        return [_notice(row, sent_at) for row, sent_at in rows]

    async def waiting_recipients(self, created_before: datetime, limit: int) -> list[str]:
        rows = await self.session.execute(
            select(NotificationRow.recipient)
            .where(NotificationRow.mail_id.is_(None))
            .group_by(NotificationRow.recipient)
            .having(func.min(NotificationRow.created_at) <= created_before)
            .order_by(func.min(NotificationRow.created_at))
            .limit(limit)
        )
        return [r for (r,) in rows]

    async def unmailed(self, recipient: str) -> list[Notice]:
        rows = await self.session.scalars(
            select(NotificationRow)
            .where(NotificationRow.recipient == recipient, NotificationRow.mail_id.is_(None))
            .order_by(NotificationRow.created_at, NotificationRow.id)
            .limit(200)
        )
        return [_notice(r) for r in rows]

    async def add_mail(self, mail: OutgoingMail, notices: list[Notice]) -> OutgoingMail | None:
        ids = [n.id for n in notices]
        # In a savepoint: when another postman took one of these notices first (the compare
        # and set below finds it in a mail already), this mail and its claims are undone.
        try:
            async with self.session.begin_nested():
                row = OutgoingMailRow(
                    recipient=mail.recipient,
                    address=mail.address,
                    subject=mail.subject,
                    text=mail.text,
                    notices=mail.notices,
                    created_at=mail.created_at,
                    next_attempt_at=mail.next_attempt_at,
                    attempts=0,
                )
                self.session.add(row)
                await self.session.flush()
                taken = await self.session.execute(
                    update(NotificationRow)
                    .where(NotificationRow.id.in_(ids), NotificationRow.mail_id.is_(None))
                    .values(mail_id=row.id)
                    .execution_options(synchronize_session=False)
                )
                if getattr(taken, "rowcount", 0) != len(ids):
                    raise _TakenFirst
        except _TakenFirst:
            return None
        mail.id = row.id
        return mail

    async def claim_mail(
        self, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutgoingMail]:
        query = (
            select(OutgoingMailRow)
            .where(
                OutgoingMailRow.sent_at.is_(None),
                OutgoingMailRow.next_attempt_at <= now,
                OutgoingMailRow.attempts < MAX_MAIL_TRIES,
            )
            .order_by(OutgoingMailRow.next_attempt_at, OutgoingMailRow.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for row in await self.session.scalars(query):
            taken = await self.session.execute(
                update(OutgoingMailRow)
                .where(
                    OutgoingMailRow.id == row.id,
                    OutgoingMailRow.sent_at.is_(None),
                    OutgoingMailRow.attempts == row.attempts,
                )
                .values(attempts=row.attempts + 1, next_attempt_at=lease_until)
                .execution_options(synchronize_session=False)
            )
            if getattr(taken, "rowcount", 0) == 1:
                mail = _mail(row)
                mail.attempts += 1
                mail.next_attempt_at = lease_until
                claimed.append(mail)
        return claimed

    async def update_mail(self, mail: OutgoingMail) -> None:
        await self.session.execute(
            update(OutgoingMailRow)
            .where(OutgoingMailRow.id == mail.id)
            .values(sent_at=mail.sent_at, next_attempt_at=mail.next_attempt_at, error=mail.error)
        )
