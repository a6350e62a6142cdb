"""Helpers for tests of people's sign-in: passwords and sessions made through the workflows."""

from __future__ import annotations

from services.api.browser import CSRF_HEADER, csrf_token_for, session_cookie_name
from services.bootstrap import Accord
from workflows.invitations import accept_invitation, invite
from workflows.sessions import start_session

PASSWORD = "a long and quiet river"
ORIGIN = "http://accord.test"


async def set_password(accord: Accord, name: str, password: str = PASSWORD) -> None:
    """Invite the user and accept the invitation, as the person would."""
    async with accord.transaction() as uow:
        new = await invite(name, uow, accord.signin)
    async with accord.transaction() as uow:
        await accept_invitation(new.token, password, uow, accord.signin)


async def session_headers(accord: Accord, name: str) -> dict[str, str]:
    """The headers a browser of the board sends for a user just signed in: the session
    cookie, the CSRF token and its own origin."""
    async with accord.transaction() as uow:
        user = await uow.users.get(name)
        assert user is not None
        new = await start_session(user, uow, accord.signin, client="127.0.0.1")
    return browser_headers(accord, new.secret)


def browser_headers(accord: Accord, secret: str) -> dict[str, str]:
    return {
        "Cookie": f"{session_cookie_name(accord.settings)}={secret}",
        CSRF_HEADER: csrf_token_for(secret, accord.tokens),
        "Origin": ORIGIN,
        "Sec-Fetch-Site": "same-origin",
    }
