"""Queries on sessions, invitations and sign-in throttles."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.people import Invitation, Session, Throttle
from services.store.people_tables import InvitationRow, SessionRow, SignInThrottleRow


def utc(moment: datetime | None) -> datetime | None:
    """The moment as an aware UTC time: SQLite hands back naive ones (in UTC, as written)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def as_utc(moment: datetime) -> datetime:
    aware = utc(moment)
    assert aware is not None
    return aware


def _session(row: SessionRow) -> Session:
    return Session(
        user=row.user_name,
        created_at=as_utc(row.created_at),
        last_seen_at=as_utc(row.last_seen_at),
        expires_at=as_utc(row.expires_at),
        id=row.id,
        client=row.client,
        user_agent=row.user_agent,
    )


def _invitation(row: InvitationRow) -> Invitation:
    return Invitation(
        user=row.user_name,
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        id=row.id,
        used_at=utc(row.used_at),
    )


class SqlSessions:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, session: Session, id_hash: str) -> Session:
        row = SessionRow(
            id_hash=id_hash,
            user_name=session.user,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            expires_at=session.expires_at,
            client=session.client[:64],
            user_agent=session.user_agent[:200],
        )
        self.session.add(row)
        await self.session.flush()
        return _session(row)

    async def by_hash(self, id_hash: str) -> Session | None:
        row = await self.session.scalar(select(SessionRow).where(SessionRow.id_hash == id_hash))
        return _session(row) if row else None

    async def touch(self, session: Session, at: datetime) -> None:
        touch = update(SessionRow).where(SessionRow.id == session.id).values(last_seen_at=at)
        if self.session.get_bind().dialect.name != "sqlite":
            await self.session.execute(touch)
            session.last_seen_at = at
            return
        # A page (GET) reads without SQLite's write lock; if a save committed since it
        # began, it may not write any more ("database is locked"). "Last seen" is only a
        # convenience: that page leaves it to the next one.
        try:
            async with self.session.begin_nested():
                await self.session.execute(touch)
        except OperationalError:
            return
        session.last_seen_at = at

    async def end(self, session: Session) -> None:
        await self.session.execute(delete(SessionRow).where(SessionRow.id == session.id))

    async def end_all(self, user: str) -> int:
        done = await self.session.execute(delete(SessionRow).where(SessionRow.user_name == user))
        return int(getattr(done, "rowcount", 0) or 0)

    async def of(self, user: str) -> list[Session]:
        rows = await self.session.scalars(
            select(SessionRow).where(SessionRow.user_name == user).order_by(SessionRow.id.desc())
        )
        return [_session(row) for row in rows]

    async def end_expired(self, user: str, idle_before: datetime, now: datetime) -> None:
        await self.session.execute(
            delete(SessionRow).where(
                SessionRow.user_name == user,
                or_(SessionRow.last_seen_at < idle_before, SessionRow.expires_at <= now),
            )
        )


class SqlInvitations:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, invitation: Invitation, token_hash: str) -> Invitation:
        row = InvitationRow(
            user_name=invitation.user,
            token_hash=token_hash,
            created_by=invitation.created_by,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _invitation(row)

    async def by_hash(self, token_hash: str) -> Invitation | None:
        row = await self.session.scalar(
            select(InvitationRow).where(InvitationRow.token_hash == token_hash)
        )
        return _invitation(row) if row else None

    async def use(self, invitation: Invitation, at: datetime) -> bool:
        # One statement that only succeeds while the invitation is unused: of two
        # concurrent acceptances exactly one changes the row.
        done = await self.session.execute(
            update(InvitationRow)
            .where(InvitationRow.id == invitation.id, InvitationRow.used_at.is_(None))
            .values(used_at=at)
        )
        used = int(getattr(done, "rowcount", 0) or 0) == 1
        if used:
            invitation.used_at = at
        return used

    async def void_open(self, user: str, at: datetime) -> int:
        done = await self.session.execute(
            update(InvitationRow)
            .where(InvitationRow.user_name == user, InvitationRow.used_at.is_(None))
            .values(used_at=at)
        )
        return int(getattr(done, "rowcount", 0) or 0)


class SqlThrottles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def hold(self, keys: list[str]) -> list[Throttle]:
        keys = sorted(set(keys))  # one order for every caller: no two lock in reverse
        postgres = self.session.get_bind().dialect.name == "postgresql"
        insert = pg_insert if postgres else sqlite_insert
        await self.session.execute(
            insert(SignInThrottleRow)
            .values([{"key": key, "failures": 0, "last_failure_at": None} for key in keys])
            .on_conflict_do_nothing(index_elements=["key"])
        )
        query = select(SignInThrottleRow).where(SignInThrottleRow.key.in_(keys))
        # SQLite has one writer at a time (every transaction begins IMMEDIATE), so the
        # row lock is only needed where writers run side by side.
        rows = await self.session.scalars(query.with_for_update() if postgres else query)
        found = {row.key: Throttle(row.key, row.failures, utc(row.last_failure_at)) for row in rows}
        return [found[key] for key in keys]

    async def save(self, throttle: Throttle) -> None:
        await self.session.execute(
            update(SignInThrottleRow)
            .where(SignInThrottleRow.key == throttle.key)
            .values(failures=throttle.failures, last_failure_at=throttle.last_failure_at)
        )

    async def forget(self, throttle: Throttle) -> None:
        await self.session.execute(
            delete(SignInThrottleRow).where(SignInThrottleRow.key == throttle.key)
        )

    async def forget_before(self, moment: datetime) -> None:
        # Rows other sign-ins hold right now are skipped, not waited for: waiting here
        # while holding our own rows could deadlock with one of them doing the same.
        stale = (
            select(SignInThrottleRow.key)
            .where(
                or_(
                    SignInThrottleRow.last_failure_at < moment,
                    SignInThrottleRow.last_failure_at.is_(None),
                )
            )
            .limit(1000)
            .with_for_update(skip_locked=True)
        )
        await self.session.execute(
            delete(SignInThrottleRow).where(SignInThrottleRow.key.in_(stale.scalar_subquery()))
        )
