"""The ports of texts: each section's track per language and its revisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from drafts.model import Paper, Revision, Section, Track


@dataclass(frozen=True)
class HeadSummary:
    """The current revision of a text, without its body, for overviews."""

    number: int
    content_hash: str
    author: str
    created_at: datetime
    source_revision: int | None
    # The practices its text cites, in the order first cited (`cited_keys`), as recorded
    # when it was saved: an overview never reads bodies to find them.
    cited: tuple[str, ...] = ()


class TrackRepository(Protocol):
    async def get(self, section: Section, language: str, *, lock: bool = False) -> Track | None:
        """The track; with `lock`, held until commit so concurrent saves take turns."""
        ...

    async def add(self, section: Section, track: Track) -> Track: ...
    async def update(self, track: Track) -> None: ...
    async def remove(self, track: Track) -> None:
        """Delete a track that has no revision (its language is being retired)."""
        ...

    async def for_paper(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> list[Track]: ...


class RevisionRepository(Protocol):
    async def get(self, track: Track, number: int) -> Revision | None: ...
    async def add(self, track: Track, revision: Revision) -> None: ...
    async def page(self, track: Track, after: int, limit: int) -> list[Revision]: ...
    async def heads(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], HeadSummary]: ...
    async def bodies(
        self, paper: Paper, language: str, wanted: list[tuple[str, int]]
    ) -> dict[str, tuple[int, str, str]]: ...
    async def lengths(self, paper: Paper, wanted: list[tuple[str, str, int]]) -> dict[str, int]:
        """Characters of text per language over (section, language, revision) triples."""
        ...

    async def authors_between(self, track: Track, after: int, upto: int) -> set[str]:
        """Who wrote (or proposed text for) revisions `after` < number <= `upto`."""
        ...
