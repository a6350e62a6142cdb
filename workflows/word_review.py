"""Word comments and tracked changes becoming Accord's review threads and suggestions.

Shared by section imports and returning review copies: a comment is placed on the words
it covers (found in the Markdown through their plain form), credited to the member the
Word author is (else to the uploader, the Word author named), and fingerprinted so that
the same file, or the same comment saved again by Word, comes in once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from drafts.anchoring import TextQuote
from drafts.comment_events import CommentAdded
from drafts.comments import Comment, follow, open_thread, reply
from drafts.errors import DomainError
from drafts.events import TextRef
from drafts.model import Paper, Revision, Track, User
from drafts.plaintext import locate
from drafts.selectors import Selector
from drafts.word import credit
from workflows.ports import UnitOfWork
from workflows.word_files import Quote, WordChange, WordComment

_CONTEXT = 32


@dataclass
class Outcome:
    """What a file added, by kind, and what it could not place."""

    threads: list[Comment] = field(default_factory=list)
    suggestions: list[Comment] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    already_in: int = 0
    credits: dict[str, str] = field(default_factory=dict)  # Word author → member

    def add(self, other: Outcome) -> None:
        self.threads += other.threads
        self.suggestions += other.suggestions
        self.replies += other.replies
        self.unplaced += other.unplaced
        self.already_in += other.already_in
        self.credits.update(other.credits)


@dataclass
class Reviewing:
    """One text receiving a file's marks: where the marks' words are looked for (the
    revision the file's text is) and where threads stand now (the head)."""

    uow: UnitOfWork
    paper: Paper
    where: TextRef
    track: Track
    on: Revision
    head: Revision
    actor: str
    members: list[User]
    outcome: Outcome = field(default_factory=Outcome)
    known: dict[str, int] = field(default_factory=dict)

    async def load_known(self, fingerprints: list[str]) -> None:
        self.known = await self.uow.word_marks.known(self.track, fingerprints)

    def author(self, word_author: str, body: str) -> tuple[str, str]:
        """Who a mark is credited to, and its text (naming the Word author if nobody)."""
        member = credit(word_author, self.members)
        if member is not None:
            self.outcome.credits[word_author] = member.name
            return member.name, body
        if word_author.strip():
            return self.actor, f"{body}\n\n(Word author: {' '.join(word_author.split())})"
        return self.actor, body

    def place(self, quote: Quote | None) -> TextQuote | None:
        if quote is None:
            return None
        body = self.on.body
        found = locate(body, quote.exact, quote.prefix, quote.suffix)
        if found is None:
            return None
        return TextQuote(
            body[found.start : found.end],
            body[max(0, found.start - _CONTEXT) : found.start],
            body[found.end : found.end + _CONTEXT],
            found.start,
        )

    def fallback(self) -> TextQuote | None:
        """The first words of the text: where a comment whose words are not found sits."""
        body = self.on.body
        start = len(body) - len(body.lstrip())
        line = body[start:].split("\n", 1)[0][:60].rstrip()
        return TextQuote(line, "", body[start + len(line) : start + len(line) + _CONTEXT], start)

    async def thread(
        self,
        fingerprint: str,
        word_author: str,
        body: str,
        quote: TextQuote,
        replacement: str | None = None,
    ) -> Comment | None:
        author, text = self.author(word_author, body)
        try:
            comment = open_thread(
                text=self.on.body,
                revision=self.on.number,
                author=author,
                body=text,
                selector=Selector(
                    quote.exact,
                    quote.prefix,
                    quote.suffix,
                    quote.start,
                    quote.start + len(quote.exact),
                ),
                replacement=replacement,
                now=datetime.now(UTC),
            )
        except DomainError as refused:
            self.outcome.unplaced.append(f"{_excerpt(body)}: {refused.detail}")
            return None
        if self.on.number != self.head.number:
            follow(comment, self.head.body, self.head.number)
        return await self._keep(fingerprint, comment)

    async def reply(self, fingerprint: str, parent: Comment, word_author: str, body: str) -> None:
        author, text = self.author(word_author, body)
        try:
            comment = reply(parent, author=author, body=text, now=datetime.now(UTC))
        except DomainError as refused:
            self.outcome.unplaced.append(f"{_excerpt(body)}: {refused.detail}")
            return
        self.outcome.replies.append(await self._keep(fingerprint, comment))

    async def _keep(self, fingerprint: str, comment: Comment) -> Comment:
        comment = await self.uow.comments.add(self.track, comment)
        assert comment.id is not None
        await self.uow.word_marks.add(self.track, fingerprint, comment.id)
        self.known[fingerprint] = comment.id
        self.uow.record(
            CommentAdded(
                actor=self.actor,
                **self.where,
                comment=comment.id,
                revision=comment.revision,
                parent=comment.parent,
                suggestion=comment.is_suggestion,
            )
        )
        return comment


def fingerprint(*parts: object) -> str:
    """The same mark in any copy of the file: its author, time, words and place, not
    Word's ids (Word renumbers them on every save)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode() + b"\0")
    return digest.hexdigest()


def comment_print(comment: WordComment, quote: Quote | None, parent: str = "") -> str:
    return fingerprint(
        "comment",
        comment.author,
        comment.date.isoformat() if comment.date else "",
        comment.body,
        quote.exact if quote else "",
        parent,
    )


def change_print(change: WordChange) -> str:
    return fingerprint(
        "change",
        change.author,
        change.date.isoformat() if change.date else "",
        change.quote.prefix,
        change.quote.exact,
        change.replacement,
    )


def change_text(change: WordChange) -> str:
    """A suggestion's comment, saying what Word showed."""
    if change.deleted.strip() and change.inserted.strip():
        return (
            f"Replace \u201c{change.deleted.strip()}\u201d with "
            f"\u201c{change.inserted.strip()}\u201d (tracked change in Word)."
        )
    if change.deleted.strip():
        return f"Delete \u201c{change.deleted.strip()}\u201d (tracked change in Word)."
    return f"Insert \u201c{change.inserted.strip()}\u201d (tracked change in Word)."


async def add_comments(
    reviewing: Reviewing, comments: list[WordComment], view: str, existing: dict[str, Comment]
) -> None:
    """Threads for the comments that open one, replies for those that answer one;
    `existing` holds, by Word key, the comments the file carried from Accord."""
    by_key = {c.key: c for c in comments}
    threads: dict[str, Comment] = dict(existing)

    def root(comment: WordComment) -> WordComment:
        seen = {comment.key}
        while comment.parent in by_key and comment.parent not in seen:
            comment = by_key[comment.parent]
            seen.add(comment.key)
        return comment

    ordered = sorted(comments, key=lambda c: (root(c).key != c.key, c.date or _EPOCH))
    for comment in ordered:
        if comment.mark is not None or not comment.body.strip():
            continue
        first = root(comment)
        quote = comment.rejected if view == "rejected" else comment.accepted
        if first.key == comment.key:
            mark = comment_print(comment, quote)
            if mark in reviewing.known:
                reviewing.outcome.already_in += 1
                continue
            placed = reviewing.place(quote)
            body = comment.body
            if placed is None:
                placed = reviewing.fallback()
                if quote is not None:
                    reviewing.outcome.unplaced.append(
                        f"comment on \u201c{_excerpt(quote.exact)}\u201d: the words are not in "
                        "the text; it sits on its first words"
                    )
                    body = f"On \u201c{quote.exact.strip()}\u201d: {body}"
            if placed is None or not placed.exact:
                reviewing.outcome.unplaced.append(f"{_excerpt(comment.body)}: the text is empty")
                continue
            made = await reviewing.thread(mark, comment.author, body, placed)
            if made is not None:
                threads[comment.key] = made
                reviewing.outcome.threads.append(made)
            continue
        parent = threads.get(first.key)
        if parent is None and first.key in existing:
            parent = existing[first.key]
        if parent is None:
            parent_print = comment_print(
                first, first.rejected if view == "rejected" else first.accepted
            )
            known = reviewing.known.get(parent_print)
            if known is not None:
                parent = await reviewing.uow.comments.get(reviewing.track, known)
        if parent is None or parent.id is None:
            reviewing.outcome.unplaced.append(f"{_excerpt(comment.body)}: its thread is not known")
            continue
        mark = fingerprint("reply", parent.id, comment.author, comment.date or "", comment.body)
        if mark in reviewing.known or await reviewing.uow.word_marks.known(reviewing.track, [mark]):
            reviewing.outcome.already_in += 1
            continue
        await reviewing.reply(mark, parent, comment.author, comment.body)


async def add_suggestions(reviewing: Reviewing, changes: list[WordChange]) -> None:
    for change in changes:
        if change.replacement == change.quote.exact:
            continue
        mark = change_print(change)
        if mark in reviewing.known:
            reviewing.outcome.already_in += 1
            continue
        placed = reviewing.place(change.quote)
        if placed is None:
            reviewing.outcome.unplaced.append(
                f"tracked change on \u201c{_excerpt(change.quote.exact)}\u201d: the words are "
                "not in the text"
            )
            continue
        replacement = change.replacement
        made = await reviewing.thread(
            mark, change.author, change_text(change), placed, replacement=replacement
        )
        if made is not None:
            reviewing.outcome.suggestions.append(made)


def all_prints(comments: list[WordComment], changes: list[WordChange], view: str) -> list[str]:
    """Every fingerprint a file's marks could have, to look them up at once."""
    prints = [comment_print(c, c.rejected if view == "rejected" else c.accepted) for c in comments]
    return prints + [change_print(c) for c in changes]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"
