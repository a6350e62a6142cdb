"""The port of what a save reads and writes, in as few round trips as the store can."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from drafts.comments import Comment
from drafts.model import Paper, Revision, Section, Track


@dataclass(frozen=True)
class TextToChange:
    """A paper (with its members), one of its sections and the track a save changes,
    locked until commit; `head` is the track's current revision when it came along
    (None: none yet, or not read with it: the caller reads it then)."""

    paper: Paper
    section: Section
    track: Track
    head: Revision | None


class TextsToChange(Protocol):
    async def read(self, slug: str, key: str, language: str) -> TextToChange | None:
        """The text to change, read together; None when the paper, section or track is
        missing (the caller then reads them one by one to say which)."""
        ...

    async def write(self, track: Track, revision: Revision) -> list[Comment]:
        """Add `revision` to the locked track and write the track's state, head and
        approved revision as they are now, together; the track's open threads then
        (oldest first), for the new text to re-anchor."""
        ...
