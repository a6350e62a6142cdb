"""The coverage report as the API shows it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from drafts.practice_coverage import Coverage, Tally, Thin


class TallyOut(BaseModel):
    code: str = Field(description="UN M49 code, approach or actor")
    name: str = Field(description="Its name in the language asked for")
    practices: list[str] = Field(description="Keys of the cited practices")
    verified: list[str] = Field(description="Those the secretariat has verified")
    strongest_evidence: str | None = Field(
        description="The strongest evidence of an outcome of a verified one"
    )


class ThinOut(BaseModel):
    kind: str = Field(description="region or approach")
    code: str
    name: str
    reason: str = Field(description="no-practice, no-verified-practice or weak-evidence-only")


class CoverageOut(BaseModel):
    paper: str
    language: str
    cited: list[str]
    unknown: list[str] = Field(description="Keys cited that the catalogue does not have")
    uncited: list[str] = Field(description="Practices of the catalogue no text cites")
    regions: list[TallyOut]
    approaches: list[TallyOut]
    actors: list[TallyOut]
    thin: list[ThinOut]


def tally_out(tally: Tally, name: str) -> TallyOut:
    return TallyOut(
        code=tally.code,
        name=name,
        practices=list(tally.practices),
        verified=list(tally.verified),
        strongest_evidence=tally.strongest.value if tally.strongest else None,
    )


def coverage_out(slug: str, language: str, report: Coverage, names: dict[str, str]) -> CoverageOut:
    """The report with every code named (`names`: code → name in `language`)."""

    def thin(t: Thin) -> ThinOut:
        return ThinOut(kind=t.kind, code=t.code, name=names.get(t.code, t.code), reason=t.reason)

    return CoverageOut(
        paper=slug,
        language=language,
        cited=list(report.cited),
        unknown=list(report.unknown),
        uncited=list(report.uncited),
        regions=[tally_out(t, names.get(t.code, t.code)) for t in report.regions],
        approaches=[tally_out(t, names.get(t.code, t.code)) for t in report.approaches],
        actors=[tally_out(t, names.get(t.code, t.code)) for t in report.actors],
        thin=[thin(t) for t in report.thin],
    )
