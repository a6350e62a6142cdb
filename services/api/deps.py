"""Request dependencies: the unit of work and the authenticated caller.

Every API route and page takes the caller as `caller: CurrentUser` (the `User`), or as
`caller: CurrentCaller` when it needs to know how they came (`Caller.session` is None for
a bearer token; `Caller.csrf_token` is what a page puts into its forms). Either way the
caller may come with a bearer token (`Authorization: Bearer <token>`, programs) or the
session cookie (people signed in through a browser); a state-changing request with the
cookie must pass the CSRF check of `services.api.browser`. A bearer header, when sent,
decides alone: a bad token is a 401 even with a good cookie.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from drafts.errors import Unauthenticated
from drafts.model import MAX_NUMBER, User
from drafts.people import Session
from services.api.browser import SAFE_METHODS, check_csrf, csrf_token_for, session_secret
from services.bootstrap import Accord
from services.store.unit_of_work import SqlUnitOfWork
from workflows.sessions import session_caller
from workflows.users import authenticate

_bearer = HTTPBearer(
    auto_error=False, description="A token from `POST /users/{name}/tokens` or `accord users token`"
)
# Declared for the OpenAPI document only (so /docs shows both ways in); the cookie is read
# by the name the settings give it.
_cookie = APIKeyCookie(
    name="accord-session",
    auto_error=False,
    description="The session cookie set by `POST /sessions` (`__Host-accord-session` over "
    "HTTPS); state-changing requests also need the `X-CSRF-Token` header",
)


async def get_accord(request: Request) -> Accord:
    # Async although it awaits nothing: FastAPI runs a plain function dependency in a
    # thread, a hop to the thread pool and back on every request.
    accord: Accord = request.app.state.accord
    return accord


AccordDep = Annotated[Accord, Depends(get_accord)]


async def get_uow(request: Request, accord: AccordDep) -> AsyncIterator[SqlUnitOfWork]:
    """The request's unit of work, committed when the route returns and undone when it
    raises: routes never commit (`commit_once` aside, which must see its own race). A
    GET only reads (on SQLite, it never queues behind a save)."""
    async with accord.transaction(writes=request.method not in SAFE_METHODS) as uow:
        yield uow


# Scope "function": the commit runs when the route returns, before the answer is sent, so
# that a commit that fails (a concurrent create) is answered as the error it is.
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow, scope="function")]


@dataclass(frozen=True)
class Caller:
    """Who is calling, and how: with a session (a browser) or a bearer token (None)."""

    user: User
    session: Session | None = None
    csrf_token: str | None = None


async def current_caller(
    request: Request,
    uow: UowDep,
    accord: AccordDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _documented: Annotated[str | None, Depends(_cookie)],
) -> Caller:
    if credentials is not None:
        caller = Caller(await authenticate(credentials.credentials, uow, accord.tokens))
    else:
        secret = session_secret(request, accord.settings)
        if secret is None:
            raise Unauthenticated("sign in, or send a bearer token: Authorization: Bearer <token>")
        found = await session_caller(secret, uow, accord.signin)
        token = csrf_token_for(secret, accord.tokens)
        if request.method not in SAFE_METHODS:
            await check_csrf(request, accord.settings, token)
        caller = Caller(found.user, found.session, token)
    request.state.caller = caller
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]


async def current_user(caller: CurrentCaller) -> User:
    return caller.user


CurrentUser = Annotated[User, Depends(current_user)]

After = Annotated[
    str | None, Query(description="The cursor from the previous page's `next`", max_length=64)
]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page")]
# A revision number or comment id in the path: bounded like every number a client sends.
NumberInPath = Annotated[int, Path(ge=1, le=MAX_NUMBER)]
