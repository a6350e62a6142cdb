"""The coverage of a paper's evidence: GET /papers/{paper}/practice-coverage."""

from __future__ import annotations

from fastapi import APIRouter, Query

from drafts.errors import InvalidRequest
from drafts.practice_coverage import Coverage
from services.api.coverage_schemas import CoverageOut, coverage_out
from services.api.deps import CurrentUser, UowDep
from services.render.annex_labels import region_name, term
from workflows.practice_coverage import paper_coverage

router = APIRouter(tags=["practices"])

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def names_of(report: Coverage, language: str) -> dict[str, str]:
    """Every code of the report named in `language` (regions by CLDR, terms by the
    annex's table)."""
    names = {t.code: region_name(t.code, language) for t in report.regions}
    names |= {t.code: region_name(t.code, language) for t in report.thin if t.kind == "region"}
    names |= {t.code: term(t.code, language) for t in (*report.approaches, *report.actors)}
    names |= {t.code: term(t.code, language) for t in report.thin if t.kind == "approach"}
    return names


@router.get("/papers/{paper}/practice-coverage", response_model=CoverageOut)
async def get_coverage(
    paper: str,
    uow: UowDep,
    caller: CurrentUser,
    language: str | None = Query(None, description="Names in this language (default: the source)"),
) -> CoverageOut:
    """Which regions, approaches and actors the cited practices cover, and where the
    evidence is thin: a focus region (Latin America and the Caribbean, Africa, Asia) or an
    approach with no practice, no verified one, or outcomes only told or described."""
    found = await paper_coverage(uow, paper, caller.name)
    report = found.report
    language = language or found.paper.source_language
    if language not in LANGUAGES:
        raise InvalidRequest(f"language must be one of {', '.join(LANGUAGES)}")
    return coverage_out(found.paper.slug, language, report, names_of(report, language))
