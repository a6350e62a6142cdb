"""Users and authentication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from drafts.commands import CreateUser
from drafts.errors import AlreadyExists, Forbidden, InvalidRequest, NotFound, Unauthenticated
from drafts.model import User, check_user_name
from drafts.people import ApiToken, TokenStatus, check_token_name
from drafts.people_events import TokenIssued, TokenRevoked, TokensRevoked, UserCreated
from drafts.text import check_storable
from workflows.ports import UnitOfWork
from workflows.tokens import TokenMinter

SYSTEM_ACTOR = "system"


# Long enough for any program; a token with no end is asked for by passing no expiry.
MAX_TOKEN_LIFETIME = timedelta(days=3650)


async def authenticate(
    token: str, uow: UnitOfWork, tokens: TokenMinter, *, now: datetime | None = None
) -> User:
    """The user a bearer token belongs to; Unauthenticated for any other token."""
    found = await uow.users.by_token_hash(tokens.hash(token)) if token else None
    if found is None:
        raise Unauthenticated("the bearer token is missing, unknown or revoked")
    user, held = found
    status = held.status(now or datetime.now(UTC))
    if status is not TokenStatus.ACTIVE:
        raise Unauthenticated(f"the bearer token is {status.value}; ask for a new one")
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


@dataclass(frozen=True)
class IssuedToken:
    secret: str  # shown this once; only its hash is stored
    token: ApiToken


async def issue_token(
    name: str,
    uow: UnitOfWork,
    tokens: TokenMinter,
    *,
    actor: User | None = None,
    token_name: str = "",
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> IssuedToken:
    """A new token for the user, next to the ones they hold, shown this once; named (for
    the list of tokens) and ending at `expires_at` (None: when revoked).

    Through the API (`actor` given) only the user themselves or an admin may ask; on the
    command line (no actor) the operator may.
    """
    user = await _token_holder(name, uow, actor)
    token_name = check_token_name(token_name)
    at = now or datetime.now(UTC)
    if expires_at is not None and not at < expires_at <= at + MAX_TOKEN_LIFETIME:
        raise InvalidRequest("a token's expiry must lie in the future, within 10 years")
    secret, token_hash = tokens.new()
    held = await uow.users.add_token(user, token_hash, name=token_name, expires_at=expires_at)
    uow.record(
        TokenIssued(
            actor=actor.name if actor else SYSTEM_ACTOR,
            paper=None,
            user=name,
            token=held.id,
            token_name=token_name,
            expires_at=expires_at.isoformat() if expires_at else None,
        )
    )
    return IssuedToken(secret, held)


async def list_tokens(name: str, uow: UnitOfWork, *, actor: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones too (never their secrets)."""
    return await uow.users.tokens(await _token_holder(name, uow, actor))


async def revoke_token(
    name: str, token_id: int, uow: UnitOfWork, *, actor: User | None = None
) -> ApiToken:
    """Revoke one token of the user by its id (revoking it again changes nothing)."""
    user = await _token_holder(name, uow, actor)
    held = await uow.users.revoke_token(user, token_id)
    if held is None:
        raise NotFound(f"user {name!r} has no token {token_id}")
    uow.record(
        TokenRevoked(
            actor=actor.name if actor else SYSTEM_ACTOR,
            paper=None,
            user=name,
            token=token_id,
            token_name=held.name,
        )
    )
    return held


async def revoke_tokens(name: str, uow: UnitOfWork, *, actor: User | None = None) -> int:
    """Revoke every token the user holds (a leaked one among them): how many there were.
    The same rule as for issuing applies."""
    user = await _token_holder(name, uow, actor)
    revoked = await uow.users.revoke_tokens(user)
    by = actor.name if actor else SYSTEM_ACTOR
    uow.record(TokensRevoked(actor=by, paper=None, user=name, revoked=revoked))
    return revoked


async def _token_holder(name: str, uow: UnitOfWork, actor: User | None) -> User:
    # Who may is settled before whether the user exists, so that nobody but an admin
    # learns which names are taken.
    if actor is not None and actor.name != name and not actor.is_admin:
        raise Forbidden("only the user themselves or an admin may manage their tokens")
    user = await uow.users.get(name)
    if user is None:
        raise NotFound(f"user {name!r} not found")
    return user
