"""The coverage report of a paper's evidence: what its texts cite, and where it is thin."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.model import Paper
from drafts.practice_coverage import Coverage, coverage
from workflows.practice_citations import CitedPractice, current_citations, described
from workflows.practice_ports import PracticeUnitOfWork
from workflows.status import StatusMatrix, paper_status


@dataclass(frozen=True)
class PaperCoverage:
    """The report, and what it was made from: the status matrix and each citation with
    what the catalogue says of it (the board's evidence page shows both)."""

    matrix: StatusMatrix
    report: Coverage
    cited: list[CitedPractice]

    @property
    def paper(self) -> Paper:
        return self.matrix.paper


async def paper_coverage(uow: PracticeUnitOfWork, slug: str, user: str) -> PaperCoverage:
    """The coverage of the practices the current texts cite, in any language; any member
    of the paper may read it."""
    matrix = await paper_status(uow, slug, user)
    citations = current_citations(matrix)
    practices = await uow.practices.all_of(matrix.paper)
    return PaperCoverage(
        matrix,
        coverage(practices, (c.practice for c in citations)),
        described(citations, {p.key: p for p in practices}),
    )
