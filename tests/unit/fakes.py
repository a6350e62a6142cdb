"""An in-memory unit of work: the workflows' ports without a database, for fast tests."""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace
from types import TracebackType
from typing import Self

from drafts.events import Event
from drafts.model import Paper, Revision, Role, Section, Track, User
from workflows.ports import LoggedEvent, StoredResponse


class FakeStore:
    """What a database would hold; shared by every FakeUnitOfWork made from it."""

    def __init__(self) -> None:
        self.users: dict[str, tuple[User, set[str]]] = {}
        self.papers: dict[str, Paper] = {}
        self.sections: dict[tuple[str, str], Section] = {}
        self.tracks: dict[tuple[str, str, str], Track] = {}
        self.revisions: dict[tuple[str, str, str], list[Revision]] = {}
        self.log: list[LoggedEvent] = []
        self.idempotency: dict[tuple[str, str], StoredResponse] = {}
        self.ids = itertools.count(1)


class _Repo:
    def __init__(self, store: FakeStore) -> None:
        self.store = store


class FakeUsers(_Repo):
    async def get(self, name: str) -> User | None:
        found = self.store.users.get(name)
        return found[0] if found else None

    async def by_token_hash(self, token_hash: str) -> User | None:
        return next((u for u, hashes in self.store.users.values() if token_hash in hashes), None)

    async def existing(self, names: set[str]) -> set[str]:
        return names & set(self.store.users)

    async def add(self, user: User, token_hash: str) -> User:
        user = replace(user, id=next(self.store.ids))
        self.store.users[user.name] = (user, {token_hash})
        return user

    async def add_token(self, user: User, token_hash: str) -> None:
        self.store.users[user.name][1].add(token_hash)

    async def count(self) -> int:
        return len(self.store.users)


class FakePapers(_Repo):
    async def get(self, slug: str) -> Paper | None:
        return copy.deepcopy(self.store.papers.get(slug))

    async def add(self, paper: Paper) -> Paper:
        paper.id = next(self.store.ids)
        self.store.papers[paper.slug] = copy.deepcopy(paper)
        return paper

    async def set_member(self, paper: Paper, user: str, roles: frozenset[str]) -> None:
        members = self.store.papers[paper.slug].members
        if roles:
            members[user] = frozenset(Role(r) for r in roles)
        else:
            members.pop(user, None)

    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]:
        mine = [p for p in self.store.papers.values() if user in p.members and (p.id or 0) > after]
        return copy.deepcopy(sorted(mine, key=lambda p: p.id or 0)[:limit])


class FakeSections(_Repo):
    async def list(self, paper: Paper) -> list[Section]:
        found = [s for (slug, _), s in self.store.sections.items() if slug == paper.slug]
        return copy.deepcopy(sorted(found, key=lambda s: s.position))

    async def get(self, paper: Paper, key: str) -> Section | None:
        return copy.deepcopy(self.store.sections.get((paper.slug, key)))

    async def add(self, paper: Paper, section: Section) -> Section:
        section.id = next(self.store.ids)
        self.store.sections[(paper.slug, section.key)] = copy.deepcopy(section)
        return section

    async def update(self, paper: Paper, section: Section) -> None:
        self.store.sections[(paper.slug, section.key)] = copy.deepcopy(section)


def _paper_of(store: FakeStore, section: Section) -> str:
    return next(slug for (slug, key), s in store.sections.items() if s.id == section.id)


class FakeTracks(_Repo):
    async def get(self, section: Section, language: str, *, lock: bool = False) -> Track | None:
        key = (_paper_of(self.store, section), section.key, language)
        return copy.deepcopy(self.store.tracks.get(key))

    async def add(self, section: Section, track: Track) -> Track:
        track.id = next(self.store.ids)
        key = (_paper_of(self.store, section), section.key, track.language)
        self.store.tracks[key] = copy.deepcopy(track)
        self.store.revisions[key] = []
        return track

    def _key(self, track: Track) -> tuple[str, str, str]:
        return next(k for k, t in self.store.tracks.items() if t.id == track.id)

    async def update(self, track: Track) -> None:
        self.store.tracks[self._key(track)] = copy.deepcopy(track)

    async def for_paper(self, paper: Paper) -> list[Track]:
        return [
            copy.deepcopy(t) for (slug, _, _), t in self.store.tracks.items() if slug == paper.slug
        ]


class FakeRevisions(_Repo):
    def _list(self, track: Track) -> list[Revision]:
        key = next(k for k, t in self.store.tracks.items() if t.id == track.id)
        return self.store.revisions[key]

    async def get(self, track: Track, number: int) -> Revision | None:
        return next((r for r in self._list(track) if r.number == number), None)

    async def add(self, track: Track, revision: Revision) -> None:
        existing = self._list(track)
        assert all(r.number != revision.number for r in existing), "duplicate revision number"
        existing.append(revision)

    async def list(self, track: Track, after: int, limit: int) -> list[Revision]:
        return [r for r in self._list(track) if r.number > after][:limit]


class FakeEventLog(_Repo):
    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]:
        return [e for e in self.store.log if e.paper == paper and e.seq > after][:limit]


class FakeIdempotency(_Repo):
    async def get(self, user: str, key: str) -> StoredResponse | None:
        return self.store.idempotency.get((user, key))

    async def add(self, user: str, key: str, response: StoredResponse) -> None:
        self.store.idempotency[(user, key)] = response


class FakeUnitOfWork:
    """Commits by appending the recorded events to the store's log; nothing else is undone."""

    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store or FakeStore()
        self.users = FakeUsers(self.store)
        self.papers = FakePapers(self.store)
        self.sections = FakeSections(self.store)
        self.tracks = FakeTracks(self.store)
        self.revisions = FakeRevisions(self.store)
        self.events = FakeEventLog(self.store)
        self.idempotency = FakeIdempotency(self.store)
        self.pending: list[Event] = []
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pending = []

    def record(self, *events: Event) -> None:
        self.pending.extend(events)

    async def commit(self) -> None:
        for e in self.pending:
            self.store.log.append(
                LoggedEvent(
                    len(self.store.log) + 1,
                    e.id,
                    e.name,
                    e.actor,
                    e.paper,
                    e.occurred_at,
                    e.payload(),
                )
            )
        self.pending = []
        self.commits += 1

    async def rollback(self) -> None:
        self.pending = []
