"""The disposition record: how each comment on a paper was handled."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.comments import replies_by_thread
from workflows.papers import load_paper
from workflows.ports import UnitOfWork


@dataclass(frozen=True)
class DispositionRow:
    section: str  # the key
    language: str
    comment: int
    quote: str
    text: str
    author: str
    suggestion: str
    status: str
    disposition: str
    resolved_by: str
    note: str
    replies: tuple[str, ...]
    section_number: int = 0  # its place in the outline, as the paper numbers it
    section_title: str = ""  # in the comment's language (else the source language)

    @property
    def section_heading(self) -> str:
        """The section as readers know it: "2. Prevention", not its key."""
        return (
            f"{self.section_number}. {self.section_title}" if self.section_number else self.section
        )


async def disposition_record(uow: UnitOfWork, slug: str, user: str) -> list[DispositionRow]:
    """Every thread of the paper in outline order, with its replies and how it ended."""
    paper = await load_paper(uow, slug, user)
    outline = {s.key: (n, s) for n, s in enumerate(await uow.sections.list(paper), start=1)}
    found = await uow.comments.for_paper(paper)
    replies = replies_by_thread(comment for _key, _lang, comment in found)
    rows = []
    for key, language, comment in found:
        if comment.parent is not None:
            continue
        assert comment.id is not None
        rows.append(
            DispositionRow(
                section=key,
                language=language,
                comment=comment.id,
                quote=comment.quote.exact if comment.quote else "",
                text=comment.body,
                author=comment.author,
                suggestion=comment.replacement or "",
                status=comment.status.value,
                disposition=comment.disposition.value if comment.disposition else "open",
                resolved_by=comment.resolved_by or "",
                note=comment.disposition_note or "",
                replies=tuple(f"{r.author}: {r.body}" for r in replies.get(comment.id, [])),
                section_number=outline[key][0] if key in outline else 0,
                section_title=_title(outline[key][1].titles, language, paper.source_language)
                if key in outline
                else "",
            )
        )
    return rows


def _title(titles: dict[str, str], language: str, source: str) -> str:
    return titles.get(language) or titles.get(source) or ""
