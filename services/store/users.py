"""Queries on users and their tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import User
from services.store.tables import TokenRow, UserRow


def _user(row: UserRow) -> User:
    return User(name=row.name, email=row.email, is_admin=row.is_admin, id=row.id)


class SqlUsers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, name: str) -> User | None:
        row = await self.session.scalar(select(UserRow).where(UserRow.name == name))
        return _user(row) if row else None

    async def by_token_hash(self, token_hash: str) -> User | None:
        row = await self.session.scalar(
            select(UserRow)
            .join(TokenRow, TokenRow.user_name == UserRow.name)
            .where(TokenRow.token_hash == token_hash, TokenRow.revoked_at.is_(None))
        )
        return _user(row) if row else None

    async def existing(self, names: set[str]) -> set[str]:
        if not names:
            return set()
        rows = await self.session.scalars(select(UserRow.name).where(UserRow.name.in_(names)))
        return set(rows)

    async def add(self, user: User, token_hash: str) -> User:
        now = datetime.now(UTC)
        row = UserRow(name=user.name, email=user.email, is_admin=user.is_admin, created_at=now)
        self.session.add(row)
        await self.session.flush()
        self.session.add(TokenRow(user_name=user.name, token_hash=token_hash, created_at=now))
        await self.session.flush()
        return _user(row)

    async def add_token(self, user: User, token_hash: str) -> None:
        self.session.add(
            TokenRow(user_name=user.name, token_hash=token_hash, created_at=datetime.now(UTC))
        )
        await self.session.flush()

    async def revoke_tokens(self, user: User) -> int:
        done = await self.session.execute(
            update(TokenRow)
            .where(TokenRow.user_name == user.name, TokenRow.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        return int(getattr(done, "rowcount", 0) or 0)

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(UserRow)) or 0)
