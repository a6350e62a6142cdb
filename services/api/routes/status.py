"""Overviews of a paper: the status matrix and the disposition record."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import Response

from services.api.deps import CurrentUser, UowDep
from services.api.review_schemas import CellOut, SectionStatusOut, StatusOut
from services.reports.disposition import as_csv, as_docx
from workflows.dispositions import disposition_record
from workflows.papers import load_paper
from workflows.status import paper_status

router = APIRouter(tags=["status"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/papers/{paper}/status", response_model=StatusOut)
async def get_status(paper: str, uow: UowDep, caller: CurrentUser) -> StatusOut:
    """Sections × languages: state, current revision, approvals, open comments, staleness."""
    matrix = await paper_status(uow, paper, caller.name)
    return StatusOut(
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
    )


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
        as_docx(title, rows, datetime.now(UTC)),
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{paper}-dispositions.docx"'},
    )
