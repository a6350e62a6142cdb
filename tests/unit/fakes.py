"""An in-memory unit of work: the workflows' ports without a database, for fast tests."""

from __future__ import annotations

import contextlib
import copy
import itertools
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from drafts.comments import Comment
from drafts.events import Event
from drafts.model import Paper, Revision, Role, Section, Track, User
from drafts.people import ApiToken
from drafts.practice_citations import cited_keys
from drafts.review import Review
from workflows.consequence_ports import (
    NOTHING_TO_DO,
    Consequence,
    ConsequenceStatus,
    NewConsequence,
)
from workflows.event_ports import LoggedEvent, OutboxItem
from workflows.idempotency_ports import StoredResponse
from workflows.ports import RenderJob
from workflows.revision_ports import HeadSummary


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
        self.comments: dict[int, tuple[tuple[str, str, str], Comment]] = {}
        self.reviews: dict[tuple[str, str, str], list[Review]] = {}
        self.ids = itertools.count(1)
        self.outbox: list[str] = []  # event ids, oldest first
        self.consequences: dict[int, Consequence] = {}
        # The papers that have a webhook endpoint (only whether they have one is kept).
        self.webhook_papers: set[str] = set()


class _Repo:
    def __init__(self, store: FakeStore) -> None:
        self.store = store


class FakeUsers(_Repo):
    async def get(self, name: str) -> User | None:
        found = self.store.users.get(name)
        return found[0] if found else None

    async def by_token_hash(self, token_hash: str) -> tuple[User, ApiToken] | None:
        found = next((u for u, hashes in self.store.users.values() if token_hash in hashes), None)
        if found is None:
            return None
        return found, ApiToken(id=1, user=found.name, name="", created_at=datetime.now(UTC))

    async def existing(self, names: set[str]) -> set[str]:
        return names & set(self.store.users)

    async def add(self, user: User, token_hash: str) -> User:
        user = replace(user, id=next(self.store.ids))
        self.store.users[user.name] = (user, {token_hash})
        return user

    async def add_token(
        self, user: User, token_hash: str, *, name: str = "", expires_at: datetime | None = None
    ) -> ApiToken:
        self.store.users[user.name][1].add(token_hash)
        return ApiToken(
            id=next(self.store.ids),
            user=user.name,
            name=name,
            created_at=datetime.now(UTC),
            expires_at=expires_at,
        )

    async def revoke_tokens(self, user: User) -> int:
        hashes = self.store.users[user.name][1]
        revoked = len(hashes)
        hashes.clear()
        return revoked

    async def count(self) -> int:
        return len(self.store.users)


class FakePapers(_Repo):
    async def get(self, slug: str) -> Paper | None:
        return copy.deepcopy(self.store.papers.get(slug))

    async def add(self, paper: Paper) -> Paper:
        paper.id = next(self.store.ids)
        self.store.papers[paper.slug] = copy.deepcopy(paper)
        return paper

    async def set_member(
        self,
        paper: Paper,
        user: str,
        roles: frozenset[str],
        languages: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        stored = self.store.papers[paper.slug]
        stored.member_languages.pop(user, None)
        if roles:
            stored.members[user] = frozenset(Role(r) for r in roles)
            if languages:
                stored.member_languages[user] = {Role(r): tuple(v) for r, v in languages.items()}
        else:
            stored.members.pop(user, None)

    async def set_bibliography(self, paper: Paper, bibliography: str | None) -> None:
        self.store.papers[paper.slug].bibliography = bibliography

    async def update(self, paper: Paper) -> None:
        stored = self.store.papers[paper.slug]
        for name in (
            "titles",
            "symbol",
            "forum",
            "forums",
            "date",
            "languages",
            "approvals_required",
            "secretariat_approval_required",
            "untranslated",
        ):
            setattr(stored, name, copy.deepcopy(getattr(paper, name)))

    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]:
        mine = [p for p in self.store.papers.values() if user in p.members and (p.id or 0) > after]
        return copy.deepcopy(sorted(mine, key=lambda p: p.id or 0)[:limit])


class FakeSections(_Repo):
    async def list(self, paper: Paper, *, include_retired: bool = False) -> list[Section]:
        found = [
            s
            for (slug, _), s in self.store.sections.items()
            if slug == paper.slug and (include_retired or not s.retired)
        ]
        return copy.deepcopy(sorted(found, key=lambda s: s.position))

    async def page(self, paper: Paper, after: int, limit: int) -> list[Section]:
        return [s for s in await self.list(paper) if s.position > after][:limit]

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

    async def remove(self, track: Track) -> None:
        key = self._key(track)
        del self.store.tracks[key]
        del self.store.revisions[key]

    async def for_paper(self, paper: Paper, sections: Sequence[str] | None = None) -> list[Track]:
        return [
            copy.deepcopy(t)
            for (slug, key, _), t in self.store.tracks.items()
            if slug == paper.slug and (sections is None or key in sections)
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

    async def page(self, track: Track, after: int, limit: int) -> list[Revision]:
        return [r for r in self._list(track) if r.number > after][:limit]

    async def bodies(
        self, paper: Paper, language: str, wanted: list[tuple[str, int]]
    ) -> dict[str, tuple[int, str, str]]:
        out = {}
        for key, number in wanted:
            r = self.store.revisions[(paper.slug, key, language)][number - 1]
            out[key] = (r.number, r.content_hash, r.body)
        return out

    async def lengths(self, paper: Paper, wanted: list[tuple[str, str, int]]) -> dict[str, int]:
        totals: dict[str, int] = {}
        for key, lang, number in wanted:
            body = self.store.revisions[(paper.slug, key, lang)][number - 1].body
            totals[lang] = totals.get(lang, 0) + len(body)
        return totals

    async def authors_between(self, track: Track, after: int, upto: int) -> set[str]:
        return {name for r in self._list(track) if after < r.number <= upto for name in r.authors}

    async def heads(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], HeadSummary]:
        out: dict[tuple[str, str], HeadSummary] = {}
        for (slug, key, lang), track in self.store.tracks.items():
            if sections is not None and key not in sections:
                continue
            if slug == paper.slug and track.head:
                r = self.store.revisions[(slug, key, lang)][track.head - 1]
                out[(key, lang)] = HeadSummary(
                    r.number,
                    r.content_hash,
                    r.author,
                    r.created_at,
                    r.source_revision,
                    cited_keys(r.body),
                )
        return out


def _track_key(store: FakeStore, track: Track) -> tuple[str, str, str]:
    return next(k for k, t in store.tracks.items() if t.id == track.id)


class FakeComments(_Repo):
    def __init__(self, store: FakeStore) -> None:
        super().__init__(store)
        self.rows: dict[int, tuple[tuple[str, str, str], Comment]] = store.comments

    async def add(self, track: Track, comment: Comment) -> Comment:
        comment.id = next(self.store.ids)
        self.rows[comment.id] = (_track_key(self.store, track), copy.deepcopy(comment))
        return comment

    async def get(self, track: Track, comment_id: int) -> Comment | None:
        found = self.rows.get(comment_id)
        if found is None or found[0] != _track_key(self.store, track):
            return None
        return copy.deepcopy(found[1])

    async def update(self, comment: Comment) -> None:
        assert comment.id is not None
        key, _ = self.rows[comment.id]
        self.rows[comment.id] = (key, copy.deepcopy(comment))

    def _of(self, track: Track) -> list[Comment]:
        key = _track_key(self.store, track)
        return [copy.deepcopy(c) for k, c in self.rows.values() if k == key]

    async def open_threads(self, track: Track) -> list[Comment]:
        return [c for c in self._of(track) if c.parent is None and c.status == "open"]

    async def find(
        self, track: Track, status: str | None, revision: int | None, after: int, limit: int
    ) -> list[Comment]:
        found = [
            c
            for c in self._of(track)
            if (status is None or c.status == status)
            and (revision is None or c.revision == revision)
            and (c.id or 0) > after
        ]
        return found[:limit]

    async def open_counts(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for (slug, key, lang), c in self.rows.values():
            if sections is not None and key not in sections:
                continue
            if slug == paper.slug and c.parent is None and c.status == "open":
                counts[(key, lang)] = counts.get((key, lang), 0) + 1
        return counts

    async def replies_after(self, thread: int, after: int) -> int:
        return sum(c.parent == thread and (c.id or 0) > after for _, c in self.rows.values())

    async def for_paper(self, paper: Paper) -> list[tuple[str, str, Comment]]:
        return [
            (key, lang, copy.deepcopy(c))
            for (slug, key, lang), c in self.rows.values()
            if slug == paper.slug
        ]


class FakeReviews(_Repo):
    async def add(self, track: Track, review: Review) -> None:
        self.store.reviews.setdefault(_track_key(self.store, track), []).append(review)

    async def for_revision(self, track: Track, revision: int) -> list[Review]:
        found = self.store.reviews.get(_track_key(self.store, track), [])
        return [r for r in found if r.revision == revision and not r.voided]

    async def void(self, track: Track) -> int:
        key = _track_key(self.store, track)
        found = self.store.reviews.get(key, [])
        self.store.reviews[key] = [replace(r, voided=True) for r in found]
        return sum(not r.voided for r in found)

    async def approvals(
        self, paper: Paper, sections: Sequence[str] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = {}
        for (slug, key, lang), reviews in self.store.reviews.items():
            if sections is not None and key not in sections:
                continue
            head = self.store.tracks[(slug, key, lang)].head
            names = [
                r.reviewer
                for r in reviews
                if slug == paper.slug
                and r.revision == head
                and not r.voided
                and r.decision == "approve"
            ]
            if names:
                out[(key, lang)] = list(dict.fromkeys(names))
        return out


class FakeEventLog(_Repo):
    async def list(self, paper: str, after: int, limit: int) -> list[LoggedEvent]:
        return [e for e in self.store.log if e.paper == paper and e.seq > after][:limit]

    async def latest(self, paper: str) -> int:
        return max((e.seq for e in self.store.log if e.paper == paper), default=0)

    async def get(self, event_id: str) -> LoggedEvent | None:
        return next((e for e in self.store.log if e.id == event_id), None)


class FakeOutbox(_Repo):
    async def claim(self, limit: int) -> list[OutboxItem]:
        by_id = {e.id: e for e in self.store.log}
        return [
            OutboxItem(i, by_id[i].name, by_id[i].paper, by_id[i].payload)
            for i in self.store.outbox[:limit]
        ]

    async def done(self, event_ids: list[str]) -> None:
        self.store.outbox = [i for i in self.store.outbox if i not in event_ids]

    async def waiting(self) -> int:
        return len(self.store.outbox)


class FakeConsequences(_Repo):
    """Writes at once (no rollback): tests of the dispatcher look at what each step left."""

    async def add(self, consequences: Sequence[NewConsequence], now: datetime) -> None:
        taken = {(c.event_id, c.handler) for c in self.store.consequences.values()}
        for c in consequences:
            if (c.event_id, c.handler) not in taken:
                n = next(self.store.ids)
                status = ConsequenceStatus.DONE if c.nothing_to_do else ConsequenceStatus.PENDING
                self.store.consequences[n] = Consequence(
                    n,
                    c.event_id,
                    c.event_name,
                    c.paper,
                    c.handler,
                    status,
                    0,
                    now,
                    now,
                    finished_at=now if c.nothing_to_do else None,
                    outcome=NOTHING_TO_DO if c.nothing_to_do else None,
                )

    async def get(self, consequence_id: int, *, lock: bool = False) -> Consequence | None:
        found = self.store.consequences.get(consequence_id)
        return copy.copy(found) if found else None

    async def update(self, consequence: Consequence) -> None:
        self.store.consequences[consequence.id] = copy.copy(consequence)

    async def claim_due(
        self, now: datetime, queued_before: datetime, limit: int
    ) -> list[Consequence]:
        due = [
            copy.copy(c)
            for c in self.store.consequences.values()
            if c.status in (ConsequenceStatus.PENDING, ConsequenceStatus.RUNNING)
            and c.available_at <= now
            and (c.queued_at is None or c.queued_at < queued_before)
        ]
        return sorted(due, key=lambda c: (c.available_at, c.id))[:limit]

    async def page(
        self, status: ConsequenceStatus | None, handler: str | None, after: int, limit: int
    ) -> list[Consequence]:
        return [
            copy.copy(c)
            for n, c in sorted(self.store.consequences.items())
            if n > after and status in (None, c.status) and handler in (None, c.handler)
        ][:limit]

    async def counts(self) -> dict[tuple[str, ConsequenceStatus], int]:
        counts: dict[tuple[str, ConsequenceStatus], int] = {}
        for c in self.store.consequences.values():
            counts[(c.handler, c.status)] = counts.get((c.handler, c.status), 0) + 1
        return counts


class FakeWebhooks(_Repo):
    async def papers_with_endpoints(self, slugs: Collection[str]) -> set[str]:
        return self.store.webhook_papers & set(slugs)


class FakeIdempotency(_Repo):
    async def get(self, user: str, key: str) -> StoredResponse | None:
        return self.store.idempotency.get((user, key))

    async def add(self, user: str, key: str, response: StoredResponse) -> None:
        self.store.idempotency[(user, key)] = response


class FakeTextToChange(_Repo):
    async def read(self, slug: str, key: str, language: str) -> None:
        # Never found together: the workflows then read paper, section and track apart.
        return None

    async def write(self, track: Track, revision: Revision) -> list[Comment]:
        await FakeRevisions(self.store).add(track, revision)
        await FakeTracks(self.store).update(track)
        return await FakeComments(self.store).open_threads(track)


class FakeUnitOfWork:
    """Commits by appending the recorded events to the store's log; nothing else is undone."""

    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store or FakeStore()
        self.users = FakeUsers(self.store)
        self.papers = FakePapers(self.store)
        self.sections = FakeSections(self.store)
        self.tracks = FakeTracks(self.store)
        self.texts_to_change = FakeTextToChange(self.store)
        self.revisions = FakeRevisions(self.store)
        self.comments = FakeComments(self.store)
        self.reviews = FakeReviews(self.store)
        self.events = FakeEventLog(self.store)
        self.idempotency = FakeIdempotency(self.store)
        self.outbox = FakeOutbox(self.store)
        self.consequences = FakeConsequences(self.store)
        self.webhooks = FakeWebhooks(self.store)
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
            self.store.outbox.append(e.id)
        self.pending = []
        self.commits += 1

    async def rollback(self) -> None:
        self.pending = []


class FakeAdapters:
    """The handlers' adapters over a fake store: transactions commit at the block's end,
    as the job wrapper's do; renders are only written down."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.renders: list[RenderJob] = []

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[FakeUnitOfWork]:
        async with FakeUnitOfWork(self.store) as uow:
            yield uow
            await uow.commit()

    async def queue_render(self, job: RenderJob) -> None:
        self.renders.append(job)
