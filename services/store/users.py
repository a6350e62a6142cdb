"""Queries on users, their tokens and their passwords."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import User
from drafts.people import ApiToken
from services.store.people import as_utc, utc
from services.store.people_tables import PasswordRow, TokenRow, UserRow


def _user(row: UserRow) -> User:
    return User(name=row.name, email=row.email, is_admin=row.is_admin, id=row.id)


def _token(row: TokenRow) -> ApiToken:
    return ApiToken(
        id=row.id,
        user=row.user_name,
        name=row.name or "",
        created_at=as_utc(row.created_at),
        expires_at=utc(row.expires_at),
        revoked_at=utc(row.revoked_at),
    )


# Every request asks this, so it is built once, and reads columns rather than ORM objects.
_BY_TOKEN_HASH = (
    select(
        UserRow.id,
        UserRow.name,
        UserRow.email,
        UserRow.is_admin,
        TokenRow.id.label("token_id"),
        TokenRow.name.label("token_name"),
        TokenRow.created_at,
        TokenRow.expires_at,
        TokenRow.revoked_at,
    )
    .join(TokenRow, TokenRow.user_name == UserRow.name)
    .where(TokenRow.token_hash == bindparam("token_hash"))
)


class SqlUsers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, name: str) -> User | None:
        row = await self.session.scalar(select(UserRow).where(UserRow.name == name))
        return _user(row) if row else None

    async def by_token_hash(self, token_hash: str) -> tuple[User, ApiToken] | None:
        found = (await self.session.execute(_BY_TOKEN_HASH, {"token_hash": token_hash})).first()
        if found is None:
            return None
        user = User(name=found.name, email=found.email, is_admin=found.is_admin, id=found.id)
        token = ApiToken(
            id=found.token_id,
            user=found.name,
            name=found.token_name or "",
            created_at=as_utc(found.created_at),
            expires_at=utc(found.expires_at),
            revoked_at=utc(found.revoked_at),
        )
        return user, token

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

    async def add_token(
        self, user: User, token_hash: str, *, name: str = "", expires_at: datetime | None = None
    ) -> ApiToken:
        row = TokenRow(
            user_name=user.name,
            token_hash=token_hash,
            created_at=datetime.now(UTC),
            name=name,
            expires_at=expires_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _token(row)

    async def tokens(self, user: User) -> list[ApiToken]:
        rows = await self.session.scalars(
            select(TokenRow).where(TokenRow.user_name == user.name).order_by(TokenRow.id.desc())
        )
        return [_token(row) for row in rows]

    async def revoke_token(self, user: User, token_id: int) -> ApiToken | None:
        row = await self.session.scalar(
            select(TokenRow).where(TokenRow.user_name == user.name, TokenRow.id == token_id)
        )
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            await self.session.flush()
        return _token(row)

    async def revoke_tokens(self, user: User) -> int:
        done = await self.session.execute(
            update(TokenRow)
            .where(TokenRow.user_name == user.name, TokenRow.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        return int(getattr(done, "rowcount", 0) or 0)

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(UserRow)) or 0)

    async def by_email(self, email: str) -> list[User]:
        rows = await self.session.scalars(
            select(UserRow).where(func.lower(UserRow.email) == email.lower()).order_by(UserRow.id)
        )
        return [_user(row) for row in rows]

    async def password_hash(self, user: User) -> str | None:
        found: str | None = await self.session.scalar(
            select(PasswordRow.password_hash).where(PasswordRow.user_name == user.name)
        )
        return found

    async def set_password(self, user: User, password_hash: str) -> None:
        row = await self.session.get(PasswordRow, user.name)
        now = datetime.now(UTC)
        if row is None:
            self.session.add(
                PasswordRow(user_name=user.name, password_hash=password_hash, set_at=now)
            )
        else:
            row.password_hash, row.set_at = password_hash, now
        await self.session.flush()
