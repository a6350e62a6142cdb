"""The tables of people: users, their tokens and passwords, invitations, sign-in sessions
and throttles (in the one metadata of `tables`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.store.tables import Base, Moment, SerialId, UserName


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    name: Mapped[str] = mapped_column(UserName, unique=True)
    email: Mapped[str] = mapped_column(String(254))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Moment)


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)
    # Both empty for tokens made before 0010: unnamed, valid until revoked.
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class PasswordRow(Base):
    """A person's password as an argon2id hash (PHC string: algorithm, parameters, salt)."""

    __tablename__ = "passwords"
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    set_at: Mapped[datetime] = mapped_column(Moment)


class InvitationRow(Base):
    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(UserName)
    created_at: Mapped[datetime] = mapped_column(Moment)
    expires_at: Mapped[datetime] = mapped_column(Moment)
    used_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True)


class SessionRow(Base):
    """A signed-in browser; the cookie holds the id, the database only its keyed hash."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(SerialId, primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    last_seen_at: Mapped[datetime] = mapped_column(Moment)
    expires_at: Mapped[datetime] = mapped_column(Moment)
    client: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class SignInThrottleRow(Base):
    """Failed sign-ins in a row per account or client address, for the growing delays."""

    __tablename__ = "sign_in_throttles"
    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(Moment, nullable=True, index=True)
