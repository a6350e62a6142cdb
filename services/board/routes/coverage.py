"""A paper's evidence: which regions, approaches and actors its cited practices cover,
and where that evidence is thin (the page of GET /papers/{paper}/practice-coverage)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from drafts.vocabularies import Evidence
from services.api.deps import UowDep
from services.api.routes.coverage import LANGUAGES, names_of
from services.board.pages import BoardRoute, interface_of, page
from services.board.person import SignedInPerson
from services.render.annex_labels import term
from workflows.practice_coverage import paper_coverage

router = APIRouter(route_class=BoardRoute, include_in_schema=False)


@router.get("/papers/{paper}/coverage", response_class=HTMLResponse)
async def coverage_page(
    paper: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    names: str | None = Query(None, alias="language"),
) -> HTMLResponse:
    """The coverage report, its regions, approaches and actors named in `language` (any
    of the six; the interface's language by default)."""
    found = await paper_coverage(uow, paper, person.name)
    report = found.report
    titles = {s.key: s.titles for s in found.matrix.sections}
    interface = interface_of(request).language
    language = names if names in LANGUAGES else interface
    context = {
        "paper": found.paper,
        "report": report,
        "names": names_of(report, language) | {e.value: term(e.value, language) for e in Evidence},
        "names_language": language,
        "name_languages": LANGUAGES,
        "citations": found.cited,
        "titles": titles,
    }
    return page(request, "coverage.html", context, person=person)
