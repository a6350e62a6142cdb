"""What awaits a person on a paper: the texts they are expected to act on next.

A duty is what a person's working roles (author, translator, reviewer) let them do on a
text in its current state. The secretariat may do everything, so its permissions say
nothing about what it is waiting to do: its duty is to review only where the paper's
policy asks for its approval.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from drafts.access import Action, may
from drafts.model import Paper, Role, Section, SectionState
from workflows.status import Cell


class Duty(StrEnum):
    WRITE = "write"  # draft or revise the text, then submit it
    SUBMIT = "submit"  # a text in drafting waits to be submitted
    UPDATE_TRANSLATION = "update translation"  # its source changed since it was made
    REVIEW = "review"  # in review, and this person has not yet approved it


def _working(paper: Paper, user: str) -> Paper:
    """The paper as if the person held only their working roles."""
    roles = paper.roles_of(user) - {Role.SECRETARIAT}
    return replace(paper, members={user: roles} if roles else {})


def duty(paper: Paper, section: Section, language: str, cell: Cell, user: str) -> Duty | None:
    """What the text asks of `user` now, or None."""
    working = _working(paper, user)
    writes = may(working, user, Action.EDIT_TEXT, section=section, language=language)
    if writes and cell.stale:
        return Duty.UPDATE_TRANSLATION
    if writes and cell.state is SectionState.CHANGES_REQUESTED:
        return Duty.WRITE
    if writes and cell.state is SectionState.DRAFTING:
        return Duty.SUBMIT if cell.head is not None else Duty.WRITE
    reviews = may(working, user, Action.REVIEW) or (
        Role.SECRETARIAT in paper.roles_of(user) and paper.secretariat_approval_required
    )
    if (
        reviews
        and cell.state is SectionState.IN_REVIEW
        and not cell.stale
        and user not in cell.approvals
        and (cell.head is None or cell.head.author != user)
    ):
        return Duty.REVIEW
    return None
