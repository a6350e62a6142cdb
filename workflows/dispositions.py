"""The disposition record: how each comment on a paper was handled."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.comments import replies_by_thread
from workflows.papers import load_paper
from workflows.ports import UnitOfWork


@dataclass(frozen=True)
class DispositionRow:
    section: str
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


async def disposition_record(uow: UnitOfWork, slug: str, user: str) -> list[DispositionRow]:
    """Every thread of the paper in outline order, with its replies and how it ended."""
    paper = await load_paper(uow, slug, user)
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
            )
        )
    return rows
