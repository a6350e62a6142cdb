"""Several relays at once on PostgreSQL (production's shape): each claims rows the others
do not, both outbox rows and due consequences (SKIP LOCKED)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.bootstrap import Accord
from tests.integration.test_dispatch import record_submissions, table_of
from tests.unit.test_dispatcher import Flaky
from workflows.dispatch import relay
from workflows.ports import ConsequenceJob


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    return postgresql_url


async def test_two_relays_on_postgresql_claim_disjoint_rows(accord: Accord) -> None:
    await record_submissions(accord, 40)
    # Two relays at once, each in its own transaction: SKIP LOCKED gives them different
    # outbox rows while both hold their claims.
    async with accord.uow() as one, accord.uow() as two:
        first = await one.outbox.claim(25)
        second = await two.outbox.claim(25)
        assert len(first) == 25 and len(second) == 15
        assert {i.event_id for i in first}.isdisjoint({i.event_id for i in second})
    queued: list[ConsequenceJob] = []

    async def enqueue(job: ConsequenceJob) -> None:
        queued.append(job)

    table = table_of(Flaky(0), retries=(0.05,))
    await relay(accord.transaction, enqueue, table=table)  # dispatches all 40, queues them
    assert len(queued) == 40
    async with accord.transaction() as uow:
        for c in await uow.consequences.page(None, None, 0, 100):
            c.queued_at = None  # as if every wake-up was lost: all are due again
            await uow.consequences.update(c)
    now = datetime.now(UTC)
    async with accord.uow() as one, accord.uow() as two:
        first_due = await one.consequences.claim_due(now, now - timedelta(minutes=1), 25)
        second_due = await two.consequences.claim_due(now, now - timedelta(minutes=1), 25)
        assert len(first_due) == 25 and len(second_due) == 15
        assert {c.id for c in first_due}.isdisjoint({c.id for c in second_due})
