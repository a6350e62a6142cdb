"""Random sequences of save, submit, comment, accept, review and translate.

The test keeps its own model of the review rules (who may do what in which state, what
each step must leave in the log, when a translation is stale) and after every step the
handlers must agree with it: each command is accepted exactly when the model allows it,
the store holds the state the model says, the status matrix tells staleness as the model
does, and the log holds exactly the events the model expects.
"""

from __future__ import annotations

import asyncio
import copy
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    AddSection,
    CreatePaper,
    CreateUser,
    RecordReview,
    SaveRevision,
    SetMemberRoles,
    SubmitText,
)
from drafts.errors import DomainError
from drafts.model import SectionState, User
from drafts.review import Decision
from tests.unit.fakes import FakeStore, FakeUnitOfWork
from workflows.comments import accept_suggestion, add_comment
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.review import record_review, submit_text
from workflows.status import paper_status
from workflows.tokens import TokenMinter
from workflows.users import SYSTEM_ACTOR, create_user

PEOPLE = {
    "sec": ("secretariat",),
    "ann": ("author", "reviewer"),
    "rita": ("reviewer",),
    "tom": ("translator", "reviewer"),
}
SENTENCES = [
    "Cities lead prevention.",
    "Youth are partners.",
    "Safety is a public good.",
    "Data guides policy.",
]
LANGS = ("en", "fr")
EDITORS = {"en": ["ann", "sec"], "fr": ["tom", "sec"]}


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


async def _setup(store: FakeStore) -> None:
    uow = FakeUnitOfWork(store)
    tokens = TokenMinter("s")
    await create_user(
        CreateUser(actor=SYSTEM_ACTOR, name="root", email="r@x.org", is_admin=True), uow, tokens
    )
    for name in PEOPLE:
        await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@x.org"), uow, tokens
        )
    await create_paper(
        CreatePaper(
            actor="root",
            slug="p",
            titles={"en": "P"},
            source_language="en",
            languages=LANGS,
            approvals_required=1,
        ),
        uow,
        User("root", "r@x.org", is_admin=True),
    )
    for name, roles in PEOPLE.items():
        await set_member_roles(SetMemberRoles(actor="root", paper="p", user=name, roles=roles), uow)
    await add_section(
        AddSection(actor="root", paper="p", key="s", titles={"en": "S"}, authors=("ann",)), uow
    )
    await uow.commit()


@dataclass
class TextModel:
    """What the rules say one text must be, kept by the test itself, never read back."""

    state: SectionState = SectionState.DRAFTING
    head: int = 0
    body: str = ""
    source: int | None = None  # the source revision the current text was made from
    approved: int | None = None
    head_authors: frozenset[str] = frozenset()
    since_approval: set[str] = field(default_factory=set)  # who wrote since the last approval


REVIEWERS = ("rita", "tom", "ann", "sec")


class ReviewMachine(RuleBasedStateMachine):
    """Drives the handlers and checks them against a model of the review rules.

    The model decides, before each command, whether the rules allow it and which events
    it must leave; the handlers' answers and the store are then compared with it. Nothing
    the model expects is read from the handlers' own output or log.
    """

    def __init__(self) -> None:
        super().__init__()
        self.store = FakeStore()
        run(_setup(self.store))
        self.expected: Counter[str] = Counter(e.name for e in self.store.log)
        self.texts = {lang: TextModel() for lang in LANGS}

    # -- running a command as one transaction -----------------------------------------

    def attempt(self, handler: object) -> object | None:
        """Run one command; its result, or None after a refusal (the store restored as a
        rollback would)."""
        snapshot = copy.deepcopy(self.store)
        uow = FakeUnitOfWork(self.store)
        try:
            result = run(handler(uow))  # type: ignore[operator]
        except DomainError:
            self.__dict__["store"] = snapshot
            return None
        run(uow.commit())
        return result

    def stale(self, lang: str) -> bool:
        """The model's staleness: a translation made from another source revision than
        the one approved last."""
        source = self.texts["en"].approved
        text = self.texts[lang]
        return lang != "en" and text.head > 0 and source is not None and text.source != source

    def new_revision(
        self, lang: str, who: str, body: str, source: int | None, by: str | None
    ) -> None:
        text = self.texts[lang]
        self.expected["RevisionSaved"] += 1
        if text.state is not SectionState.DRAFTING:
            self.expected["ApprovalsVoided"] += 1
        text.state = SectionState.DRAFTING
        text.head += 1
        text.body, text.source = body, source
        text.head_authors = frozenset({who} | ({by} if by else set()))
        text.since_approval |= text.head_authors

    # -- rules -------------------------------------------------------------------------

    @rule(
        pick=st.integers(0, 3),
        lang=st.sampled_from(LANGS),
        picks=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3),
    )
    def save(self, pick: int, lang: str, picks: list[str]) -> None:
        # Mostly the text's own editors; now and then someone who may not edit it.
        who = (EDITORS[lang] + ["rita", "ann" if lang == "fr" else "tom"])[pick]
        text = self.texts[lang]
        body = "\n\n".join(picks) + "\n"
        source = self.texts["en"]
        made_from = (source.approved or source.head or None) if lang != "en" else None
        saved = self.attempt(
            lambda uow: save_revision(
                SaveRevision(
                    actor=who,
                    paper="p",
                    section="s",
                    language=lang,
                    body=body,
                    base_revision=text.head or None,
                ),
                uow,
            )
        )
        assert (saved is not None) == (who in EDITORS[lang]), (who, lang)
        if saved is not None and (body, made_from) != (text.body, text.source):
            self.new_revision(lang, who, body, made_from, None)

    @rule(pick=st.integers(0, 2), lang=st.sampled_from(LANGS))
    def submit(self, pick: int, lang: str) -> None:
        who = (EDITORS[lang] + ["rita"])[pick]
        text = self.texts[lang]
        allowed = (
            who in EDITORS[lang]
            and text.head > 0
            and text.state in (SectionState.DRAFTING, SectionState.CHANGES_REQUESTED)
        )
        done = self.attempt(
            lambda uow: submit_text(
                SubmitText(actor=who, paper="p", section="s", language=lang), uow
            )
        )
        assert (done is not None) == allowed, (who, lang, text.state)
        if done is not None:
            self.expected["SectionSubmitted"] += 1
            text.state = SectionState.IN_REVIEW

    @rule(
        pick=st.integers(0, 3),
        lang=st.sampled_from(LANGS),
        decision=st.sampled_from([Decision.APPROVE, Decision.APPROVE, Decision.REQUEST_CHANGES]),
        own=st.booleans(),
    )
    def review(self, pick: int, lang: str, decision: Decision, own: bool) -> None:
        text = self.texts[lang]
        # Usually someone who did not write the text; sometimes deliberately one who did.
        writers = sorted(text.since_approval)
        pool = writers if own and writers else [p for p in REVIEWERS if p not in writers]
        who = (pool or list(REVIEWERS))[pick % len(pool or REVIEWERS)]
        allowed = (
            text.head > 0
            and text.state is SectionState.IN_REVIEW
            and who not in text.head_authors
            and (
                decision is Decision.REQUEST_CHANGES
                or (who not in text.since_approval and not self.stale(lang))
            )
        )
        done = self.attempt(
            lambda uow: record_review(
                RecordReview(
                    actor=who,
                    paper="p",
                    section="s",
                    language=lang,
                    revision=text.head,
                    decision=decision.value,
                    note="Please revise.",
                ),
                uow,
            )
        )
        assert (done is not None) == allowed, (who, lang, decision, text)
        if done is None:
            return
        self.expected["ReviewRecorded"] += 1
        if decision is Decision.REQUEST_CHANGES:
            self.expected["ChangesRequested"] += 1
            text.state = SectionState.CHANGES_REQUESTED
            return
        # One approval is the paper's policy: every allowed approval approves.
        self.expected["SectionApproved"] += 1
        text.state = SectionState.APPROVED
        text.approved = text.head
        text.since_approval = set()
        if lang == "en":
            self.expected["TranslationStale"] += sum(self.stale(other) for other in LANGS)

    @rule(lang=st.sampled_from(LANGS), pick=st.integers(0, 3))
    def submit_then_approve(self, lang: str, pick: int) -> None:
        """The usual path, so that random runs reach approval often."""
        self.submit(0, lang)
        self.review(pick, lang, Decision.APPROVE, False)

    @rule(
        who=st.sampled_from(["rita", "tom"]),
        sentence=st.sampled_from(SENTENCES),
        suggest=st.booleans(),
    )
    def comment(self, who: str, sentence: str, suggest: bool) -> None:
        body = self.texts["en"].body
        if sentence not in body:
            return
        done = self.attempt(
            lambda uow: add_comment(
                AddComment(
                    actor=who,
                    paper="p",
                    section="s",
                    language="en",
                    body="Hmm",
                    exact=sentence,
                    start=body.index(sentence),
                    replacement=sentence.upper() if suggest else None,
                ),
                uow,
            )
        )
        assert done is not None
        self.expected["CommentAdded"] += 1

    @rule(who=st.sampled_from(["ann", "sec", "rita"]))
    def accept(self, who: str) -> None:
        open_suggestions = [
            c
            for _k, c in self.store.comments.values()
            if c.replacement is not None and c.status == "open"
        ]
        if not open_suggestions:
            return
        target = open_suggestions[0]
        assert target.quote is not None
        allowed = who in EDITORS["en"] and target.quote.exact in self.texts["en"].body
        done = self.attempt(
            lambda uow: accept_suggestion(
                AcceptSuggestion(
                    actor=who, paper="p", section="s", language="en", comment=target.id or 0
                ),
                uow,
            )
        )
        assert (done is not None) == allowed, (who, target.quote.exact)
        if done is not None:
            _, saved = done  # type: ignore[misc]
            self.expected["CommentResolved"] += 1
            self.new_revision("en", who, saved.revision.body, None, target.author)

    # -- invariants --------------------------------------------------------------------

    @invariant()
    def the_store_holds_what_the_rules_say(self) -> None:
        for lang, text in self.texts.items():
            track = self.store.tracks[("p", "s", lang)]
            assert (track.state, track.head) == (text.state, text.head), lang
            if text.state is SectionState.APPROVED:
                assert track.approved == text.approved

    @invariant()
    def approvals_are_on_the_current_content(self) -> None:
        for lang in LANGS:
            track = self.store.tracks[("p", "s", lang)]
            if track.state is SectionState.APPROVED:
                head = self.store.revisions[("p", "s", lang)][track.head - 1]
                reviews = self.store.reviews.get(("p", "s", lang), [])
                current = [r for r in reviews if not r.voided and r.decision is Decision.APPROVE]
                assert current, "approved without a current approval"
                assert all(r.content_hash == head.content_hash for r in current)

    @invariant()
    def the_status_matrix_tells_staleness_as_the_model_does(self) -> None:
        matrix = run(paper_status(FakeUnitOfWork(self.store), "p", "sec"))
        for lang in LANGS:
            assert matrix.cells[("s", lang)].stale == self.stale(lang), lang  # type: ignore[attr-defined]

    @invariant()
    def every_transition_left_its_event_and_no_other(self) -> None:
        # Orphaning follows the fuzzy search, which this model does not redo: checked
        # on its own below.
        logged = Counter(e.name for e in self.store.log if e.name != "CommentOrphaned")
        assert logged == +self.expected, (logged, self.expected)

    @invariant()
    def a_comment_is_orphaned_only_by_a_revision_without_its_quote(self) -> None:
        for e in self.store.log:
            if e.name == "CommentOrphaned":
                _, thread = self.store.comments[e.payload["comment"]]
                revision = self.store.revisions[("p", "s", "en")][e.payload["revision"] - 1]
                assert thread.quote is not None and thread.quote.exact not in revision.body


ReviewMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestReviewInvariants = ReviewMachine.TestCase
