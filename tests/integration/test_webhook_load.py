"""1,000 events, three relays and three couriers at once on PostgreSQL: every event
reaches the receiver exactly once, by webhook-id."""

from __future__ import annotations

import asyncio
import collections
import time

import httpx
import pytest

from drafts.events import PaperUpdated
from services.bootstrap import Accord, NoJobs, bootstrap
from services.config import Settings
from services.worker.outbound import Outbound
from tests.integration.world import build_world
from tests.receivers import webhook_receiver
from workflows.webhook_delivery import record_webhook_deliveries

EVENTS = 1000


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allow_private_targets": True})


async def relay(accord: Accord) -> int:
    """One relay's pass over the outbox: claims rows (SKIP LOCKED), records their
    deliveries, and marks them done, in one transaction per batch."""
    handled = 0
    while True:
        async with accord.uow() as uow:
            items = await uow.outbox.claim(50)
            for item in items:
                event = await uow.webhooks.event(item.event_id)
                assert event is not None
                await record_webhook_deliveries(uow, event)
            await uow.outbox.done([i.event_id for i in items])
            await uow.commit()
        handled += len(items)
        if not items:
            return handled


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_thousand_events_with_three_relays_are_each_delivered_once(
    accord: Accord, client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_world(accord, client)
    with webhook_receiver() as receiver:
        r = await world.call(
            "sec",
            "POST",
            "/papers/habitat/webhooks",
            json={"url": receiver.url, "event_types": ["paper.updated"]},
        )
        assert r.status_code == 201, r.text
        async with accord.uow() as uow:
            await uow.outbox.done([i.event_id for i in await uow.outbox.claim(1000)])
            await uow.commit()
        for start in range(0, EVENTS, 100):
            async with accord.uow() as uow:
                uow.record(
                    *(
                        PaperUpdated(actor="sec", paper="habitat", changes={"n": n})
                        for n in range(start, start + 100)
                    )
                )
                await uow.commit()
        # Three processes' worth: an engine and a pool each.
        workers = [bootstrap(settings, runner=NoJobs) for _ in range(3)]
        started = time.monotonic()

        async def work(worker: Accord) -> None:
            outbound = Outbound(worker)
            idle = 0
            while idle < 3:
                relayed = await relay(worker)
                tried = await outbound.deliver_webhooks()
                idle = idle + 1 if not (relayed or tried) else 0
                await asyncio.sleep(0.02)

        await asyncio.gather(*(work(w) for w in workers))
        elapsed = time.monotonic() - started
        for w in workers:
            await w.close()
    counts = collections.Counter(receiver.ids())
    print(
        f"\n{EVENTS} events, 3 relays: {len(counts)} webhook-ids received, "
        f"{sum(counts.values())} requests, most per id {max(counts.values())}, {elapsed:.1f} s"
    )
    assert len(counts) == EVENTS
    assert set(counts.values()) == {1}
