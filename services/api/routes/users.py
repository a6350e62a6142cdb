"""Users and the caller."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from drafts.commands import CreateUser
from services.api.deps import AccordDep, CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.schemas import (
    MembershipOut,
    MeOut,
    NewUserOut,
    RevokedOut,
    TokenOut,
    UserIn,
    UserOut,
)
from workflows.papers import list_papers
from workflows.users import create_user, issue_token, revoke_tokens

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


@router.post("/users/{name}/tokens", status_code=201, response_model=TokenOut)
async def post_token(
    name: str, request: Request, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> JSONResponse:
    """A new token for the user, shown once; the ones they hold keep working until revoked
    (the user themselves or an admin)."""

    async def act() -> Answer:
        token = await issue_token(name, uow, accord.tokens, actor=caller)
        return Answer(
            201,
            TokenOut(user=name, token=token).model_dump(mode="json"),
            replay_body=TokenOut(user=name, token=None).model_dump(mode="json"),
        )

    return await commit_once(request, uow, caller, act)


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
