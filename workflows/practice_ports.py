"""The ports of the catalogue of practices: what its handlers need from the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from drafts.model import Paper
from drafts.practices import Practice
from workflows.ports import UnitOfWork


@dataclass(frozen=True)
class PracticeFilter:
    """Which practices a list shows; None for a criterion that filters nothing."""

    # The region asked for and every area inside it (`drafts.regions.within`).
    regions: frozenset[str] | None = None
    country: str | None = None
    approach: str | None = None
    actor: str | None = None
    verified: bool | None = None
    # Words found, case-insensitively, in the key, city, or a name or summary in any
    # language.
    text: str | None = None
    retired: bool = False  # whether retired practices are listed too


class PracticeRepository(Protocol):
    async def get(self, paper: Paper, key: str, *, lock: bool = False) -> Practice | None:
        """The practice with every text it has (retired or not)."""
        ...

    async def all_of(self, paper: Paper, *, retired: bool = False) -> list[Practice]:
        """Every practice of the paper with its texts in every language, in key order;
        retired ones only when asked. What a printed annex reads: see
        `Practice.text_in(language)` for each language's words and what falls back."""
        ...

    async def page(
        self, paper: Paper, where: PracticeFilter, after: int, limit: int
    ) -> list[Practice]:
        """Up to `limit` practices matching `where`, with ids above `after`, by id."""
        ...

    async def add(self, paper: Paper, practice: Practice) -> Practice:
        """The practice stored, with its id."""
        ...

    async def add_all(self, paper: Paper, practices: list[Practice]) -> None:
        """Store new practices together (an import's), each given its id."""
        ...

    async def save(self, practice: Practice) -> None:
        """Store the practice's facts, texts, verification and version (it has an id)."""
        ...


class PracticeUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the catalogue of practices."""

    @property
    def practices(self) -> PracticeRepository: ...
