"""The consequences table: which handlers each event type sets off.

Every event is written to the outbox in the transaction that recorded it. The relay
(`workflows.dispatch`) reads every outbox row, looks its type up here, and writes one
consequence per handler (event type's own, then `EVERY_EVENT`'s); each consequence is run
as a job of its own, retried on failure, and dead-lettered when its tries run out.

Adding a handler is one line in `CONSEQUENCES` (or `EVERY_EVENT`):

    "SectionSubmitted": (Handler("notify-reviewers", notify_reviewers),),

The handler contract:

- A handler is `async def handler(event: LoggedEvent, adapters: Adapters) -> str | None`.
  `event` is the event as the audit log keeps it (id, type, actor, paper, time, payload);
  what it returns is kept as the consequence's outcome, for operators ("queued 6 renders",
  "sent 3 mails").
- Its name is stable and unique (lower case and dashes): it is stored with each
  consequence and in its job id. Renaming a handler leaves its waiting consequences
  without one (they are dead-lettered, to be replayed once the name is back).
- It may run more than once for the same event (a crash after its work and before it
  was marked done; a replay), and two tries never overlap: make it idempotent. Check the
  database for what it already did, and record what it does under a key made of the
  event id (a unique constraint makes a second copy impossible).
- It never commits: it opens its units of work with `adapters.transaction()`, each of
  which commits when its block ends without an error. It holds none while it waits on
  the network or renders.
- It raises to fail. Any exception fails this try; it is retried after each delay of
  its `retries`, then dead-lettered. `PermanentFailure` dead-letters it at once (a
  target that says "gone", an input that can never work). A try that runs past its
  `timeout` fails like an exception.
- What it needs beyond the database (a mailer, an HTTP client) is an adapter: add a
  property to `Adapters` in `workflows.ports` and provide it in `services.worker.jobs`.

An event type with nothing to set off is listed in `NO_CONSEQUENCE`; a test checks that
every event type is in one of the two, so that a new event is a decision, not a silence.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from workflows.event_ports import LoggedEvent, OutboxItem
from workflows.outbound import notify_people, send_webhooks, wanted_by_webhooks
from workflows.ports import Adapters, UnitOfWork
from workflows.redlines import prepare_redlines
from workflows.render_jobs import queue_renders

HandlerFunction = Callable[[LoggedEvent, Adapters], Awaitable[str | None]]
# Of a batch of events, the ids of those a handler may have work for (see `Handler.wanted`).
WantedFunction = Callable[[UnitOfWork, Sequence[OutboxItem]], Awaitable[set[str]]]

# Seconds to wait before each retry: about seven hours in all, the last waits longest.
DEFAULT_RETRIES: tuple[float, ...] = (5, 30, 120, 600, 1800, 3600, 3 * 3600)
NAME = re.compile(r"[a-z][a-z0-9-]{0,63}")


class PermanentFailure(Exception):
    """A failure that no retry can mend: the consequence is dead-lettered at once."""


@dataclass(frozen=True)
class Handler:
    name: str
    run: HandlerFunction
    retries: tuple[float, ...] = DEFAULT_RETRIES
    timeout: float = 120.0  # seconds one try may take
    # Holds a processor and much memory for a while, as a render does: runners run it
    # with the renders, one at a time per worker, never beside them; the light handlers
    # (mail, webhooks, queueing) run many at once and never wait behind a heavy job.
    heavy: bool = False
    # Asked by the relay, in the transaction that writes the consequences, with one query
    # for its whole batch: which events the handler may have work for. For the others its
    # consequence is written done at once ("nothing to do"), without a job or a try; so
    # it must answer yes whenever its run could do anything (when in doubt, yes).
    wanted: WantedFunction | None = None

    @property
    def attempts(self) -> int:
        """How many tries it gets before it is dead-lettered."""
        return len(self.retries) + 1

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after try number `attempt` (1-based) failed."""
        return self.retries[min(attempt, len(self.retries)) - 1]


# Event type → the handlers it sets off, in the order they are queued.
# Mail the people an event concerns (see `workflows.notifications` for who is told what).
NOTIFY = Handler("notify", notify_people, timeout=60.0)

CONSEQUENCES: Mapping[str, tuple[Handler, ...]] = {
    "PublicationRequested": (Handler("queue-renders", queue_renders, timeout=60.0),),
    "SectionSubmitted": (NOTIFY,),
    "ChangesRequested": (NOTIFY,),
    "CommentAdded": (NOTIFY,),
    "TranslationStale": (NOTIFY,),
    # A new version's redlines against the one before, ready before anyone asks.
    "PublicationPublished": (
        NOTIFY,
        Handler("render-redlines", prepare_redlines, timeout=900.0, heavy=True),
    ),
    "PublicationFailed": (NOTIFY,),
    "WebhookDisabled": (NOTIFY,),
}

# Handlers set off by every event, after its own (a webhook delivery, for instance).
# The webhook handler's first tries are bounded by the sender's timeout; its later ones
# follow each delivery's own schedule, outside the dispatcher.
# Most papers have no endpoint: their events' webhook consequences need no job.
EVERY_EVENT: tuple[Handler, ...] = (
    Handler("webhooks", send_webhooks, timeout=60.0, wanted=wanted_by_webhooks),
)

# Event types that need no consequence of their own (beyond the audit log and
# EVERY_EVENT's webhooks).
NO_CONSEQUENCE: frozenset[str] = frozenset(
    {
        "UserCreated",
        "TokenIssued",
        "TokensRevoked",
        "TokenRevoked",
        "InvitationIssued",
        "PasswordSet",
        "SignedIn",
        "SignInFailed",
        "SignedOut",
        "PaperCreated",
        "PaperUpdated",
        "MembershipChanged",
        "SectionAdded",
        "SectionUpdated",
        "OutlineReordered",
        "RevisionSaved",
        "ApprovalsVoided",
        "ReviewRecorded",
        "SectionApproved",
        "CommentResolved",
        "CommentReopened",
        "CommentOrphaned",
        "CommentEdited",
        "LanguageAdded",
        "LanguageRetired",
        "SectionRetired",
        "ArtifactRendered",
        "BibliographyChanged",
        "ImageStored",
        "ConsequenceDeadLettered",
        "ConsequenceReplayed",
        "WebhookSubscribed",
        "WebhookUpdated",
        "WebhookSecretRotated",
        "WebhookDeleted",
        "WebhookRedeliveryRequested",
        "NotificationPreferencesChanged",
        "WordFileImported",
        # The catalogue of practices (drafts.practice_events): read by whoever reads the
        # catalogue; webhooks carry them all.
        "PracticeProposed",
        "PracticeEdited",
        "PracticeTranslated",
        "PracticeVerified",
        "PracticeRetired",
        "PracticesImported",
    }
)


@dataclass(frozen=True)
class Table:
    """A consequences table as the dispatcher reads it (tests wire tables of their own)."""

    by_event: Mapping[str, tuple[Handler, ...]]
    every_event: tuple[Handler, ...] = ()

    def handlers_for(self, event_name: str) -> tuple[Handler, ...]:
        """The handlers an event of this type sets off."""
        return tuple(self.by_event.get(event_name, ())) + self.every_event

    def handlers(self) -> dict[str, Handler]:
        """Every handler of the table, by name."""
        found: dict[str, Handler] = {}
        for handlers in (*self.by_event.values(), self.every_event):
            for handler in handlers:
                found[handler.name] = handler
        return found

    def handler_named(self, name: str) -> Handler | None:
        return self.handlers().get(name)

    def is_heavy(self, name: str) -> bool:
        """Whether the handler of this name runs with the renders (an unknown name is
        light: its try only dead-letters it)."""
        handler = self.handler_named(name)
        return handler is not None and handler.heavy


TABLE = Table(CONSEQUENCES, EVERY_EVENT)
