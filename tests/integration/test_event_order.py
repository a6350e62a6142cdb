"""A paper's log is numbered in the order its transactions commit, on both databases.

Readers follow the log by number ("after 41"): were a lower number to become visible after
a higher one, a follower would skip it for good. Here one transaction has recorded and
numbered its events but not committed when a second one commits: the second must wait,
and come after.
"""

from __future__ import annotations

import asyncio

from drafts.events import BibliographyChanged
from services.bootstrap import Accord
from services.store.events import append_events


async def test_a_later_commit_never_takes_an_earlier_number(accord: Accord) -> None:
    first_event = BibliographyChanged(actor="sec", paper="habitat", entries=1)
    second_event = BibliographyChanged(actor="sec", paper="habitat", entries=2)
    async with accord.uow() as first:
        # Numbered, not committed: what a transaction is at the end of its commit.
        await append_events(first.session, [first_event])
        await first.session.flush()

        async def second_commits() -> None:
            async with accord.uow() as second:
                second.record(second_event)
                await second.commit()

        other = asyncio.create_task(second_commits())
        await asyncio.sleep(0.5)
        # On SQLite the writer lock, on PostgreSQL the log's lock, keeps it waiting.
        assert not other.done()
        await first.session.commit()
        await asyncio.wait_for(other, 10)

    async with accord.uow() as uow:
        log = await uow.events.list("habitat", 0, 10)
    assert [e.id for e in log] == [first_event.id, second_event.id]
