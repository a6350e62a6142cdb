"""A person's papers, and a paper's status matrix: where every text stands."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from drafts.access import Action, may
from drafts.model import Paper, Section
from services.api.deps import UowDep
from services.board.pages import BoardRoute, page
from services.board.person import SignedInPerson
from services.store.unit_of_work import SqlUnitOfWork
from workflows.agenda import Duty, duty
from workflows.papers import list_papers
from workflows.status import Cell, StatusMatrix, paper_status
from workflows.versions import list_publications

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

MAX_PAPERS = 200
MAX_VERSIONS = 100


@dataclass(frozen=True)
class Row:
    """One section of the matrix, with its cells in the paper's language order."""

    section: Section
    cells: list[tuple[str, Cell | None, Duty | None]]


def rows_of(matrix: StatusMatrix, user: str) -> list[Row]:
    paper = matrix.paper
    rows = []
    for section in matrix.sections:
        cells: list[tuple[str, Cell | None, Duty | None]] = []
        for language in paper.languages:
            cell = matrix.cells.get((section.key, language))
            task = duty(paper, section, language, cell, user) if cell else None
            cells.append((language, cell, task))
        rows.append(Row(section, cells))
    return rows


def roles_shown(paper: Paper, user: str) -> list[str]:
    return sorted(role.value for role in paper.roles_of(user))


async def matrix_context(uow: SqlUnitOfWork, paper: str, user: str) -> dict[str, object]:
    matrix = await paper_status(uow, paper, user)
    rows = rows_of(matrix, user)
    waiting = [
        (row.section, language, task)
        for row in rows
        for language, _, task in row.cells
        if task is not None
    ]
    return {"paper": matrix.paper, "rows": rows, "waiting": waiting}


@router.get("/", response_class=HTMLResponse)
async def papers_page(request: Request, uow: UowDep, person: SignedInPerson) -> HTMLResponse:
    """The papers the person is a member of."""
    found = await list_papers(uow, person.name, 0, MAX_PAPERS)
    return page(
        request,
        "papers.html",
        {"papers": [(p, roles_shown(p, person.name)) for p in found.items]},
        person=person,
    )


async def paper_context(uow: SqlUnitOfWork, paper: str, user: str) -> dict[str, object]:
    context = await matrix_context(uow, paper, user)
    found = context["paper"]
    assert isinstance(found, Paper)
    versions = await list_publications(uow, paper, user, 0, MAX_VERSIONS)
    return {
        **context,
        "roles": roles_shown(found, user),
        "versions": list(reversed(versions.items)),
        "may_publish": may(found, user, Action.PUBLISH),
        "blockers": [],
    }


@router.get("/papers/{paper}", response_class=HTMLResponse)
async def paper_page(
    paper: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """A paper: the status matrix, what awaits the person, and its versions."""
    context = await paper_context(uow, paper, person.name)
    return page(request, "paper.html", context, person=person)


@router.get("/papers/{paper}/matrix", response_class=HTMLResponse)
async def matrix_fragment(
    paper: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """The matrix alone, for the paper page to refresh itself when the paper changes."""
    context = await matrix_context(uow, paper, person.name)
    return page(request, "matrix.html", context, person=person)
