"""Users and the caller."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from drafts.commands import CreateUser
from services.api.deps import AccordDep, CurrentUser, NumberInPath, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.people_schemas import (
    InvitationOut,
    NewTokenOut,
    TokenIn,
    TokenInfoOut,
    TokensOut,
)
from services.api.user_schemas import MembershipOut, MeOut, NewUserOut, RevokedOut, UserIn, UserOut
from workflows.invitations import invite
from workflows.papers import list_papers
from workflows.users import create_user, issue_token, list_tokens, revoke_token, revoke_tokens

router = APIRouter(tags=["users"])


@router.post("/users", status_code=201, response_model=NewUserOut)
async def post_user(
    body: UserIn, request: Request, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> JSONResponse:
    """Create a user (admins only); the answer holds their token, shown once."""

    async def act() -> Answer:
        user, token = await create_user(
            CreateUser(actor=caller.name, name=body.name, email=body.email, is_admin=body.is_admin),
            uow,
            accord.tokens,
        )
        shown = NewUserOut(**UserOut.of(user).model_dump(), token=token)
        return Answer(
            201,
            shown.model_dump(mode="json"),
            # Only a hash of a token is ever stored, so a replay cannot show it again.
            replay_body=shown.model_copy(update={"token": None}).model_dump(mode="json"),
        )

    return await commit_once(request, uow, caller, act)


@router.post("/users/{name}/invitations", status_code=201, response_model=InvitationOut)
async def post_invitation(
    name: str, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> InvitationOut:
    """A one-time link for the user to set their password (admins only), valid for
    ACCORD_INVITATION_HOURS; the user's older unused links stop working."""
    new = await invite(name, uow, accord.signin, actor=caller)
    return InvitationOut.of(new)


@router.post("/users/{name}/tokens", status_code=201, response_model=NewTokenOut)
async def post_token(
    name: str,
    request: Request,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    body: TokenIn | None = None,
) -> JSONResponse:
    """A new named token for the user, shown once, valid for `expires_in_days`; the ones
    they hold keep working until they expire or are revoked (the user themselves or an
    admin)."""
    body = body or TokenIn()
    now = datetime.now(UTC)
    days = (
        body.expires_in_days
        if "expires_in_days" in body.model_fields_set
        else accord.settings.token_days
    )

    async def act() -> Answer:
        issued = await issue_token(
            name,
            uow,
            accord.tokens,
            actor=caller,
            token_name=body.name,
            expires_at=now + timedelta(days=days) if days is not None else None,
            now=now,
        )
        info = TokenInfoOut.of(issued.token, now).model_dump()
        return Answer(
            201,
            NewTokenOut(**info, token=issued.secret).model_dump(mode="json"),
            replay_body=NewTokenOut(**info, token=None).model_dump(mode="json"),
        )

    return await commit_once(request, uow, caller, act)


@router.get("/users/{name}/tokens", response_model=TokensOut)
async def get_tokens(name: str, uow: UowDep, caller: CurrentUser) -> TokensOut:
    """The user's tokens, newest first, with their names, expiry and status; never the
    secrets (the user themselves or an admin)."""
    now = datetime.now(UTC)
    held = await list_tokens(name, uow, actor=caller)
    return TokensOut(items=[TokenInfoOut.of(token, now) for token in held])


@router.delete("/users/{name}/tokens/{token}", response_model=TokenInfoOut)
async def delete_token(
    name: str, token: NumberInPath, uow: UowDep, caller: CurrentUser
) -> TokenInfoOut:
    """Revoke one token by its id, the one of this request too if it is that one (the
    user themselves or an admin)."""
    revoked = await revoke_token(name, token, uow, actor=caller)
    return TokenInfoOut.of(revoked, datetime.now(UTC))


@router.delete("/users/{name}/tokens", response_model=RevokedOut)
async def delete_tokens(name: str, uow: UowDep, caller: CurrentUser) -> RevokedOut:
    """Revoke every token the user holds, the one of this request too if it is theirs
    (the user themselves or an admin). Then issue a new one to go on."""
    revoked = await revoke_tokens(name, uow, actor=caller)
    return RevokedOut(user=name, revoked=revoked)


@router.get("/me", response_model=MeOut)
async def get_me(uow: UowDep, caller: CurrentUser) -> MeOut:
    """The caller and the papers they are a member of."""
    memberships: list[MembershipOut] = []
    after = 0
    while True:
        page = await list_papers(uow, caller.name, after, 200)
        memberships += [
            MembershipOut(
                paper=p.slug,
                roles=sorted(p.roles_of(caller.name)),
                languages={
                    role.value: list(langs)
                    for role, langs in sorted(p.member_languages.get(caller.name, {}).items())
                },
            )
            for p in page.items
        ]
        if page.next_after is None:
            break
        after = page.next_after
    return MeOut(**UserOut.of(caller).model_dump(), memberships=memberships)
