"""Signing in and out with a password, and accepting an invitation, as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from drafts.errors import InvalidRequest
from services.api import problems
from services.api.browser import (
    check_same_origin,
    clear_session_cookie,
    client_address,
    csrf_token_for,
    set_session_cookie,
)
from services.api.deps import AccordDep, CurrentCaller, UowDep
from services.api.people_schemas import (
    AcceptedOut,
    AcceptInvitationIn,
    SessionOut,
    SessionsOut,
    SignedInOut,
    SignedOutOut,
    SignInIn,
)
from services.api.user_schemas import UserOut
from workflows.invitations import accept_invitation
from workflows.sessions import sessions_of, sign_out, sign_out_everywhere
from workflows.signin import sign_in

router = APIRouter(tags=["sessions"])


@router.post(
    "/sessions",
    status_code=201,
    response_model=SignedInOut,
    responses={401: {"description": "Wrong name or password"}, 429: {"description": "Wait"}},
)
async def post_session(
    body: SignInIn, request: Request, uow: UowDep, accord: AccordDep
) -> JSONResponse:
    """Sign in with a user name or e-mail address and password: sets the session cookie.

    Failed attempts earn the account and the client address growing delays (429 with
    `Retry-After`) and are recorded.
    """
    check_same_origin(request, accord.settings)
    attempt = await sign_in(
        body.login,
        body.password,
        uow,
        accord.signin,
        client=client_address(request),
        user_agent=request.headers.get("user-agent", "")[:200],
    )
    if attempt.refusal is not None:
        # Answered, not raised: the request's unit of work commits what the route returns,
        # so the failure is counted and recorded although the sign-in is refused.
        return problems.answer(attempt.refusal)
    new = attempt.result()
    answer = SignedInOut(
        user=UserOut.of(new.user),
        session=SessionOut.of(new.session, accord.signin.session_idle, new.session.id),
        csrf_token=csrf_token_for(new.secret, accord.tokens),
    )
    response = JSONResponse(answer.model_dump(mode="json"), status_code=201)
    set_session_cookie(response, new, accord.settings)
    return response


@router.get("/sessions", response_model=SessionsOut)
async def get_sessions(caller: CurrentCaller, uow: UowDep, accord: AccordDep) -> SessionsOut:
    """The caller's live sessions (browsers signed in), newest first."""
    current = caller.session.id if caller.session else None
    live = await sessions_of(caller.user, uow, accord.signin)
    return SessionsOut(items=[SessionOut.of(s, accord.signin.session_idle, current) for s in live])


@router.delete("/sessions/current", status_code=204)
async def delete_current_session(
    request: Request, caller: CurrentCaller, uow: UowDep, accord: AccordDep
) -> Response:
    """Sign out: end the session of this request and clear its cookie."""
    if caller.session is None:
        raise InvalidRequest(
            "this request came with a bearer token, not a session; revoke tokens with "
            "DELETE /users/{name}/tokens/{id}"
        )
    await sign_out(caller.session, uow, caller.user)
    response = Response(status_code=204)
    clear_session_cookie(response, accord.settings)
    return response


@router.delete("/sessions", response_model=SignedOutOut)
async def delete_sessions(caller: CurrentCaller, uow: UowDep, accord: AccordDep) -> JSONResponse:
    """Sign out everywhere: end every session of the caller, in every browser (bearer
    tokens keep working)."""
    ended = await sign_out_everywhere(caller.user, uow)
    response = JSONResponse(SignedOutOut(user=caller.user.name, ended=ended).model_dump())
    clear_session_cookie(response, accord.settings)
    return response


@router.post("/invitations/accept", response_model=AcceptedOut)
async def post_invitation_acceptance(
    body: AcceptInvitationIn, request: Request, uow: UowDep, accord: AccordDep
) -> AcceptedOut:
    """Set a password with the secret of an invitation link; the link is then used up and
    the user's other sessions end. Sign in next with `POST /sessions`."""
    check_same_origin(request, accord.settings)
    user = await accept_invitation(body.token, body.password, uow, accord.signin)
    return AcceptedOut(user=user.name)
