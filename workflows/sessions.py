"""Sessions: started once a person's identity is proven, found again from the cookie's
secret, ended by signing out. See `workflows.signin` for how a client uses them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drafts.errors import Unauthenticated
from drafts.model import User
from drafts.people import Session
from drafts.people_events import SignedIn, SignedOut
from workflows.ports import UnitOfWork
from workflows.signin_policy import SignInPolicy, now_or


@dataclass(frozen=True)
class NewSession:
    user: User
    session: Session
    secret: str  # the session id for the cookie; only its hash is stored


async def start_session(
    user: User,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    client: str,
    user_agent: str = "",
    now: datetime | None = None,
) -> NewSession:
    """A new session for a user whose identity was just proven."""
    at = now_or(now)
    await uow.sessions.end_expired(user.name, at - signin.session_idle, at)
    secret, id_hash = signin.tokens.new()
    session = await uow.sessions.add(
        Session(
            user=user.name,
            created_at=at,
            last_seen_at=at,
            expires_at=at + signin.session_max,
            client=client,
            user_agent=user_agent,
        ),
        id_hash,
    )
    assert session.id is not None
    uow.record(
        SignedIn(actor=user.name, paper=None, user=user.name, session=session.id, client=client)
    )
    return NewSession(user, session, secret)


@dataclass(frozen=True)
class SessionCaller:
    user: User
    session: Session
    touched: bool  # the last-seen time moved (written in the caller's unit of work)


async def session_caller(
    secret: str, uow: UnitOfWork, signin: SignInPolicy, *, now: datetime | None = None
) -> SessionCaller:
    """The user a session cookie belongs to, while the session is live."""
    at = now_or(now)
    session = await uow.sessions.by_hash(signin.tokens.hash(secret)) if secret else None
    if session is None:
        raise Unauthenticated("not signed in (or signed out): sign in again")
    if not session.is_live(at, signin.session_idle):
        raise Unauthenticated("your session has expired: sign in again")
    user = await uow.users.get(session.user)
    if user is None:
        raise Unauthenticated("not signed in: sign in again")
    touched = at - session.last_seen_at >= signin.touch_every
    if touched:
        await uow.sessions.touch(session, at)
    return SessionCaller(user, session, touched)


async def sign_out(session: Session, uow: UnitOfWork, user: User) -> None:
    """End this one session."""
    await uow.sessions.end(session)
    uow.record(SignedOut(actor=user.name, paper=None, user=user.name, sessions=1, everywhere=False))


async def sign_out_everywhere(user: User, uow: UnitOfWork) -> int:
    """End every session of the user, in every browser: how many there were. Bearer
    tokens are not touched (revoke those with the token calls)."""
    ended = await uow.sessions.end_all(user.name)
    uow.record(
        SignedOut(actor=user.name, paper=None, user=user.name, sessions=ended, everywhere=True)
    )
    return ended


async def sessions_of(
    user: User, uow: UnitOfWork, signin: SignInPolicy, *, now: datetime | None = None
) -> list[Session]:
    """The user's live sessions, newest first."""
    at = now_or(now)
    return [s for s in await uow.sessions.of(user.name) if s.is_live(at, signin.session_idle)]
