"""Papers and their members."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from drafts.commands import AddLanguage, CreatePaper, RetireLanguage, SetMemberRoles, UpdatePaper
from services.api import cursors
from services.api.deps import After, CurrentUser, Limit, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.schemas import LanguageCode, MemberIn, PageOut, PaperIn, PaperOut, PaperPatch
from workflows.languages import add_language, retire_language
from workflows.papers import (
    create_paper,
    list_papers,
    load_paper,
    set_member_roles,
    update_paper,
)

router = APIRouter(tags=["papers"])


@router.post("/papers", status_code=201, response_model=PaperOut)
async def post_paper(
    body: PaperIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Create a paper (admins only); its creator becomes its secretariat."""

    async def act() -> Answer:
        paper = await create_paper(
            CreatePaper(
                actor=caller.name, **body.model_dump() | {"languages": tuple(body.languages)}
            ),
            uow,
            caller,
        )
        return Answer(
            201,
            PaperOut.of(paper).model_dump(mode="json"),
            {"Location": f"/api/v1/papers/{paper.slug}"},
        )

    return await commit_once(request, uow, caller, act)


@router.get("/papers", response_model=PageOut[PaperOut])
async def get_papers(
    uow: UowDep, caller: CurrentUser, after: After = None, limit: Limit = 50
) -> PageOut[PaperOut]:
    """The papers the caller is a member of."""
    page = await list_papers(uow, caller.name, cursors.decode(after), limit)
    return PageOut(items=[PaperOut.of(p) for p in page.items], next=cursors.encode(page.next_after))


@router.get("/papers/{paper}", response_model=PaperOut)
async def get_paper(paper: str, uow: UowDep, caller: CurrentUser) -> PaperOut:
    """One paper, with its members."""
    return PaperOut.of(await load_paper(uow, paper, caller.name))


@router.patch("/papers/{paper}", response_model=PaperOut)
async def patch_paper(paper: str, body: PaperPatch, uow: UowDep, caller: CurrentUser) -> PaperOut:
    """Change the paper (secretariat): what the cover prints (titles and forums per
    language, symbol, forum, date), the approval policy, how drafts show untranslated
    text. The next version shows it; versions already requested keep theirs."""
    updated = await update_paper(
        UpdatePaper(actor=caller.name, paper=paper, **body.model_dump(exclude_unset=True)), uow
    )
    return PaperOut.of(updated)


@router.put("/papers/{paper}/members/{user}", response_model=PaperOut)
async def put_member(
    paper: str, user: str, body: MemberIn, uow: UowDep, caller: CurrentUser
) -> PaperOut:
    """Give a user exactly these roles on the paper (an empty list removes them), a
    translator's or reviewer's limited to the languages named for it."""
    updated = await set_member_roles(
        SetMemberRoles(
            actor=caller.name,
            paper=paper,
            user=user,
            roles=tuple(body.roles),
            languages={role: tuple(codes) for role, codes in body.languages.items()},
        ),
        uow,
    )
    return PaperOut.of(updated)


@router.put("/papers/{paper}/languages/{lang}", response_model=PaperOut)
async def put_language(
    paper: str, lang: LanguageCode, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Add a language to the paper (secretariat): 201 when new, 200 when it had it.
    Every section gets a text in it, to be translated."""
    updated, added = await add_language(
        AddLanguage(actor=caller.name, paper=paper, language=lang), uow
    )
    return JSONResponse(PaperOut.of(updated).model_dump(mode="json"), 201 if added else 200)


@router.delete("/papers/{paper}/languages/{lang}", response_model=PaperOut)
async def delete_language(
    paper: str, lang: LanguageCode, uow: UowDep, caller: CurrentUser
) -> PaperOut:
    """Retire a language that has no text in any section (secretariat); 409 otherwise,
    naming the sections. Versions already frozen keep it."""
    updated = await retire_language(
        RetireLanguage(actor=caller.name, paper=paper, language=lang), uow
    )
    return PaperOut.of(updated)
