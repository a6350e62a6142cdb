"""People's sign-in: invitations, passwords, sessions, sign-out.

Signing in itself is here; invitations are in `workflows.invitations`, sessions in
`workflows.sessions`, the settings in `workflows.signin_policy`; import each from its own
module.

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

from drafts.errors import DomainError, TooManyAttempts, Unauthenticated
from drafts.model import User
from drafts.people import Throttle, normalized_password
from drafts.people_events import SignInFailed
from drafts.text import check_storable
from workflows.ports import UnitOfWork
from workflows.sessions import (
    NewSession,
    start_session,
)
from workflows.signin_policy import SignInPolicy, now_or

ANONYMOUS = "anonymous"
MAX_LOGIN_LENGTH = 254
WRONG_CREDENTIALS = "wrong user name, e-mail address or password"


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
    at = now_or(now)  # read once the throttles are ours: other sign-ins may have gone first
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
