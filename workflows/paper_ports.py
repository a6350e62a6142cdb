"""The ports of papers and their outlines of sections."""

from __future__ import annotations

from typing import Protocol

from drafts.model import Paper, Section


class PaperRepository(Protocol):
    async def get(self, slug: str) -> Paper | None: ...
    async def add(self, paper: Paper) -> Paper: ...
    async def set_member(
        self,
        paper: Paper,
        user: str,
        roles: frozenset[str],
        languages: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Give `user` exactly `roles`, each limited to the `languages` named for it."""
        ...

    async def set_bibliography(self, paper: Paper, bibliography: str | None) -> None: ...
    async def update(self, paper: Paper) -> None:
        """Store what may change of a paper: its cover values (titles, symbol, forum,
        forums, date), languages, approval policy and how drafts show untranslated text."""
        ...

    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]: ...


class SectionRepository(Protocol):
    async def page(self, paper: Paper, after: int, limit: int) -> list[Section]:
        """The outline's sections placed after position `after`, in order, at most
        `limit` of them."""
        ...

    async def list(self, paper: Paper, *, include_retired: bool = False) -> list[Section]:
        """The outline in order: the sections in it, and with `include_retired` also those
        retired from it."""
        ...

    async def get(self, paper: Paper, key: str) -> Section | None: ...
    async def add(self, paper: Paper, section: Section) -> Section: ...
    async def update(self, paper: Paper, section: Section) -> None: ...
