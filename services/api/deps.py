"""Request dependencies: the unit of work and the authenticated caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from drafts.errors import Unauthenticated
from drafts.model import MAX_NUMBER, User
from services.bootstrap import Accord
from services.store.unit_of_work import SqlUnitOfWork
from workflows.users import authenticate

_bearer = HTTPBearer(auto_error=False, description="A token from `accord users add`")


def get_accord(request: Request) -> Accord:
    accord: Accord = request.app.state.accord
    return accord


AccordDep = Annotated[Accord, Depends(get_accord)]


async def get_uow(accord: AccordDep) -> AsyncIterator[SqlUnitOfWork]:
    """The request's unit of work, committed when the route returns and undone when it
    raises: routes never commit (`commit_once` aside, which must see its own race)."""
    async with accord.transaction() as uow:
        yield uow


# Scope "function": the commit runs when the route returns, before the answer is sent, so
# that a commit that fails (a concurrent create) is answered as the error it is.
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow, scope="function")]


async def current_user(
    uow: UowDep,
    accord: AccordDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None:
        raise Unauthenticated("send a bearer token: Authorization: Bearer <token>")
    return await authenticate(credentials.credentials, uow, accord.tokens)


CurrentUser = Annotated[User, Depends(current_user)]

After = Annotated[
    str | None, Query(description="The cursor from the previous page's `next`", max_length=64)
]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page")]
# A revision number or comment id in the path: bounded like every number a client sends.
NumberInPath = Annotated[int, Path(ge=1, le=MAX_NUMBER)]
