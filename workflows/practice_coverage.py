"""The coverage report of a paper's evidence: what its texts cite, and where it is thin."""

from __future__ import annotations

from drafts.model import Paper
from drafts.practice_coverage import Coverage, coverage
from workflows.practice_citations import current_citations
from workflows.practice_ports import PracticeUnitOfWork
from workflows.status import paper_status


async def paper_coverage(uow: PracticeUnitOfWork, slug: str, user: str) -> tuple[Paper, Coverage]:
    """The coverage of the practices the current texts cite, in any language; any member
    of the paper may read it."""
    matrix = await paper_status(uow, slug, user)
    citations = await current_citations(uow, matrix)
    practices = await uow.practices.all_of(matrix.paper)
    return matrix.paper, coverage(practices, (c.practice for c in citations))
