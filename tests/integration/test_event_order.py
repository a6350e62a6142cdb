"""A paper's log is numbered in the order its transactions commit, on both databases.

Readers follow the log by number ("after 41"): were a lower number to become visible after
a higher one, a follower would skip it for good. PostgreSQL numbers a transaction's events
inside its COMMIT, under the paper's lock; SQLite writes one transaction at a time.
"""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import func, select

from drafts.events import BibliographyChanged, Event
from services.bootstrap import Accord
from services.store.events import append_events
from services.store.tables import EventRow

WRITERS = 16
COMMITS = 10


async def test_a_later_commit_never_takes_an_earlier_number(accord: Accord) -> None:
    first_event = BibliographyChanged(actor="sec", paper="habitat", entries=1)
    second_event = BibliographyChanged(actor="sec", paper="habitat", entries=2)
    committed: list[str] = []
    async with accord.uow() as first:
        # Written, not committed: what a transaction is just before its COMMIT.
        await append_events(first.session, [first_event])
        await first.session.flush()

        async def second_commits() -> None:
            async with accord.uow() as second:
                second.record(second_event)
                await second.commit()
                committed.append(second_event.id)

        other = asyncio.create_task(second_commits())
        # SQLite's writer lock keeps the second waiting; PostgreSQL lets it commit first.
        await asyncio.wait([other], timeout=0.5)
        await first.session.commit()
        committed.append(first_event.id)
        await asyncio.wait_for(other, 10)

    async with accord.uow() as uow:
        log = await uow.events.list("habitat", 0, 10)
    assert [e.id for e in log] == committed
    assert log[0].seq < log[1].seq


async def test_a_follower_of_the_log_misses_nothing_under_concurrent_commits(
    accord: Accord,
) -> None:
    """Writers commit events of one paper (and some of another, in either order) at once,
    each waiting a while between writing and committing; a follower reading "after the
    last number I saw" all the while must end up with every event, in commit order."""
    committed: list[str] = []
    rng = random.Random(15)

    async def writer(n: int) -> None:
        for i in range(COMMITS):
            async with accord.uow() as uow:
                events: list[Event] = [
                    BibliographyChanged(actor="sec", paper="habitat", entries=n * 100 + i)
                ]
                if i % 3 == 0:
                    # Two logs in one transaction, in either order: no deadlock.
                    other = BibliographyChanged(actor="sec", paper="quito", entries=n)
                    events = [other, *events] if n % 2 else [*events, other]
                uow.record(*events)
                await uow.session.flush()
                await asyncio.sleep(rng.random() * 0.02)
                await uow.commit()
                committed.extend(e.id for e in events if e.paper == "habitat")

    seen: list[str] = []
    numbers: list[int] = []
    done = asyncio.Event()

    async def follower() -> None:
        after = 0
        while True:
            finished = done.is_set()
            async with accord.uow() as uow:
                page = await uow.events.list("habitat", after, 500)
            seen.extend(e.id for e in page)
            numbers.extend(e.seq for e in page)
            if page:
                after = page[-1].seq
            if finished and not page:
                return
            await asyncio.sleep(0.001)

    following = asyncio.create_task(follower())
    await asyncio.gather(*(writer(n) for n in range(WRITERS)))
    done.set()
    await asyncio.wait_for(following, 30)

    assert len(committed) == WRITERS * COMMITS
    # Every event, once: the order a writer hears of its commit is not the database's.
    assert set(seen) == set(committed)
    assert len(seen) == len(set(seen))
    assert numbers == sorted(numbers)
    async with accord.uow() as uow:
        smallest = await uow.session.scalar(select(func.min(EventRow.seq)))
    assert smallest is not None and smallest > 0, "no event kept a provisional number"
