"""The dispatcher through the same wiring as production (relay → consequence → handler),
with fakes for the store and the queue, and a clock the test moves."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from datetime import UTC, datetime, timedelta

import pytest

import drafts.comment_events
import drafts.events
import drafts.outbound_events
import drafts.people_events
import drafts.practice_events
import drafts.publication_events
import drafts.review_events
from drafts.errors import Forbidden, InvalidTransition
from drafts.events import Event
from drafts.model import User
from drafts.publication_events import PublicationRequested
from drafts.review_events import SectionSubmitted
from tests.unit.fakes import FakeAdapters, FakeStore, FakeUnitOfWork
from workflows.consequence_ports import ConsequenceStatus
from workflows.consequences import (
    CONSEQUENCES,
    EVERY_EVENT,
    NAME,
    NO_CONSEQUENCE,
    TABLE,
    Handler,
    PermanentFailure,
    Table,
)
from workflows.dispatch import LEASE_MARGIN, relay, replay, run_consequence
from workflows.event_ports import LoggedEvent
from workflows.ports import ConsequenceJob

ADMIN = User(name="root", email="root@example.org", is_admin=True)


def event_types() -> set[str]:
    """The event types of every module of domain events."""
    return {
        name
        for module in (
            drafts.events,
            drafts.comment_events,
            drafts.outbound_events,
            drafts.people_events,
            drafts.practice_events,
            drafts.publication_events,
            drafts.review_events,
        )
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Event) and cls is not Event
    }


def test_every_event_type_is_handled_or_listed_as_needing_no_consequence() -> None:
    handled = set(CONSEQUENCES)
    assert event_types() - handled - NO_CONSEQUENCE == set(), (
        "add these event types to CONSEQUENCES or NO_CONSEQUENCE in workflows/consequences.py"
    )
    assert handled & NO_CONSEQUENCE == set(), "an event type is both handled and not"
    assert (handled | NO_CONSEQUENCE) - event_types() == set(), "these name no event type"


def test_handler_names_are_unique_and_fit_a_job_id() -> None:
    handlers = [h for hs in (*CONSEQUENCES.values(), EVERY_EVENT) for h in hs]
    names = [h.name for h in handlers]
    assert len(set(names)) == len({id(h.run) for h in handlers}) == len(TABLE.handlers())
    assert all(NAME.fullmatch(n) for n in names), names


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Wiring:
    """The store, the adapters, a queue that writes down its jobs, and a table."""

    def __init__(self, table: Table) -> None:
        self.store = FakeStore()
        self.adapters = FakeAdapters(self.store)
        self.table = table
        self.clock = Clock()
        self.queued: list[ConsequenceJob] = []

    async def record(self, *events: Event) -> None:
        async with self.adapters.transaction() as uow:
            uow.record(*events)

    async def enqueue(self, job: ConsequenceJob) -> None:
        self.queued.append(job)

    async def relay(self) -> int:
        return await relay(
            self.adapters.transaction, self.enqueue, table=self.table, clock=self.clock
        )

    async def run(self, job: ConsequenceJob) -> str:
        return await run_consequence(job, self.adapters, table=self.table, clock=self.clock)

    async def run_queued(self) -> list[str]:
        jobs, self.queued = self.queued, []
        return [await self.run(job) for job in jobs]

    def only(self) -> ConsequenceStatus:
        [consequence] = self.store.consequences.values()
        return consequence.status


class Flaky:
    """A handler that fails its first `failures` runs, then succeeds; counts its runs."""

    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.error = error or ConnectionError("the receiver is down")
        self.runs: list[str] = []

    async def __call__(self, event: LoggedEvent, adapters: object) -> str:
        self.runs.append(event.id)
        if len(self.runs) <= self.failures:
            raise self.error
        return f"delivered {event.name}"


def submitted() -> SectionSubmitted:
    return SectionSubmitted(actor="ann", paper="p", section="intro", language="en", revision=1)


def one_handler(run: Flaky, retries: tuple[float, ...] = (10, 20, 40)) -> Table:
    return Table({"SectionSubmitted": (Handler("tell-reviewers", run, retries=retries),)})


async def test_every_event_is_dispatched_and_an_event_without_handlers_leaves_nothing() -> None:
    flaky = Flaky(0)
    w = Wiring(one_handler(flaky))
    await w.record(submitted(), drafts.events.BibliographyChanged(actor="a", paper="p", entries=1))
    assert await w.relay() == 3  # two outbox rows, one consequence queued
    assert w.store.outbox == []
    assert [j.handler for j in w.queued] == ["tell-reviewers"]
    assert await w.run_queued() == ["done"]
    assert w.only() is ConsequenceStatus.DONE
    assert w.store.consequences[next(iter(w.store.consequences))].outcome == (
        "delivered SectionSubmitted"
    )


async def test_a_relay_twice_queues_each_consequence_once() -> None:
    w = Wiring(one_handler(Flaky(0)))
    await w.record(submitted())
    await w.relay()
    await w.relay()
    assert len(w.queued) == 1
    # A wake-up that was lost is queued again once it is overdue, under the same job id.
    w.clock.advance(61)
    await w.relay()
    assert len(w.queued) == 2 and w.queued[0].id == w.queued[1].id


async def test_a_handler_that_fails_twice_then_succeeds_runs_three_times_with_backoff() -> None:
    flaky = Flaky(2)
    w = Wiring(one_handler(flaky, retries=(10, 20, 40)))
    await w.record(submitted())
    await w.relay()
    assert await w.run_queued() == ["retry"]
    [consequence] = w.store.consequences.values()
    assert consequence.attempts == 1 and "receiver is down" in (consequence.last_error or "")
    # Not due before its delay: the relay queues nothing.
    w.clock.advance(9)
    await w.relay()
    assert w.queued == []
    w.clock.advance(1)
    await w.relay()
    assert await w.run_queued() == ["retry"]
    w.clock.advance(19)
    await w.relay()
    assert w.queued == []
    w.clock.advance(1)
    await w.relay()
    assert await w.run_queued() == ["done"]
    assert len(flaky.runs) == 3 and w.only() is ConsequenceStatus.DONE
    # Done is done: another wake-up runs nothing.
    assert await w.run(ConsequenceJob(consequence.id, "tell-reviewers", 3)) == "already done"
    assert len(flaky.runs) == 3


async def test_a_handler_that_always_fails_is_dead_lettered_then_replayed() -> None:
    flaky = Flaky(4)
    w = Wiring(one_handler(flaky, retries=(1, 1)))
    await w.record(submitted())
    for _ in range(3):
        await w.relay()
        await w.run_queued()
        w.clock.advance(1)
    [consequence] = w.store.consequences.values()
    assert (w.only(), consequence.attempts) == (ConsequenceStatus.DEAD, 3)
    letters = [e for e in w.store.log if e.name == "ConsequenceDeadLettered"]
    assert [(e.payload["handler"], e.payload["attempts"], e.paper) for e in letters] == [
        ("tell-reviewers", 3, None)
    ]
    await w.relay()
    assert w.queued == []  # dead letters wait for an operator

    async with w.adapters.transaction() as uow:
        with pytest.raises(Forbidden):
            await replay(uow, dataclasses.replace(ADMIN, is_admin=False), consequence.id)
        await replay(uow, ADMIN, consequence.id, clock=w.clock)
    await w.relay()
    assert await w.run_queued() == ["retry"]  # the fourth run fails: tries start again
    w.clock.advance(1)
    await w.relay()
    assert await w.run_queued() == ["done"]
    assert len(flaky.runs) == 5
    assert [e.name for e in w.store.log].count("ConsequenceReplayed") == 1
    async with w.adapters.transaction() as uow:
        with pytest.raises(InvalidTransition):
            await replay(uow, ADMIN, consequence.id)


async def test_a_permanent_failure_is_dead_lettered_at_once() -> None:
    flaky = Flaky(1, PermanentFailure("410 Gone"))
    w = Wiring(one_handler(flaky))
    await w.record(submitted())
    await w.relay()
    assert await w.run_queued() == ["dead"]
    assert len(flaky.runs) == 1


async def test_a_try_that_runs_past_its_timeout_fails() -> None:
    async def slow(event: LoggedEvent, adapters: object) -> str:
        await asyncio.sleep(5)
        return "too late"

    w = Wiring(Table({"SectionSubmitted": (Handler("slow", slow, retries=(1,), timeout=0.05),)}))
    await w.record(submitted())
    await w.relay()
    assert await w.run_queued() == ["retry"]
    [consequence] = w.store.consequences.values()
    assert consequence.last_error == "timed out after 0.05 s"


class Crash(BaseException):
    """The process dies mid-try: nothing after it runs, not even an `except Exception`."""


async def test_a_crash_between_dispatch_and_done_is_run_again_after_its_lease() -> None:
    runs: list[str] = []

    async def crashes_once(event: LoggedEvent, adapters: object) -> str:
        runs.append(event.id)
        if len(runs) == 1:
            raise Crash
        return "done the second time"

    w = Wiring(Table({"SectionSubmitted": (Handler("h", crashes_once, timeout=30),)}))
    await w.record(submitted())
    await w.relay()
    [job] = w.queued
    w.queued = []
    with pytest.raises(Crash):
        await w.run(job)
    assert w.only() is ConsequenceStatus.RUNNING
    # A second wake-up of the same try, while its lease runs: nothing runs twice at once.
    assert await w.run(job) == "not due: running"
    await w.relay()
    assert w.queued == []
    w.clock.advance(30 + LEASE_MARGIN.total_seconds())
    await w.relay()
    [again] = w.queued
    assert again.id != job.id  # the next try is a job of its own
    assert await w.run_queued() == ["done"]
    assert len(runs) == 2 and w.only() is ConsequenceStatus.DONE


async def test_a_try_overtaken_by_a_later_one_records_nothing() -> None:
    # A try that outlived its lease finishes after the next one took the consequence
    # over: it must not overwrite the record of the try that holds it now.
    w = Wiring(Table({}))

    async def overtaken(event: LoggedEvent, adapters: object) -> str:
        [consequence] = w.store.consequences.values()
        consequence.attempts += 1  # what the next try's start writes
        return "finished late"

    w.table = Table({"SectionSubmitted": (Handler("h", overtaken),)})
    await w.record(submitted())
    await w.relay()
    assert await w.run_queued() == ["superseded by a later try"]
    [consequence] = w.store.consequences.values()
    assert (consequence.status, consequence.outcome) == (ConsequenceStatus.RUNNING, None)


async def test_the_real_table_queues_renders_for_a_requested_version() -> None:
    # Through the real table: PublicationRequested's consequence asks the store for the
    # version's pending renders (here: a version the fake store does not have).
    store = FakeStore()
    store.webhook_papers.add("p")
    adapters = FakeAdapters(store)
    async with adapters.transaction() as uow:
        uow.record(
            PublicationRequested(
                actor="sec",
                paper="p",
                version="0.1",
                kind="draft",
                languages=("en",),
                formats=("pdf",),
                publication=7,
            )
        )
    queued: list[ConsequenceJob] = []

    async def enqueue(job: ConsequenceJob) -> None:
        queued.append(job)

    await relay(adapters.transaction, enqueue)
    # The version's renders, and the webhooks every event sets off.
    assert [j.handler for j in queued] == ["queue-renders", "webhooks"]
    assert FakeUnitOfWork(store).store.outbox == []


async def test_a_handler_with_nothing_to_do_gets_no_job_and_its_consequence_is_done() -> None:
    # Paper "p" has a webhook endpoint, "q" none: the relay asks the webhooks handler
    # once for the batch, queues its job for "p"'s event only and writes "q"'s done.
    store = FakeStore()
    store.webhook_papers.add("p")
    adapters = FakeAdapters(store)
    async with adapters.transaction() as uow:
        for paper in ("p", "q"):
            uow.record(
                SectionSubmitted(actor="a", paper=paper, section="s", language="en", revision=1)
            )
    queued: list[ConsequenceJob] = []

    async def enqueue(job: ConsequenceJob) -> None:
        queued.append(job)

    await relay(adapters.transaction, enqueue)
    by_paper = {(c.paper, c.handler): c for c in store.consequences.values()}
    assert sorted(by_paper) == [
        ("p", "notify"),
        ("p", "webhooks"),
        ("q", "notify"),
        ("q", "webhooks"),
    ]
    skipped = by_paper[("q", "webhooks")]
    assert (skipped.status, skipped.outcome, skipped.attempts) == (
        ConsequenceStatus.DONE,
        "nothing to do",
        0,
    )
    assert skipped.finished_at is not None
    assert sorted(j.consequence for j in queued) == sorted(
        c.id for key, c in by_paper.items() if key != ("q", "webhooks")
    )
    # A relay again queues nothing more, and the done one is never tried.
    queued.clear()
    await relay(adapters.transaction, enqueue)
    assert queued == []
    result = await run_consequence(ConsequenceJob(skipped.id, "webhooks", 0), adapters, table=TABLE)
    assert result == "already done"
