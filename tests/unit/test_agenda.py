"""What awaits a person: the duties their working roles give them on each text."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.model import Paper, Role, Section, SectionState
from workflows.agenda import Duty, duty
from workflows.revision_ports import HeadSummary
from workflows.status import Cell

PAPER = Paper(
    slug="p",
    titles={"en": "P"},
    source_language="en",
    languages=("en", "es"),
    members={
        "ann": frozenset({Role.AUTHOR}),
        "tom": frozenset({Role.TRANSLATOR}),
        "rev": frozenset({Role.REVIEWER}),
        "sec": frozenset({Role.SECRETARIAT}),
    },
)
SECTION = Section(key="intro", position=1, titles={"en": "Intro"}, authors=("ann",))


def cell(state: SectionState, *, author: str = "ann", stale: bool = False, approvals=()) -> Cell:
    head = HeadSummary(1, "h", author, datetime.now(UTC), None)
    return Cell(state, head, None, list(approvals), 0, stale)


def test_the_assigned_author_writes_and_submits_the_source() -> None:
    assert duty(PAPER, SECTION, "en", cell(SectionState.DRAFTING), "ann") is Duty.SUBMIT
    assert duty(PAPER, SECTION, "en", cell(SectionState.CHANGES_REQUESTED), "ann") is Duty.WRITE
    empty = Cell(SectionState.DRAFTING, None, None, [], 0, False)
    assert duty(PAPER, SECTION, "en", empty, "ann") is Duty.WRITE
    assert duty(PAPER, SECTION, "en", cell(SectionState.IN_REVIEW), "ann") is None


def test_a_stale_translation_awaits_its_translator() -> None:
    stale = cell(SectionState.APPROVED, author="tom", stale=True)
    assert duty(PAPER, SECTION, "es", stale, "tom") is Duty.UPDATE_TRANSLATION
    assert duty(PAPER, SECTION, "en", stale, "tom") is None


def test_a_reviewer_is_awaited_until_they_approved_and_never_on_their_own_text() -> None:
    assert duty(PAPER, SECTION, "en", cell(SectionState.IN_REVIEW), "rev") is Duty.REVIEW
    done = cell(SectionState.IN_REVIEW, approvals=["rev"])
    assert duty(PAPER, SECTION, "en", done, "rev") is None
    own = cell(SectionState.IN_REVIEW, author="rev")
    assert duty(PAPER, SECTION, "en", own, "rev") is None


def test_the_secretariat_is_awaited_only_where_the_policy_wants_its_approval() -> None:
    in_review = cell(SectionState.IN_REVIEW)
    assert duty(PAPER, SECTION, "en", in_review, "sec") is None
    strict = Paper(**{**PAPER.__dict__, "secretariat_approval_required": True})
    assert duty(strict, SECTION, "en", in_review, "sec") is Duty.REVIEW
    assert duty(PAPER, SECTION, "en", cell(SectionState.DRAFTING), "sec") is None
