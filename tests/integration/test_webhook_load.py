"""Hundreds of events, three workers at once (each the dispatcher's relay, its consequences
and a courier) on PostgreSQL: every event reaches the receiver exactly once, by webhook-id."""

from __future__ import annotations

import asyncio
import collections
import time

import httpx
import pytest

from drafts.events import PaperUpdated
from services.bootstrap import Accord, NoJobs, bootstrap
from services.config import Settings
from services.worker.inprocess import InProcessRunner
from services.worker.outbound import Outbound
from tests.integration.outbound import dispatch
from tests.integration.world import build_world
from tests.receivers import webhook_receiver

# Enough that the three workers' relays, claims and deliveries overlap all along (a
# thousand took a minute on a busy machine and showed nothing more).
EVENTS = 300


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allow_private_targets": True})


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_hundreds_of_events_with_three_relays_are_each_delivered_once(
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
        await dispatch(accord)  # the events of making the paper, before the thousand
        for start in range(0, EVENTS, 100):
            async with accord.transaction() as uow:
                uow.record(
                    *(
                        PaperUpdated(actor="sec", paper="habitat", changes={"n": n})
                        for n in range(start, start + 100)
                    )
                )
        # Three processes' worth: an engine and a pool each.
        workers = [bootstrap(settings, runner=NoJobs) for _ in range(3)]
        started = time.monotonic()

        async def work(worker: Accord) -> None:
            # The dispatcher's relay and its consequences (the webhook handler's first
            # tries), then the courier for whatever is due again, until all is quiet.
            runner = InProcessRunner(worker)
            outbound = Outbound(worker)
            try:
                idle = 0
                while idle < 3:
                    relayed = await runner.tick()
                    await runner.drain()
                    tried = await outbound.deliver_webhooks()
                    idle = idle + 1 if not (relayed or tried) else 0
                    await asyncio.sleep(0.02)
            finally:
                await runner.stop()

        await asyncio.gather(*(work(w) for w in workers))
        elapsed = time.monotonic() - started
        for w in workers:
            await w.close()
    counts = collections.Counter(receiver.ids())
    print(
        f"\n{EVENTS} events, 3 workers (relay, consequences, courier): "
        f"{len(counts)} webhook-ids received, "
        f"{sum(counts.values())} requests, most per id {max(counts.values())}, {elapsed:.1f} s"
    )
    assert len(counts) == EVENTS
    assert set(counts.values()) == {1}
