"""What a save costs: its statements, and the consequences it sets off.

A save on a paper without webhook endpoints records its webhook consequence done at
once ("nothing to do"), without a job; once the paper has an endpoint, the next save's
webhook consequence runs and is delivered. Statements are counted on the engine
(SQLAlchemy's `before_cursor_execute`; BEGIN and COMMIT are not statements there).
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import event, select

from drafts.events import PaperUpdated
from services.bootstrap import Accord
from services.config import Settings
from services.store.consequence_tables import ConsequenceRow
from services.store.outbound_tables import WebhookDeliveryRow
from services.store.tables import EventRow, OutboxRow
from tests.integration.outbound import dispatch
from tests.integration.world import World, build_world
from tests.receivers import webhook_receiver

# authenticate (1), paper with its members, section, locked track and head (1),
# revision, track update and open threads (1 on PostgreSQL, 3 on SQLite), events and
# outbox (1 on PostgreSQL, 2 on SQLite).
SAVE_STATEMENTS = {"postgresql": 4, "sqlite": 7}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allow_private_targets": True})


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    assert (await world.save("author", "First text.\n")).status_code == 201
    return world


async def webhook_consequences(accord: Accord) -> list[tuple[str, int, str | None]]:
    async with accord.uow() as uow:
        rows = await uow.session.execute(
            select(ConsequenceRow.status, ConsequenceRow.attempts, ConsequenceRow.outcome)
            .where(
                ConsequenceRow.event_name == "RevisionSaved",
                ConsequenceRow.handler == "webhooks",
            )
            .order_by(ConsequenceRow.id)
        )
        return [(status, attempts, outcome) for status, attempts, outcome in rows]


async def test_a_save_takes_a_fixed_number_of_statements(accord: Accord, world: World) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        if not str(args[2]).startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE is sent as one
            statements.append(str(args[2]))

    event.listen(accord.engine.sync_engine, "before_cursor_execute", count)
    try:
        r = await world.save("author", "Second text.\n", base=1)
    finally:
        event.remove(accord.engine.sync_engine, "before_cursor_execute", count)
    assert r.status_code == 201, r.text
    assert len(statements) == SAVE_STATEMENTS[accord.engine.dialect.name], statements


async def test_webhooks_of_a_paper_without_endpoints_need_no_job(
    accord: Accord, world: World
) -> None:
    await dispatch(accord)
    # Done by the relay itself: no try was taken.
    assert await webhook_consequences(accord) == [("done", 0, "nothing to do")]

    with webhook_receiver() as receiver:
        r = await world.call(
            "sec", "POST", f"/papers/{world.paper}/webhooks", json={"url": receiver.url}
        )
        assert r.status_code == 201, r.text
        assert (await world.save("author", "Second text.\n", base=1)).status_code == 201
        await dispatch(accord)
    # Now the paper has an endpoint: the handler ran (one try) and delivered the save.
    assert (await webhook_consequences(accord))[1][:2] == ("done", 1)
    async with accord.uow() as uow:
        delivered = list(await uow.session.scalars(select(WebhookDeliveryRow.event_type)))
    assert "revision.saved" in delivered
    assert any(b'"revision.saved"' in request.body for request in receiver.requests)


async def test_the_events_of_one_transaction_are_numbered_as_recorded_each_with_its_outbox_row(
    accord: Accord,
) -> None:
    recorded = [PaperUpdated(actor="sec", paper="habitat", changes={"n": n}) for n in range(5)]
    async with accord.transaction() as uow:
        uow.record(*recorded)
    async with accord.uow() as uow:
        logged = list(
            await uow.session.scalars(
                select(EventRow.id).where(EventRow.paper == "habitat").order_by(EventRow.seq)
            )
        )
        waiting = set(await uow.session.scalars(select(OutboxRow.event_id)))
        seqs = list(await uow.session.scalars(select(EventRow.seq)))
    assert logged[-5:] == [e.id for e in recorded]
    assert {e.id for e in recorded} <= waiting
    assert all(seq > 0 for seq in seqs)  # numbered by the commit, none provisional
