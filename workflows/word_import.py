"""A section's text coming in from Word, and review copies coming back.

A section import is a save like a typed one (the same base rules, merge, conflicts and
authorization), whose file may also carry review: its tracked changes become
suggestions (or, with `changes="accept"`, part of the text), its comments threads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from drafts.access import Action, authorize
from drafts.commands import SaveRevision, StoreImage
from drafts.comment_events import WordFileImported
from drafts.comments import Comment
from drafts.errors import BaseRevisionRequired, InvalidRequest, TooLarge
from drafts.events import TextRef
from drafts.images import UnsupportedImage, inspect_image
from drafts.model import Revision, Track, User
from drafts.text import normalize_body
from drafts.word import bookmark_key, with_image_names, without_own_heading
from workflows.drafting import Saved, get_revision, load_track, save_revision
from workflows.images import store_image
from workflows.papers import load_paper
from workflows.ports import UnitOfWork
from workflows.word_files import Dropped, ReviewCopyFile, WordComment, WordFile
from workflows.word_review import (
    Outcome,
    Reviewing,
    add_comments,
    add_suggestions,
    all_prints,
)

Changes = Literal["suggest", "accept"]
# More marks than any reviewer writes on one text: a file past it is refused whole.
MAX_MARKS = 2000


def _check_marks(count: int) -> None:
    if count > MAX_MARKS:
        raise InvalidRequest(
            f"the file holds {count} comments and tracked changes; at most {MAX_MARKS} "
            "are taken from one file"
        )


@dataclass(frozen=True, kw_only=True)
class ImportWordFile:
    actor: str
    paper: str
    section: str
    language: str
    file: WordFile
    changes: Changes = "suggest"
    base_revision: int | None = None
    source_revision: int | None = None


@dataclass
class Imported:
    """What a Word file did: the revision it made (or None: the text is unchanged), the
    threads, suggestions and replies it opened, and what it could not keep."""

    saved: Saved | None
    revision: Revision
    outcome: Outcome
    dropped: list[Dropped] = field(default_factory=list)


async def _members(uow: UnitOfWork, names: list[str]) -> list[User]:
    found = [await uow.users.get(name) for name in sorted(names)]
    return [user for user in found if user is not None]


async def _image_names(
    uow: UnitOfWork, cmd: ImportWordFile, dropped: list[Dropped]
) -> tuple[dict[str, str | None], list[tuple[str, bytes]]]:
    """The paper's name for each image of the file (an image it holds already keeps its
    name: images are told apart by their bytes), and the new ones to store."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    by_hash = {image.sha256: image.name for image in await uow.images.list(paper)}
    names: dict[str, str | None] = {}
    new: list[tuple[str, bytes]] = []
    refused = 0
    for image in cmd.file.images:
        try:
            kind = inspect_image(image.data)
        except (UnsupportedImage, TooLarge):
            names[image.target] = None
            refused += 1
            continue
        digest = hashlib.sha256(image.data).hexdigest()
        name = by_hash.get(digest)
        if name is None:
            name = f"word-{digest[:16]}.{kind.extension}"
            by_hash[digest] = name
            new.append((name, image.data))
        names[image.target] = name
    if refused:
        dropped.append(
            Dropped("image", refused, "images Accord cannot print were replaced by their caption")
        )
    return names, new


async def import_section(cmd: ImportWordFile, uow: UnitOfWork, *, max_body_bytes: int) -> Imported:
    """Save the file's text through the typed save path and open its review marks."""
    if cmd.changes not in ("suggest", "accept"):
        raise InvalidRequest("changes must be 'suggest' or 'accept'")
    _check_marks(len(cmd.file.comments) + len(cmd.file.changes))
    view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True)
    authorize(view.paper, cmd.actor, Action.COMMENT)
    if cmd.changes == "accept":
        # Accepting changes writes the text: only those who may edit it.
        authorize(
            view.paper, cmd.actor, Action.EDIT_TEXT, section=view.section, language=cmd.language
        )
    dropped = list(cmd.file.dropped)
    titles = [view.section.titles.get(cmd.language, ""), *view.section.titles.values()]
    names, new_images = await _image_names(uow, cmd, dropped)
    body = with_image_names(without_own_heading(cmd.file.markdown, titles), names)
    body = normalize_body(body, max_bytes=max_body_bytes)

    head_number = view.track.head
    if head_number and cmd.base_revision is None:
        raise BaseRevisionRequired(
            f"revision {head_number} exists: name it as base_revision (or If-Match) so that "
            "edits made since are never overwritten",
            current_revision=head_number,
        )
    base = None
    if cmd.base_revision is not None:
        if not 1 <= cmd.base_revision <= head_number:
            raise InvalidRequest(f"base revision {cmd.base_revision} does not exist")
        base = await get_revision(uow, view, cmd.base_revision)

    saved: Saved | None = None
    if base is None or body != base.body:
        for name, data in new_images:
            await store_image(
                StoreImage(actor=cmd.actor, paper=cmd.paper, name=name, data=data), uow
            )
        saved = await save_revision(
            SaveRevision(
                actor=cmd.actor,
                paper=cmd.paper,
                section=cmd.section,
                language=cmd.language,
                body=body,
                base_revision=cmd.base_revision,
                source_revision=cmd.source_revision,
            ),
            uow,
            max_body_bytes=max_body_bytes,
        )
        view = await load_track(uow, cmd.paper, cmd.section, cmd.language, cmd.actor)
        on = saved.revision
    else:
        on = base
    head = await get_revision(uow, view, view.track.head)
    where: TextRef = {
        "paper": view.paper.slug,
        "section": view.section.key,
        "language": cmd.language,
    }
    reviewing = Reviewing(
        uow=uow,
        paper=view.paper,
        where=where,
        track=view.track,
        on=on,
        head=head,
        actor=cmd.actor,
        members=await _members(uow, list(view.paper.members)),
    )
    text_view = "accepted" if cmd.changes == "accept" else "rejected"
    comments = list(cmd.file.comments)
    changes = [] if cmd.changes == "accept" else list(cmd.file.changes)
    await reviewing.load_known(all_prints(comments, changes, text_view))
    await add_comments(reviewing, comments, text_view, {})
    await add_suggestions(reviewing, changes)
    outcome = reviewing.outcome
    made = saved.revision.number if saved and saved.created else None
    if made is not None or outcome.threads or outcome.suggestions or outcome.replies:
        uow.record(
            WordFileImported(
                actor=cmd.actor,
                **where,
                sha256=cmd.file.sha256,
                kind="section",
                revision=made,
                threads=len(outcome.threads),
                suggestions=len(outcome.suggestions),
                replies=len(outcome.replies),
            )
        )
    return Imported(saved=saved, revision=head, outcome=outcome, dropped=dropped)


@dataclass(frozen=True, kw_only=True)
class ReturnReviewCopy:
    actor: str
    paper: str
    language: str
    file: ReviewCopyFile


async def return_review_copy(cmd: ReturnReviewCopy, uow: UnitOfWork) -> Outcome:
    """A review copy back from its reader: replies join the threads the copy carried,
    new comments open threads and tracked changes become suggestions, on the text as it
    is now; anything already brought in by an earlier upload is left as it is."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    paper.require_language(cmd.language)
    authorize(paper, cmd.actor, Action.COMMENT)
    _check_marks(len(cmd.file.comments) + len(cmd.file.changes))
    sections = {bookmark_key(s.key): s for s in await uow.sections.list(paper)}
    members = await _members(uow, list(paper.members))
    total = Outcome()
    for comment in cmd.file.comments:
        if comment.section is None and comment.parent is None and comment.mark is None:
            total.unplaced.append(
                f"comment \u201c{comment.body[:60]}\u201d stands outside the sections' text "
                "(on the cover or contents): it was not taken"
            )
    for bookmark in cmd.file.sections:
        section = sections.get(bookmark)
        if section is None:
            continue
        comments = [c for c in cmd.file.comments if c.section == bookmark]
        keys = {c.key for c in comments}
        # A reply written in Word stands where its thread does; keep those whose thread
        # is in this section even when Word put the reply's range elsewhere.
        comments += [c for c in cmd.file.comments if c.section is None and c.parent in keys]
        changes = [c for c in cmd.file.changes if c.section == bookmark]
        if not comments and not changes:
            continue
        track = await uow.tracks.get(section, cmd.language, lock=True)
        if track is None or not track.head:
            continue
        head = await uow.revisions.get(track, track.head)
        assert head is not None
        existing = await _carried(uow, track, comments)
        reviewing = Reviewing(
            uow=uow,
            paper=paper,
            where={"paper": paper.slug, "section": section.key, "language": cmd.language},
            track=track,
            on=head,
            head=head,
            actor=cmd.actor,
            members=members,
        )
        await reviewing.load_known(all_prints(comments, changes, "rejected"))
        await add_comments(reviewing, comments, "rejected", existing)
        await add_suggestions(reviewing, changes)
        total.add(reviewing.outcome)
    if total.threads or total.suggestions or total.replies:
        uow.record(
            WordFileImported(
                actor=cmd.actor,
                paper=paper.slug,
                language=cmd.language,
                sha256=cmd.file.sha256,
                kind="review-copy",
                threads=len(total.threads),
                suggestions=len(total.suggestions),
                replies=len(total.replies),
            )
        )
    return total


async def _carried(
    uow: UnitOfWork, track: Track, comments: list[WordComment]
) -> dict[str, Comment]:
    """The threads the copy carried, by the Word key of their comment: a reply written
    in Word to any comment of a thread is a reply to that thread."""
    carried: dict[str, Comment] = {}
    for comment in comments:
        if comment.mark is None:
            continue
        kind, number = comment.mark
        found = await uow.comments.get(track, number)
        if found is None:
            continue  # a mark of another text (or made up): not this text's thread
        if kind == "comment" and found.parent is not None:
            found = await uow.comments.get(track, found.parent) or found
        if found.parent is None:
            carried[comment.key] = found
    return carried
