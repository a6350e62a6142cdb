"""Overviews of a paper: the status matrix, the disposition record and review copies."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from drafts.errors import InvalidRequest
from services.api import cursors
from services.api.citation_schemas import PracticeCitationOut
from services.api.deps import AccordDep, After, CurrentUser, UowDep
from services.api.review_schemas import CellOut, SectionStatusOut, StatusOut
from services.reports.disposition import as_csv, as_docx
from workflows.dispositions import disposition_record
from workflows.editions import file_stem
from workflows.papers import load_paper
from workflows.practice_citations import cited_practices
from workflows.rendering import RenderFailed
from workflows.review_copy import review_copy
from workflows.status import paper_status

router = APIRouter(tags=["status"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/papers/{paper}/status", response_model=StatusOut)
async def get_status(
    paper: str,
    uow: UowDep,
    caller: CurrentUser,
    after: After = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=200, description="Sections per page (without it: every section)"),
    ] = None,
) -> Response:
    """Sections × languages: state, current revision, approvals, open comments, staleness.

    A big paper is read a page of sections at a time with `limit` and `after`."""
    matrix = await paper_status(uow, paper, caller.name, after=cursors.decode(after), limit=limit)
    citations = await cited_practices(uow, matrix)
    # Written to JSON at once, not validated again and encoded field by field as a
    # returned value is: a page is 600 cells.
    status = StatusOut(
        paper=matrix.paper.slug,
        source_language=matrix.paper.source_language,
        languages=list(matrix.paper.languages),
        sections=[
            SectionStatusOut(
                key=s.key,
                position=s.position,
                titles=s.titles,
                languages={
                    lang: CellOut.of(matrix.cells[(s.key, lang)])
                    for lang in matrix.paper.languages
                    if (s.key, lang) in matrix.cells
                },
            )
            for s in matrix.sections
        ],
        practice_citations=[PracticeCitationOut.of(c) for c in citations],
        next=cursors.encode(matrix.next_after),
    )
    return Response(status.model_dump_json(), media_type="application/json")


@router.get(
    "/papers/{paper}/dispositions.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def get_dispositions_csv(paper: str, uow: UowDep, caller: CurrentUser) -> Response:
    """The disposition record of every comment, as CSV."""
    rows = await disposition_record(uow, paper, caller.name)
    return Response(
        as_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{paper}-dispositions.csv"'},
    )


@router.get(
    "/papers/{paper}/dispositions.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}}},
)
async def get_dispositions_docx(paper: str, uow: UowDep, caller: CurrentUser) -> Response:
    """The disposition record of every comment, as a DOCX table."""
    rows = await disposition_record(uow, paper, caller.name)
    found = await load_paper(uow, paper, caller.name)
    title = found.titles.get(found.source_language, found.slug)
    return Response(
        as_docx(title, rows, datetime.now(UTC), caller.name),
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{paper}-dispositions.docx"'},
    )


@router.get(
    "/papers/{paper}/review-copies/{lang}.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}}},
)
async def get_review_copy(
    paper: str, lang: str, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> Response:
    """The paper as it stands now in one language, each open comment thread in the margin
    as a Word comment on the text it quotes (with its suggestion and replies)."""
    edition, notes = await review_copy(uow, paper, caller.name, lang)
    # Rendering takes a while: no transaction (on SQLite, the write lock) waits for it.
    await uow.rollback()
    try:
        data = await asyncio.to_thread(accord.renderer.review_copy, edition, notes)
    except RenderFailed as failure:
        raise InvalidRequest(f"the review copy could not be made: {failure}") from None
    name = f"{file_stem(edition.symbol)}-review-{lang}.docx"
    return Response(
        data,
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
