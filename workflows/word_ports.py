"""The port of the marks Word copies carry, to know a comment already imported."""

from __future__ import annotations

from typing import Protocol

from drafts.model import Track


class WordMarkRepository(Protocol):
    """What Word files brought in, by fingerprint, so that nothing comes in twice."""

    async def known(self, track: Track, fingerprints: list[str]) -> dict[str, int]:
        """The comment each of these fingerprints became on the text, for those known."""
        ...

    async def add(self, track: Track, fingerprint: str, comment: int) -> None: ...
