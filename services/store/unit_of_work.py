"""The unit of work: one session, one transaction, and the one place that commits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from drafts.errors import AlreadyExists
from drafts.events import Event
from services.observability.metrics import count_committed
from services.store.comments import SqlComments
from services.store.consequences import SqlConsequences
from services.store.events import SqlEventLog, SqlOutbox, append_events
from services.store.idempotency import SqlIdempotency
from services.store.images import SqlImages
from services.store.notices import SqlNotices
from services.store.outline import SqlSections, SqlTracks
from services.store.papers import SqlPapers
from services.store.people import SqlInvitations, SqlSessions, SqlThrottles
from services.store.practices import SqlPractices
from services.store.publications import SqlPublications
from services.store.reviews import SqlReviews
from services.store.revisions import SqlRevisions
from services.store.save_reads import SqlTextToChange
from services.store.users import SqlUsers
from services.store.webhooks import SqlWebhooks
from services.store.word_marks import SqlWordMarks
from services.store.workers import SqlWorkers

Wake = Callable[[], Awaitable[None]]
log = logging.getLogger(__name__)


class SqlUnitOfWork:
    """Repositories over one session; `commit` writes the recorded events with the state.

    After a commit that recorded events, `wake` tells the relay there is work: only a
    wake-up, so a lost one costs a little latency (the relay also polls), never an event.
    """

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], wake: Wake | None = None
    ) -> None:
        self._sessions = sessions
        self._wake = wake
        self._events: list[Event] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.users = SqlUsers(self.session)
        self.papers = SqlPapers(self.session)
        self.sections = SqlSections(self.session)
        self.tracks = SqlTracks(self.session)
        self.revisions = SqlRevisions(self.session)
        self.texts_to_change = SqlTextToChange(self.session)
        self.comments = SqlComments(self.session)
        self.reviews = SqlReviews(self.session)
        self.publications = SqlPublications(self.session)
        self.images = SqlImages(self.session)
        self.outbox = SqlOutbox(self.session)
        self.events = SqlEventLog(self.session)
        self.idempotency = SqlIdempotency(self.session)
        self.sessions = SqlSessions(self.session)
        self.invitations = SqlInvitations(self.session)
        self.throttles = SqlThrottles(self.session)
        self.consequences = SqlConsequences(self.session)
        self.webhooks = SqlWebhooks(self.session)
        self.notices = SqlNotices(self.session)
        self.workers = SqlWorkers(self.session)
        self.word_marks = SqlWordMarks(self.session)
        self.practices = SqlPractices(self.session)
        self._events = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Whatever was not committed is undone: a refused request writes nothing.
        await self.rollback()
        await self.session.close()

    def record(self, *events: Event) -> None:
        self._events.extend(events)

    @property
    def recorded(self) -> list[Event]:
        return list(self._events)

    async def commit(self) -> None:
        recorded = list(self._events)
        try:
            await append_events(self.session, self._events)
            await self.session.commit()
        except IntegrityError as error:
            await self.rollback()
            # Two requests raced to create the same thing; the loser hears it exists.
            raise AlreadyExists("a concurrent request created the same thing first") from error
        self._events = []
        count_committed(recorded)
        if recorded and self._wake is not None:
            try:
                await self._wake()
            except Exception:
                log.warning("could not wake the relay; it will find the events when it polls")

    async def rollback(self) -> None:
        self._events = []
        await self.session.rollback()


def unit_of_work_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
