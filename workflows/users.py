"""Users and authentication."""

from __future__ import annotations

from drafts.commands import CreateUser
from drafts.errors import AlreadyExists, Forbidden, InvalidRequest, NotFound, Unauthenticated
from drafts.events import UserCreated
from drafts.model import User, check_user_name
from drafts.text import check_storable
from workflows.ports import UnitOfWork
from workflows.tokens import TokenMinter

SYSTEM_ACTOR = "system"


async def authenticate(token: str, uow: UnitOfWork, tokens: TokenMinter) -> User:
    """The user a bearer token belongs to; Unauthenticated for any other token."""
    user = await uow.users.by_token_hash(tokens.hash(token)) if token else None
    if user is None:
        raise Unauthenticated("the bearer token is missing, unknown or revoked")
    return user


async def create_user(cmd: CreateUser, uow: UnitOfWork, tokens: TokenMinter) -> tuple[User, str]:
    """The new user and their token, which is shown this once and never stored."""
    if cmd.actor != SYSTEM_ACTOR:
        actor = await uow.users.get(cmd.actor)
        if actor is None or not actor.is_admin:
            raise Forbidden("only an admin may create users")
    check_user_name(cmd.name)
    check_storable(cmd.email, "email")
    if "@" not in cmd.email or len(cmd.email) > 254:
        raise InvalidRequest("email must be an address such as name@example.org")
    if await uow.users.get(cmd.name) is not None:
        raise AlreadyExists(f"user {cmd.name!r} already exists")
    token, token_hash = tokens.new()
    user = await uow.users.add(
        User(name=cmd.name, email=cmd.email, is_admin=cmd.is_admin), token_hash
    )
    uow.record(UserCreated(actor=cmd.actor, paper=None, user=cmd.name, is_admin=cmd.is_admin))
    return user, token


async def issue_token(name: str, uow: UnitOfWork, tokens: TokenMinter) -> str:
    """A new token for an existing user (operators only: the CLI, never the API)."""
    user = await uow.users.get(name)
    if user is None:
        raise NotFound(f"user {name!r} not found")
    token, token_hash = tokens.new()
    await uow.users.add_token(user, token_hash)
    return token
