"""People's sign-in: invitations, passwords, sessions, sign-out.

How a client of these workflows (the API, the board's pages) uses them, each inside the
request's unit of work (which commits when the route returns, and undoes everything when
it raises); every time is `now` unless a test says otherwise:

- `invite(name, uow, signin, actor=admin)` → `NewInvitation` (`.token` is the secret of
  the one-time link `.url` = `{ACCORD_PUBLIC_URL}/invitations/{token}`, a page the board
  serves; valid until `.expires_at`); a new invitation voids the user's older unused
  ones, so it also serves to reset a password.
- `open_invitation(token, uow, signin)` → the `Invitation` (whose `.user` the page can
  name) or NotFound / InvitationNotUsable (410, `reason` "used" or "expired").
- `accept_invitation(token, password, uow, signin)` → the `User`; sets the password
  (InvalidRequest says what is wrong with a weak one), uses the invitation up and ends the
  user's other sessions. Then `sign_in` (or `start_session`) to go on signed in.
- `sign_in(login, password, uow, signin, client=..., user_agent=...)` → `SignInAttempt`:
  `.session` is the `NewSession` (`.secret` goes into the cookie), or `.refusal` is the
  Unauthenticated / TooManyAttempts (429, `retry_after` seconds) to show. A refusal must
  be ANSWERED, not raised, so that the failure it counted and recorded is committed: the
  API returns `services.api.problems.answer(attempt.refusal)`; a page renders its form
  again with the message. (`attempt.result()` raises it, for callers with nothing to keep.)
- `session_caller(secret, uow, signin)` → `SessionCaller` (user, session; the idle clock
  moved when `touched`), or Unauthenticated when unknown or expired.
- `sign_out(session, uow, user)`, `sign_out_everywhere(user, uow)`, `sessions_of(user, uow)`.

In a FastAPI page: `accord.signin` is the `SignInPolicy`; `services.api.browser` sets and
clears the cookie, checks origins and gives the CSRF token; `services.api.deps` has the
caller (`CurrentUser`, `CurrentCaller`), from a bearer token or the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from drafts.errors import (
    DomainError,
    Forbidden,
    InvitationNotUsable,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from drafts.model import User
from drafts.people import (
    Invitation,
    Session,
    Throttle,
    ThrottlePolicy,
    check_password,
    normalized_password,
)
from drafts.people_events import InvitationIssued, PasswordSet, SignedIn, SignedOut, SignInFailed
from drafts.text import check_storable
from workflows.passwords import Passwords
from workflows.ports import UnitOfWork
from workflows.tokens import TokenMinter
from workflows.users import SYSTEM_ACTOR

ANONYMOUS = "anonymous"
MAX_LOGIN_LENGTH = 254
WRONG_CREDENTIALS = "wrong user name, e-mail address or password"


@dataclass(frozen=True)
class SignInPolicy:
    """The installation's sign-in settings and the secrets that go with them."""

    tokens: TokenMinter  # keys the hashes of session ids and invitation secrets
    passwords: Passwords
    public_url: str  # where the board is served; invitation links start with it
    session_idle: timedelta = timedelta(hours=2)
    session_max: timedelta = timedelta(hours=12)
    invitation_valid: timedelta = timedelta(hours=72)
    password_min_length: int = 12
    account: ThrottlePolicy = ThrottlePolicy(5, timedelta(minutes=15), timedelta(hours=1))
    client: ThrottlePolicy = ThrottlePolicy(20, timedelta(minutes=15), timedelta(hours=1))

    def invitation_url(self, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/invitations/{token}"

    @property
    def touch_every(self) -> timedelta:
        """How stale a session's last-seen time may be: writing it on every request would
        cost a write per read, and a minute is nothing against an idle limit of hours."""
        return min(timedelta(minutes=1), self.session_idle / 10)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


# ---- invitations ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # shown once; only its hash is stored
    url: str

    @property
    def expires_at(self) -> datetime:
        return self.invitation.expires_at


async def invite(
    name: str,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    actor: User | None = None,
    now: datetime | None = None,
) -> NewInvitation:
    """A one-time link for the user to set their password (admins; `actor=None` is the
    operator on the command line). Older unused links of the user stop working."""
    if actor is not None and not actor.is_admin:
        raise Forbidden("only an admin may invite people")
    user = await uow.users.get(name)
    if user is None:
        raise NotFound(f"user {name!r} not found")
    at = _now(now)
    await uow.invitations.void_open(user.name, at)
    token, token_hash = signin.tokens.new()
    invitation = await uow.invitations.add(
        Invitation(
            user=user.name,
            created_by=actor.name if actor else SYSTEM_ACTOR,
            created_at=at,
            expires_at=at + signin.invitation_valid,
        ),
        token_hash,
    )
    uow.record(
        InvitationIssued(
            actor=invitation.created_by,
            paper=None,
            user=user.name,
            expires_at=invitation.expires_at.isoformat(),
        )
    )
    return NewInvitation(invitation, token, signin.invitation_url(token))


async def open_invitation(
    token: str, uow: UnitOfWork, signin: SignInPolicy, *, now: datetime | None = None
) -> Invitation:
    """The invitation behind a link, if it can still be used."""
    invitation = await uow.invitations.by_hash(signin.tokens.hash(token)) if token else None
    if invitation is None:
        raise NotFound("this invitation link is not known; check that it was copied whole")
    invitation.check_usable(_now(now))
    return invitation


async def accept_invitation(
    token: str,
    password: str,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    now: datetime | None = None,
) -> User:
    """Set the invited user's password; the link cannot be used again."""
    at = _now(now)
    invitation = await open_invitation(token, uow, signin, now=at)
    user = await uow.users.get(invitation.user)
    if user is None:  # users are never deleted; kept for the type checker's sake
        raise NotFound("the invited user no longer exists")
    password = check_password(password, user, min_length=signin.password_min_length)
    password_hash = await signin.passwords.hash(password)
    if not await uow.invitations.use(invitation, at):
        raise InvitationNotUsable("this invitation was used already", reason="used")
    await uow.users.set_password(user, password_hash)
    # A new password ends whatever was signed in before (it may be a reset after a leak).
    ended = await uow.sessions.end_all(user.name)
    uow.record(PasswordSet(actor=user.name, paper=None, user=user.name, sessions_ended=ended))
    return user


# ---- signing in -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    user: User
    session: Session
    secret: str  # the session id for the cookie; only its hash is stored


@dataclass(frozen=True)
class SignInAttempt:
    """What a sign-in came to: a session, or the refusal to answer with (answered, not
    raised, so that the count and the record of a failure are committed)."""

    session: NewSession | None = None
    refusal: DomainError | None = None

    def result(self) -> NewSession:
        if self.refusal is not None:
            raise self.refusal
        assert self.session is not None
        return self.session


async def _account(login: str, uow: UnitOfWork) -> User | None:
    if "@" in login:
        matches = await uow.users.by_email(login)
        # An address shared by several accounts names none of them: sign in by name.
        return matches[0] if len(matches) == 1 else None
    return await uow.users.get(login.lower())


async def sign_in(
    login: str,
    password: str,
    uow: UnitOfWork,
    signin: SignInPolicy,
    *,
    client: str,
    user_agent: str = "",
    now: datetime | None = None,
) -> SignInAttempt:
    """Check a user name (or e-mail address) and password, within the growing delays that
    failed attempts earn the account and the client address."""
    login = login.strip()[:MAX_LOGIN_LENGTH]
    check_storable(login, "login")
    user = await _account(login, uow)
    # Unknown names are throttled too, so that the delays do not tell which names exist;
    # under a hash of what was typed, which may be a password in the wrong field.
    account_key = f"account:{user.name}" if user else f"login:{signin.tokens.hash(login.lower())}"
    held = {t.key: t for t in await uow.throttles.hold([account_key, f"client:{client}"])}
    at = _now(now)  # read once the throttles are ours: other sign-ins may have gone first
    account, by_client = held[account_key], held[f"client:{client}"]
    wait = max(account.wait(at, signin.account), by_client.wait(at, signin.client))
    if wait > timedelta(0):
        seconds = max(1, int(-(-wait.total_seconds() // 1)))
        return SignInAttempt(
            refusal=TooManyAttempts(
                f"too many failed sign-ins: try again in {seconds} s", retry_after=seconds
            )
        )
    stored = await uow.users.password_hash(user) if user else None
    verdict = await signin.passwords.verify(stored, normalized_password(password))
    if user is None or not verdict.matches:
        # The delay runs from the end of the check: hashing may take a while under load.
        failed_at = at if now is not None else datetime.now(UTC)
        await _failed(user, client, account, by_client, uow, signin, failed_at)
        return SignInAttempt(refusal=Unauthenticated(WRONG_CREDENTIALS))
    if verdict.rehashed:
        await uow.users.set_password(user, verdict.rehashed)
    await uow.throttles.forget(account)
    return SignInAttempt(
        session=await start_session(user, uow, signin, client=client, user_agent=user_agent, now=at)
    )


async def _failed(
    user: User | None,
    client: str,
    account: Throttle,
    by_client: Throttle,
    uow: UnitOfWork,
    signin: SignInPolicy,
    at: datetime,
) -> None:
    account.failed(at, signin.account)
    by_client.failed(at, signin.client)
    await uow.throttles.save(account)
    await uow.throttles.save(by_client)
    await uow.throttles.forget_before(
        at - max(signin.account.forget_after, signin.client.forget_after)
    )
    uow.record(
        SignInFailed(
            actor=user.name if user else ANONYMOUS,
            paper=None,
            user=user.name if user else None,
            client=client,
            account_failures=account.failures,
            client_failures=by_client.failures,
        )
    )


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
    at = _now(now)
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


# ---- being signed in ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCaller:
    user: User
    session: Session
    touched: bool  # the last-seen time moved (written in the caller's unit of work)


async def session_caller(
    secret: str, uow: UnitOfWork, signin: SignInPolicy, *, now: datetime | None = None
) -> SessionCaller:
    """The user a session cookie belongs to, while the session is live."""
    at = _now(now)
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
    at = _now(now)
    return [s for s in await uow.sessions.of(user.name) if s.is_live(at, signin.session_idle)]
