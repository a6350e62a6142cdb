"""A review copy: the paper as it stands now in one language, with its open comments in
the margin, for reviewers who read and annotate in a word processor.

It is made from the current revisions, not a frozen version, and is not kept: each
download is made anew.
"""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.comments import Comment, CommentStatus, replies_by_thread
from drafts.errors import NotFound
from drafts.practice_citations import citations_in
from drafts.publications import ManifestEntry, Publication, PublicationKind
from workflows.editions import load_edition
from workflows.papers import load_paper
from workflows.practice_citations import (
    catalogue,
    manifest_texts,
    practices_snapshot,
)
from workflows.practice_ports import PracticeUnitOfWork
from workflows.rendering import Edition, ReviewNote, ReviewReply
from workflows.versions import paper_snapshot


async def review_copy(
    uow: PracticeUnitOfWork, slug: str, user: str, language: str
) -> tuple[Edition, list[ReviewNote]]:
    """The current text of every section written in `language`, and its open threads;
    any member may have one."""
    paper = await load_paper(uow, slug, user)
    paper.require_language(language)
    heads = await uow.revisions.heads(paper)
    entries = tuple(
        ManifestEntry(
            section=s.key,
            position=s.position,
            language=language,
            revision=head.number,
            content_hash=head.content_hash,
            title=s.titles.get(language) or s.titles[paper.source_language],
        )
        for s in await uow.sections.list(paper)
        if (head := heads.get((s.key, language))) is not None
    )
    if not entries:
        raise NotFound(f"nothing of {paper.slug!r} is written in {language!r} yet")
    # A version that is never stored: the same edition as a draft of this text would be.
    current = Publication(
        version="0.0",
        kind=PublicationKind.DRAFT,
        languages=(language,),
        formats=("docx",),
        manifest=entries,
        requested_by=user,
        created_at=datetime.now(UTC),
        paper=paper_snapshot(paper, await uow.images.list(paper)),
    )
    # The practices the texts cite, as they stand now: the copy shows them as a draft would.
    citations = citations_in(await manifest_texts(uow, paper, entries))
    if frozen := practices_snapshot(citations, await catalogue(uow, paper), (language,)):
        current.paper["practices"] = frozen
    edition = await load_edition(uow, paper, current, language)
    bodies = {s.key: s.body for s in edition.sections}
    numbers = {e.section: e.revision for e in entries}
    threads = [
        (key, comment)
        for key, lang, comment in await uow.comments.for_paper(paper)
        if lang == language and key in bodies
    ]
    return edition, _notes(threads, bodies, numbers)


def _notes(
    threads: list[tuple[str, Comment]], bodies: dict[str, str], numbers: dict[str, int]
) -> list[ReviewNote]:
    replies = replies_by_thread(comment for _key, comment in threads)
    notes = []
    for key, comment in threads:
        if comment.parent is not None or comment.status is not CommentStatus.OPEN:
            continue
        assert comment.id is not None
        # Every save re-anchors the open threads, so the anchor is on the current text.
        anchor = comment.anchor if comment.anchor_revision == numbers[key] else None
        if anchor and anchor.found and anchor.start is not None and anchor.end is not None:
            quote, found = bodies[key][anchor.start : anchor.end], True
        else:
            quote, found = (comment.quote.exact if comment.quote else ""), False
        notes.append(
            ReviewNote(
                section=key,
                quote=quote,
                found=found and bool(quote.strip()),
                author=comment.author,
                written_at=comment.created_at,
                paragraphs=(comment.body,),
                thread=comment.id,
                replacement=comment.replacement,
                replies=tuple(
                    ReviewReply(r.id, r.author, r.created_at, r.body)
                    for r in replies.get(comment.id, [])
                    if r.id is not None
                ),
            )
        )
    return notes
