"""Versions of a paper: requesting one (secretariat), following its renders, its files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from drafts.commands import RequestPublication
from drafts.errors import DomainError
from services.api.deps import UowDep
from services.api.problems import _status_of
from services.board.pages import BoardRoute, back_to, page
from services.board.person import SignedInPerson
from services.board.routes.papers import paper_context
from services.store.unit_of_work import SqlUnitOfWork
from workflows.versions import get_publication, request_publication

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

VERSION = "/papers/{paper}/versions/{version}"


@router.post("/papers/{paper}/versions", response_class=HTMLResponse)
async def request_version(
    paper: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    version: Annotated[str, Form(max_length=16)],
    kind: Annotated[str, Form(pattern="^(draft|final)$")] = "draft",
) -> Response:
    """Freeze a numbered version and have it rendered; a blocked one lists its blockers."""
    try:
        publication, _ = await request_publication(
            RequestPublication(actor=person.name, paper=paper, version=version, kind=kind), uow
        )
    except DomainError as error:
        await uow.rollback()
        context = await paper_context(uow, paper, person.name)
        return page(
            request,
            "paper.html",
            {
                **context,
                "error": error.detail,
                "blockers": error.extra.get("blockers", []),
                "asked_version": version,
                "asked_kind": kind,
            },
            person=person,
            status=_status_of(error),
        )
    return back_to(f"/papers/{paper}/versions/{publication.version}")


async def version_context(
    uow: SqlUnitOfWork, paper: str, version: str, user: str
) -> dict[str, object]:
    publication, artifacts = await get_publication(uow, paper, user, version)
    found = await uow.papers.get(paper)
    order = {(a.language, a.format): a for a in artifacts}
    return {
        "paper": found,
        "publication": publication,
        "artifacts": [order[key] for key in sorted(order)],
        "files": f"/api/v1/papers/{paper}/publications/{version}/artifacts",
    }


@router.get(VERSION, response_class=HTMLResponse)
async def version_page(
    paper: str, version: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """A version: what it contains, how far its renders are, and its files."""
    context = await version_context(uow, paper, version, person.name)
    return page(request, "version.html", context, person=person)


@router.get(VERSION + "/files", response_class=HTMLResponse)
async def files_fragment(
    paper: str, version: str, request: Request, uow: UowDep, person: SignedInPerson
) -> HTMLResponse:
    """The version's files alone, for the version page to refresh as renders finish."""
    context = await version_context(uow, paper, version, person.name)
    return page(request, "files.html", context, person=person)
