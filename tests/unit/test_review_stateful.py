"""Random sequences of save, submit, comment, accept, review and translate.

After every step the invariants of review must hold: an approved text's approvals are on
its current content hash; nobody approved text they wrote; a translation that is not
stale was made from the approved source; and every transition left its event.
"""

from __future__ import annotations

import asyncio
import copy
from collections import Counter

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
from drafts.review import Decision, is_stale
from tests.unit.fakes import FakeStore, FakeUnitOfWork
from workflows.comments import accept_suggestion, add_comment
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.review import record_review, submit_text
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


class ReviewMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = FakeStore()
        run(_setup(self.store))
        self.expected: Counter[str] = Counter(e.name for e in self.store.log)
        self.approvals_seen = 0

    # -- running a command as one transaction -----------------------------------------

    def attempt(self, handler: object) -> bool:
        """Run one command; on a refusal, restore the store as a rollback would."""
        snapshot = copy.deepcopy(self.store)
        uow = FakeUnitOfWork(self.store)
        try:
            run(handler(uow))  # type: ignore[operator]
        except DomainError:
            self.__dict__["store"] = snapshot
            return False
        before = len(self.store.log)
        run(uow.commit())
        for e in self.store.log[before:]:
            self.expected[e.name] += 0  # make the name known
        self.last_events = [e.name for e in self.store.log[before:]]
        return True

    def head(self, lang: str) -> tuple[int, str]:
        track = self.store.tracks[("p", "s", lang)]
        if not track.head:
            return 0, ""
        return track.head, self.store.revisions[("p", "s", lang)][track.head - 1].body

    # -- rules -------------------------------------------------------------------------

    @rule(
        pick=st.integers(0, 3),
        lang=st.sampled_from(LANGS),
        picks=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3),
    )
    def save(self, pick: int, lang: str, picks: list[str]) -> None:
        # Mostly the text's own editors; now and then someone who may not edit it.
        who = (EDITORS[lang] + ["rita", "ann" if lang == "fr" else "tom"])[pick]
        number, _ = self.head(lang)
        body = "\n\n".join(picks) + "\n"
        old_state = self.store.tracks[("p", "s", lang)].state
        ok = self.attempt(
            lambda uow: save_revision(
                SaveRevision(
                    actor=who,
                    paper="p",
                    section="s",
                    language=lang,
                    body=body,
                    base_revision=number or None,
                ),
                uow,
            )
        )
        if ok and "RevisionSaved" in self.last_events:
            self.expected["RevisionSaved"] += 1
            if old_state is not SectionState.DRAFTING:
                self.expected["ApprovalsVoided"] += 1

    @rule(pick=st.integers(0, 2), lang=st.sampled_from(LANGS))
    def submit(self, pick: int, lang: str) -> None:
        who = (EDITORS[lang] + ["rita"])[pick]
        if self.attempt(
            lambda uow: submit_text(
                SubmitText(actor=who, paper="p", section="s", language=lang), uow
            )
        ):
            self.expected["SectionSubmitted"] += 1

    @rule(
        pick=st.integers(0, 3),
        lang=st.sampled_from(LANGS),
        decision=st.sampled_from([Decision.APPROVE, Decision.APPROVE, Decision.REQUEST_CHANGES]),
        own=st.booleans(),
    )
    def review(self, pick: int, lang: str, decision: Decision, own: bool) -> None:
        number, _ = self.head(lang)
        authors = self.store.revisions[("p", "s", lang)][number - 1].authors if number else set()
        # Usually someone else's text; sometimes deliberately the reviewer's own.
        pool = (
            sorted(authors)
            if own and authors
            else [p for p in ("rita", "tom", "ann", "sec") if p not in authors]
        )
        who = pool[pick % len(pool)]
        if self.attempt(
            lambda uow: record_review(
                RecordReview(
                    actor=who,
                    paper="p",
                    section="s",
                    language=lang,
                    revision=number,
                    decision=decision.value,
                    note="Please revise.",
                ),
                uow,
            )
        ):
            self.expected["ReviewRecorded"] += 1
            if decision is Decision.REQUEST_CHANGES:
                self.expected["ChangesRequested"] += 1
            elif "SectionApproved" in self.last_events:
                self.expected["SectionApproved"] += 1

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
        number, body = self.head("en")
        if sentence not in body:
            return
        if self.attempt(
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
        ):
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
        old_state = self.store.tracks[("p", "s", "en")].state
        if self.attempt(
            lambda uow: accept_suggestion(
                AcceptSuggestion(
                    actor=who, paper="p", section="s", language="en", comment=target.id or 0
                ),
                uow,
            )
        ):
            self.expected["CommentResolved"] += 1
            self.expected["RevisionSaved"] += 1
            if old_state is not SectionState.DRAFTING:
                self.expected["ApprovalsVoided"] += 1

    # -- invariants --------------------------------------------------------------------

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
                assert track.approved == track.head

    @invariant()
    def nobody_approved_their_own_text(self) -> None:
        for (slug, key, lang), reviews in self.store.reviews.items():
            revisions = self.store.revisions[(slug, key, lang)]
            for r in reviews:
                assert r.reviewer not in revisions[r.revision - 1].authors

    @invariant()
    def a_fresh_translation_was_made_from_the_approved_source(self) -> None:
        source = self.store.tracks[("p", "s", "en")]
        fr = self.store.tracks[("p", "s", "fr")]
        if fr.head:
            made_from = self.store.revisions[("p", "s", "fr")][fr.head - 1].source_revision
            if not is_stale(made_from, source.approved) and source.approved is not None:
                assert made_from == source.approved
            if is_stale(made_from, source.approved):
                # Going stale is a transition too: the approval that caused it said so.
                assert any(
                    e.name == "TranslationStale" and e.payload["approved_source"] == source.approved
                    for e in self.store.log
                )

    @invariant()
    def every_transition_left_its_event(self) -> None:
        logged = Counter(e.name for e in self.store.log)
        for name, count in self.expected.items():
            if count:
                assert logged[name] == count, (name, logged[name], count)
        revisions = sum(len(v) for v in self.store.revisions.values())
        assert logged["RevisionSaved"] == revisions


ReviewMachine.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestReviewInvariants = ReviewMachine.TestCase
