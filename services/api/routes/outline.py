"""The outline: sections, their order, titles and authors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter

from drafts.commands import AddSection, ReorderOutline, RetireSection, UpdateSection
from services.api.deps import CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.schemas import OutlineIn, SectionIn, SectionOut, SectionPatch
from workflows.outline import (
    add_section,
    list_sections,
    load_section,
    reorder_outline,
    retire_section,
    update_section,
)
from workflows.papers import load_paper

router = APIRouter(tags=["outline"])


@router.post("/papers/{paper}/sections", status_code=201, response_model=SectionOut)
async def post_section(
    paper: str, body: SectionIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Add a section to the outline (secretariat)."""

    async def act() -> Answer:
        section = await add_section(
            AddSection(
                actor=caller.name,
                paper=paper,
                key=body.key,
                titles=body.titles,
                authors=tuple(body.authors),
                position=body.position,
            ),
            uow,
        )
        return Answer(
            201,
            SectionOut.of(section).model_dump(mode="json"),
            {"Location": f"/api/v1/papers/{paper}/sections/{section.key}"},
        )

    return await commit_once(request, uow, caller, act)


# The outline of a big paper is a long list: written to JSON at once by its adapter, not
# validated again and encoded field by field as a returned value is.
OUTLINE = TypeAdapter(list[SectionOut])


@router.get("/papers/{paper}/sections", response_model=list[SectionOut])
async def get_sections(
    paper: str,
    uow: UowDep,
    caller: CurrentUser,
    retired: Annotated[bool, Query(description="Also list the retired sections")] = False,
) -> Response:
    """The outline, in order."""
    found = await list_sections(uow, paper, caller.name, include_retired=retired)
    return Response(
        OUTLINE.dump_json([SectionOut.of(s) for s in found]), media_type="application/json"
    )


@router.get("/papers/{paper}/sections/{section}", response_model=SectionOut)
async def get_section(paper: str, section: str, uow: UowDep, caller: CurrentUser) -> SectionOut:
    """One section of the outline."""
    found = await load_section(uow, await load_paper(uow, paper, caller.name), section)
    return SectionOut.of(found)


@router.patch("/papers/{paper}/sections/{section}", response_model=SectionOut)
async def patch_section(
    paper: str, section: str, body: SectionPatch, uow: UowDep, caller: CurrentUser
) -> SectionOut:
    """Change a section's titles (per language) or its authors (secretariat)."""
    updated = await update_section(
        UpdateSection(
            actor=caller.name,
            paper=paper,
            key=section,
            titles=body.titles,
            authors=None if body.authors is None else tuple(body.authors),
        ),
        uow,
    )
    return SectionOut.of(updated)


@router.put("/papers/{paper}/outline", response_model=list[SectionOut])
async def put_outline(
    paper: str, body: OutlineIn, uow: UowDep, caller: CurrentUser
) -> list[SectionOut]:
    """Reorder the outline: `order` names every section once (secretariat)."""
    sections = await reorder_outline(
        ReorderOutline(actor=caller.name, paper=paper, order=tuple(body.order)), uow
    )
    return [SectionOut.of(s) for s in sections]


@router.post("/papers/{paper}/sections/{section}/retire", response_model=SectionOut)
async def post_retire(paper: str, section: str, uow: UowDep, caller: CurrentUser) -> SectionOut:
    """Retire a section (secretariat): it leaves the outline and new versions; its
    history stays readable, and versions already frozen keep it."""
    retired = await retire_section(RetireSection(actor=caller.name, paper=paper, key=section), uow)
    return SectionOut.of(retired)
