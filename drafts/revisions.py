"""How a save becomes a revision: fast-forward, clean merge, or conflict."""

from __future__ import annotations

from datetime import datetime

from drafts.errors import BaseRevisionRequired, InvalidRequest, RevisionConflict
from drafts.merge import merge3
from drafts.model import Revision
from drafts.text import content_hash


def next_revision(
    *,
    head: Revision | None,
    base: Revision | None,
    requested_base: int | None,
    body: str,
    author: str,
    now: datetime,
    source_revision: int | None = None,
    suggested_by: str | None = None,
    language: str | None = None,
) -> Revision | None:
    """The revision a save creates, or None when it would not change the current text.

    `head` is the latest revision, `base` the one the author started from (looked up from
    `requested_base`). A stale base is merged three-way with everything saved since
    (down to sentences of `language`); overlapping edits raise RevisionConflict carrying
    every conflicting hunk.
    """
    if head is None:
        if requested_base is not None:
            raise InvalidRequest(f"base revision {requested_base} does not exist")
        return Revision(
            number=1,
            body=body,
            content_hash=content_hash(body),
            author=author,
            created_at=now,
            source_revision=source_revision,
            suggested_by=suggested_by,
        )
    if requested_base is None:
        raise BaseRevisionRequired(
            f"revision {head.number} exists: name it as base_revision (or If-Match) so that "
            "edits made since are never overwritten",
            current_revision=head.number,
        )
    if base is None or base.number > head.number:
        raise InvalidRequest(f"base revision {requested_base} does not exist")

    merged = False
    text = body
    if base.number != head.number:
        result = merge3(base.body, head.body, body, language)
        if result.text is None:
            raise RevisionConflict(
                f"your edits based on revision {base.number} overlap edits saved since, "
                f"up to revision {head.number}",
                base_revision=base.number,
                current_revision=head.number,
                conflicts=[
                    {
                        "base_start_line": hunk.base_start + 1,
                        "base": list(hunk.base),
                        "current": list(hunk.current),
                        "proposed": list(hunk.proposed),
                    }
                    for hunk in result.conflicts
                ],
            )
        text, merged = result.text, True

    if text == head.body and source_revision == head.source_revision:
        return None
    return Revision(
        number=head.number + 1,
        body=text,
        content_hash=content_hash(text),
        author=author,
        created_at=now,
        parent=head.number,
        base=base.number,
        merged=merged,
        source_revision=source_revision,
        suggested_by=suggested_by,
    )
