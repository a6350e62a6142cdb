"""Signing in and out, and accepting an invitation: pages over the sign-in workflows.

The pages call the same workflows as `POST /sessions` and `POST /invitations/accept`, and
set or clear the same cookie; the forms that come before a session exists are checked to
come from the board itself (no other site may sign a person into an account it chose).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from drafts.errors import DomainError, InvalidRequest
from services.api.browser import (
    check_same_origin,
    clear_session_cookie,
    client_address,
    set_session_cookie,
)
from services.api.deps import AccordDep, CurrentCaller, UowDep
from services.api.problems import _status_of
from services.board.pages import BoardRoute, back_to, page
from services.board.routes.interface import local_path
from services.bootstrap import Accord
from services.store.unit_of_work import SqlUnitOfWork
from workflows.invitations import accept_invitation, open_invitation
from workflows.sessions import sessions_of, sign_out, sign_out_everywhere
from workflows.signin import sign_in

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

Next = Annotated[str, Query(max_length=2000)]
Secret = Annotated[str, Form(max_length=1024)]
INVITATION = "/invitations/{token}"


async def _session_for(
    request: Request, uow: SqlUnitOfWork, accord: Accord, login: str, password: str, target: str
) -> Response:
    """Sign in and go on to `target`; a refusal raises, and the page that shows it lets the
    request's transaction keep the failure counted."""
    attempt = await sign_in(
        login,
        password,
        uow,
        accord.signin,
        client=client_address(request),
        user_agent=request.headers.get("user-agent", "")[:200],
    )
    new = attempt.result()
    answer = back_to(target)
    set_session_cookie(answer, new, accord.settings)
    return answer


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, next: Next = "/") -> HTMLResponse:
    """The sign-in form."""
    return page(request, "sign_in.html", {"next": local_path(next)})


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in_form(
    request: Request,
    uow: UowDep,
    accord: AccordDep,
    login: Annotated[str, Form(max_length=320)],
    password: Secret,
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Sign in with a name or e-mail address and password; wrong ones are slowed down."""
    try:
        check_same_origin(request, accord.settings)
        return await _session_for(request, uow, accord, login, password, local_path(next))
    except DomainError as error:
        answer = page(
            request,
            "sign_in.html",
            {"next": local_path(next), "login": login, "error": error.detail},
            status=_status_of(error),
        )
        if retry := error.extra.get("retry_after"):
            answer.headers["Retry-After"] = str(retry)
        return answer


@router.post("/sign-out")
async def sign_out_form(caller: CurrentCaller, uow: UowDep, accord: AccordDep) -> Response:
    """End this browser's session."""
    if caller.session is not None:
        await sign_out(caller.session, uow, caller.user)
    answer = back_to("/sign-in")
    clear_session_cookie(answer, accord.settings)
    return answer


@router.post("/sign-out-everywhere")
async def sign_out_everywhere_form(
    caller: CurrentCaller, uow: UowDep, accord: AccordDep
) -> Response:
    """End every session of the person, in every browser."""
    await sign_out_everywhere(caller.user, uow)
    answer = back_to("/sign-in")
    clear_session_cookie(answer, accord.settings)
    return answer


@router.get("/account", response_class=HTMLResponse)
async def account_page(
    request: Request, caller: CurrentCaller, uow: UowDep, accord: AccordDep
) -> HTMLResponse:
    """Where the person is signed in, and signing out everywhere."""
    live = await sessions_of(caller.user, uow, accord.signin)
    return page(
        request,
        "account.html",
        {"sessions": live, "current": caller.session.id if caller.session else None},
        person=caller.user,
    )


@router.get(INVITATION, response_class=HTMLResponse)
async def invitation_page(
    token: str, request: Request, uow: UowDep, accord: AccordDep
) -> HTMLResponse:
    """The form to set a password with an invitation link."""
    try:
        invitation = await open_invitation(token[:1024], uow, accord.signin)
    except DomainError as error:
        return page(request, "invitation.html", {"error": error.detail}, status=_status_of(error))
    return page(
        request,
        "invitation.html",
        {"invited": invitation.user, "min_length": accord.signin.password_min_length},
    )


@router.post(INVITATION, response_class=HTMLResponse)
async def accept_invitation_form(
    token: str,
    request: Request,
    uow: UowDep,
    accord: AccordDep,
    password: Secret,
    repeat: Secret,
) -> Response:
    """Set the password, then sign in with it."""
    invited = None
    try:
        check_same_origin(request, accord.settings)
        invited = (await open_invitation(token[:1024], uow, accord.signin)).user
        if password != repeat:
            raise InvalidRequest("the two passwords differ; type the same one twice")
        user = await accept_invitation(token[:1024], password, uow, accord.signin)
        return await _session_for(request, uow, accord, user.name, password, "/")
    except DomainError as error:
        await uow.rollback()
        return page(
            request,
            "invitation.html",
            {
                "invited": invited,
                "min_length": accord.signin.password_min_length,
                "error": error.detail,
            },
            status=_status_of(error),
        )
