"""The dispatcher: from every outbox row to its consequences, each run, retried and, at
the end, dead-lettered for an operator to see and replay.

The database is the record; a queue (arq on Redis, or the in-process runner) only
carries wake-ups. So every step can be lost or repeated without harm:

- `relay` turns outbox rows into one consequence per (event, handler) and deletes the
  rows, in one transaction (a consequence whose handler says it has nothing to do for
  the event, such as webhooks of a paper without endpoints, is written done at once);
  then it queues the consequences that are due (new ones, retries whose delay is over,
  tries whose runner died), each under a job id made of the consequence and its try
  number. It queues before it marks them queued, in the same
  transaction: a crash in between queues the same job ids again, which is harmless.
- `run_consequence` takes a try: it marks the consequence running (with a lease), runs
  the handler outside any transaction, and records done, a retry, or a dead letter. A
  runner that dies leaves it running; once its lease is over the relay queues it again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from drafts.errors import Forbidden, InvalidTransition, NotFound
from drafts.events import ConsequenceDeadLettered, ConsequenceReplayed
from drafts.model import User
from workflows.consequence_ports import Consequence, ConsequenceStatus, NewConsequence
from workflows.consequences import TABLE, PermanentFailure, Table, WantedFunction
from workflows.event_ports import OutboxItem
from workflows.pages import Page, page_of
from workflows.ports import Adapters, ConsequenceJob, UnitOfWork, UnitsOfWork
from workflows.users import SYSTEM_ACTOR

QueueConsequence = Callable[[ConsequenceJob], Awaitable[None]]
Clock = Callable[[], datetime]

# A try's lease outlives its handler's timeout by this much before the relay takes it
# for dead and queues it again.
LEASE_MARGIN = timedelta(seconds=30)
# A consequence queued this long ago and still pending is queued again: its wake-up may
# have been lost (a queue flushed, a runner stopped). The job id makes it harmless if not.
REQUEUE_AFTER = timedelta(seconds=60)
# The longest error text kept with a consequence.
ERROR_CHARS = 2000


def _now() -> datetime:
    return datetime.now(UTC)


async def relay(
    uows: UnitsOfWork,
    enqueue: QueueConsequence,
    *,
    table: Table = TABLE,
    limit: int = 100,
    clock: Clock = _now,
) -> int:
    """Dispatch every waiting outbox row and queue every due consequence; how many of
    both there were. A backlog is worked through in batches."""
    handled = 0
    for _ in range(50):
        async with uows() as uow:
            items = await uow.outbox.claim(limit)
            await uow.consequences.add(await _consequences_of(uow, items, table), clock())
            await uow.outbox.done([i.event_id for i in items])
        handled += len(items)
        if len(items) < limit:
            break
    for _ in range(50):
        now = clock()
        async with uows() as uow:
            due = await uow.consequences.claim_due(now, now - REQUEUE_AFTER, limit)
            for consequence in due:
                await enqueue(job_of(consequence))
                consequence.queued_at = now
                await uow.consequences.update(consequence)
        handled += len(due)
        if len(due) < limit:
            break
    return handled


async def _consequences_of(
    uow: UnitOfWork, items: Sequence[OutboxItem], table: Table
) -> list[NewConsequence]:
    """One consequence per (event, handler), in the table's order; those of a handler
    that has nothing to do for the event are written done (each handler is asked once
    for the whole batch)."""
    handlers = {item.event_id: table.handlers_for(item.name) for item in items}
    asking: dict[str, tuple[WantedFunction, list[OutboxItem]]] = {}
    for item in items:
        for handler in handlers[item.event_id]:
            if handler.wanted is not None:
                asking.setdefault(handler.name, (handler.wanted, []))[1].append(item)
    wanted = {name: await ask(uow, batch) for name, (ask, batch) in asking.items()}
    return [
        NewConsequence(
            item.event_id,
            item.name,
            item.paper,
            handler.name,
            nothing_to_do=handler.name in wanted and item.event_id not in wanted[handler.name],
        )
        for item in items
        for handler in handlers[item.event_id]
    ]


def job_of(consequence: Consequence) -> ConsequenceJob:
    return ConsequenceJob(consequence.id, consequence.handler, consequence.attempts)


async def run_consequence(
    job: ConsequenceJob, adapters: Adapters, *, table: Table = TABLE, clock: Clock = _now
) -> str:
    """Take one try of the consequence if it is due; say what happened."""
    async with adapters.transaction() as uow:
        consequence = await uow.consequences.get(job.consequence, lock=True)
        if consequence is None:
            return "no such consequence"
        if consequence.status in (ConsequenceStatus.DONE, ConsequenceStatus.DEAD):
            return f"already {consequence.status.value}"
        now = clock()
        if consequence.available_at > now:
            # A second wake-up for a try that runs now, or one for a retry not yet due.
            return f"not due: {consequence.status.value}"
        handler = table.handler_named(consequence.handler)
        event = await uow.events.get(consequence.event_id)
        if handler is None or event is None:
            missing = "handler" if handler is None else "event"
            consequence.attempts += 1
            await _dead(uow, consequence, now, f"no such {missing}: the table has changed")
            return "dead"
        consequence.status = ConsequenceStatus.RUNNING
        consequence.attempts += 1
        # Not queued any more: once the lease is over, the relay may queue it at once.
        consequence.queued_at = None
        consequence.available_at = now + timedelta(seconds=handler.timeout) + LEASE_MARGIN
        await uow.consequences.update(consequence)
    attempt = consequence.attempts

    error: str | None = None
    permanent = False
    outcome: str | None = None
    try:
        outcome = await asyncio.wait_for(handler.run(event, adapters), handler.timeout)
    except PermanentFailure as failure:
        error, permanent = _describe(failure), True
    except TimeoutError:
        error = f"timed out after {handler.timeout:g} s"
    except Exception as failure:  # any failure of a handler is a failed try, never a crash
        error = _describe(failure)

    async with adapters.transaction() as uow:
        current = await uow.consequences.get(job.consequence, lock=True)
        if (
            current is None
            or current.status is not ConsequenceStatus.RUNNING
            or current.attempts != attempt
        ):
            return "superseded by a later try"
        now = clock()
        current.last_error = error
        if error is None:
            current.status = ConsequenceStatus.DONE
            current.finished_at = now
            current.outcome = outcome
            await uow.consequences.update(current)
            return "done"
        if permanent or attempt >= handler.attempts:
            await _dead(uow, current, now, error)
            return "dead"
        current.status = ConsequenceStatus.PENDING
        current.available_at = now + timedelta(seconds=handler.delay_after(attempt))
        current.queued_at = None
        await uow.consequences.update(current)
        return "retry"


def _describe(failure: BaseException) -> str:
    text = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
    return text[:ERROR_CHARS]


async def _dead(uow: UnitOfWork, consequence: Consequence, now: datetime, error: str) -> None:
    consequence.status = ConsequenceStatus.DEAD
    consequence.finished_at = now
    consequence.last_error = error
    await uow.consequences.update(consequence)
    # The dispatcher's own events set off handlers too; a dead letter of one of those is
    # not announced again, so that a failing handler cannot feed on its own failures.
    if consequence.event_name != ConsequenceDeadLettered.__name__:
        uow.record(
            ConsequenceDeadLettered(
                actor="system",
                paper=None,
                consequence=consequence.id,
                event=consequence.event_id,
                event_type=consequence.event_name,
                handler=consequence.handler,
                attempts=consequence.attempts,
                error=error,
            )
        )


def _require_admin(user: User | None) -> None:
    """`None` is the operator at the command line, trusted like an admin."""
    if user is not None and not user.is_admin:
        raise Forbidden("only an admin may see or replay consequences")


async def list_consequences(
    uow: UnitOfWork,
    user: User | None,
    status: ConsequenceStatus | None,
    handler: str | None,
    after: int,
    limit: int,
) -> Page[Consequence]:
    """Consequences oldest first, of one state and handler if given (admins)."""
    _require_admin(user)
    rows = await uow.consequences.page(status, handler, after, limit + 1)
    return page_of(rows, limit, lambda c: c.id)


async def consequence_counts(
    uow: UnitOfWork, user: User | None
) -> dict[str, dict[ConsequenceStatus, int]]:
    """How many consequences each handler has in each state (admins)."""
    _require_admin(user)
    counts: dict[str, dict[ConsequenceStatus, int]] = {}
    for (handler, status), n in (await uow.consequences.counts()).items():
        counts.setdefault(handler, {})[status] = n
    return counts


async def get_consequence(uow: UnitOfWork, user: User | None, consequence_id: int) -> Consequence:
    _require_admin(user)
    consequence = await uow.consequences.get(consequence_id)
    if consequence is None:
        raise NotFound(f"no consequence {consequence_id}")
    return consequence


async def replay(
    uow: UnitOfWork, user: User | None, consequence_id: int, clock: Clock = _now
) -> Consequence:
    """Set a dead-lettered consequence going again, from its first try (admins)."""
    _require_admin(user)
    consequence = await uow.consequences.get(consequence_id, lock=True)
    if consequence is None:
        raise NotFound(f"no consequence {consequence_id}")
    if consequence.status is not ConsequenceStatus.DEAD:
        raise InvalidTransition(
            f"consequence {consequence_id} is {consequence.status.value}; "
            "only a dead-lettered one can be replayed"
        )
    consequence.status = ConsequenceStatus.PENDING
    consequence.attempts = 0
    consequence.available_at = clock()
    consequence.queued_at = None
    consequence.finished_at = None
    await uow.consequences.update(consequence)
    uow.record(
        ConsequenceReplayed(
            actor=user.name if user else SYSTEM_ACTOR,
            paper=None,
            consequence=consequence.id,
            handler=consequence.handler,
        )
    )
    return consequence


async def replay_dead(
    uow: UnitOfWork, user: User | None, handler: str | None, limit: int = 1000, clock: Clock = _now
) -> list[Consequence]:
    """Replay every dead-lettered consequence (of one handler if given), up to `limit`."""
    _require_admin(user)
    dead = await uow.consequences.page(ConsequenceStatus.DEAD, handler, 0, limit)
    return [await replay(uow, user, c.id, clock) for c in dead]
