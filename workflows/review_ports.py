"""The ports of review: comment threads and suggestions, and reviewers' decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from drafts.comments import Comment
from drafts.model import Paper, Track
from drafts.review import Review


class CommentRepository(Protocol):
    async def add(self, track: Track, comment: Comment) -> Comment: ...
    async def get(self, track: Track, comment_id: int) -> Comment | None: ...
    async def update(self, comment: Comment) -> None: ...
    async def open_threads(self, track: Track) -> list[Comment]: ...
    async def find(
        self, track: Track, status: str | None, revision: int | None, after: int, limit: int
    ) -> list[Comment]: ...
    async def open_counts(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]: ...
    async def replies_after(self, thread: int, after: int) -> int:
        """How many replies the thread `thread` has that came after comment `after`."""
        ...

    async def for_paper(self, paper: Paper) -> list[tuple[str, str, Comment]]: ...


class ReviewRepository(Protocol):
    async def add(self, track: Track, review: Review) -> None: ...
    async def for_revision(self, track: Track, revision: int) -> list[Review]:
        """The reviews of that revision that are not void, oldest first."""
        ...

    async def void(self, track: Track) -> int: ...
    async def approvals(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """Who approved the current revision of each (section, language), not void."""
        ...
