"""Which texts cite which practices: for the status, for a version and for its annex.

A version freezes the practices its texts cite (see `practices_snapshot`), as it freezes
the paper's titles and bibliography: a file rebuilt later prints the practices as they
were when the version was requested, and a practice edited since makes a new request
of the same version number a different one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from drafts.model import Paper
from drafts.practice_citations import (
    CitationProblem,
    PracticeCitation,
    citation_problems,
    citations_of,
)
from drafts.practice_coverage import annex_group
from drafts.practice_records import practice_from_record, practice_record
from drafts.practices import Practice
from drafts.publications import Blocker, ManifestEntry
from drafts.regions import ancestry
from workflows.practice_ports import PracticeUnitOfWork
from workflows.practice_render import RenderPractice
from workflows.status import StatusMatrix

_REASONS = {
    "unknown": "cites practice {key!r}, which is not in the paper's catalogue",
    "unverified": "cites practice {key!r}, which the secretariat has not verified",
}


@dataclass(frozen=True)
class CitedPractice:
    """A citation with what the catalogue says of the practice cited."""

    section: str
    language: str
    practice: str
    known: bool
    verified: bool


async def catalogue(uow: PracticeUnitOfWork, paper: Paper) -> dict[str, Practice]:
    """The paper's practices that can be cited (not retired), by key."""
    return {p.key: p for p in await uow.practices.all_of(paper)}


def current_citations(matrix: StatusMatrix) -> list[PracticeCitation]:
    """What the current text of each section in each language of the matrix cites, as
    recorded with each revision: no body is read."""
    return citations_of(
        {place: cell.head.cited for place, cell in matrix.cells.items() if cell.head is not None}
    )


def described(
    citations: Iterable[PracticeCitation], practices: Mapping[str, Practice]
) -> list[CitedPractice]:
    return [
        CitedPractice(
            c.section,
            c.language,
            c.practice,
            known=c.practice in practices,
            verified=c.practice in practices and practices[c.practice].verified,
        )
        for c in citations
    ]


async def cited_practices(uow: PracticeUnitOfWork, matrix: StatusMatrix) -> list[CitedPractice]:
    """What the current texts cite, each with whether the catalogue has it and it is
    verified; the catalogue is read only when something is cited."""
    citations = current_citations(matrix)
    if not citations:
        return []
    return described(citations, await catalogue(uow, matrix.paper))


async def manifest_texts(
    uow: PracticeUnitOfWork, paper: Paper, manifest: Iterable[ManifestEntry]
) -> dict[tuple[str, str], str]:
    """The text each entry of a manifest shows, by (section, language of the file)."""
    wanted: dict[str, list[tuple[str, int]]] = {}
    for entry in manifest:
        if entry.revision:
            wanted.setdefault(entry.text_language or entry.language, []).append(
                (entry.section, entry.revision)
            )
    found = {lang: await uow.revisions.bodies(paper, lang, pairs) for lang, pairs in wanted.items()}
    texts: dict[tuple[str, str], str] = {}
    for entry in manifest:
        row = found.get(entry.text_language or entry.language, {}).get(entry.section)
        if entry.revision and row is not None:
            texts[(entry.section, entry.language)] = row[2]
    return texts


def citation_blockers(problems: Iterable[CitationProblem]) -> list[Blocker]:
    """Why a final version cannot print these citations, one blocker per citation."""
    return [
        Blocker(p.section, p.language, _REASONS[p.reason].format(key=p.practice)) for p in problems
    ]


def problems_of(
    citations: Iterable[PracticeCitation], practices: Mapping[str, Practice]
) -> list[CitationProblem]:
    return citation_problems(citations, {k: p.verified for k, p in practices.items()})


def _order(region: str) -> tuple[str, str]:
    chain = ancestry(region)
    return (chain[-1] if chain else region, annex_group(region))


def practices_snapshot(
    citations: Iterable[PracticeCitation],
    practices: Mapping[str, Practice],
    languages: Iterable[str],
) -> list[dict[str, Any]]:
    """The cited practices as a version keeps them: their records (`practice_record`) in
    annex order, by region, then in the order first cited. Each keeps its source text and
    its words in the version's languages only, so that a translation into a language the
    version does not print changes nothing of it."""
    first: dict[str, int] = {}
    for index, cited in enumerate(citations):
        if cited.practice in practices:
            first.setdefault(cited.practice, index)
    ordered = sorted(first, key=lambda k: (_order(practices[k].facts.region), first[k]))
    kept = set(languages)
    out: list[dict[str, Any]] = []
    for key in ordered:
        practice = practices[key]
        texts = {
            lang: text
            for lang, text in practice.texts.items()
            if lang in kept or lang == practice.source_language
        }
        out.append(practice_record(replace(practice, texts=texts)))
    return out


def render_practices(
    frozen: list[dict[str, Any]] | None, language: str
) -> tuple[RenderPractice, ...]:
    """The practices a version froze, as the renderer prints them in `language`: numbered
    in the order frozen, the same in every language of the version."""
    out = []
    for number, record in enumerate(frozen or [], start=1):
        practice = practice_from_record(record)
        facts = practice.facts
        text = practice.text_in(language)
        out.append(
            RenderPractice(
                key=practice.key,
                number=number,
                group=annex_group(facts.region),
                verified=practice.verified,
                name=text.name,
                summary=text.summary,
                country=facts.country,
                city=facts.city,
                start_year=facts.start_year,
                end_year=facts.end_year,
                actors=tuple(a.value for a in facts.actors),
                approaches=tuple(a.value for a in facts.approaches),
                outcomes=tuple((o, e.value) for o, e in text.outcomes),
                sources=tuple(facts.sources),
                from_source=tuple(sorted(text.from_source)),
                source_language=practice.source_language,
            )
        )
    return tuple(out)
