"""How a section moves from drafting to approved in one language.

`drafting → in_review → (changes_requested → in_review)* → approved`; any new revision
returns the section to drafting, because an approval is for a content hash, never for a
section in general.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from drafts.errors import Forbidden, InvalidRequest, InvalidTransition
from drafts.model import Paper, Revision, Role, SectionState, Track


class Decision(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"


@dataclass(frozen=True)
class Review:
    revision: int
    content_hash: str
    reviewer: str
    decision: Decision
    note: str
    created_at: datetime
    voided: bool = False


def submit(track: Track) -> None:
    """Move a drafted (or sent back) text into review."""
    if track.head == 0:
        raise InvalidTransition("there is no text to submit yet")
    if track.state not in (SectionState.DRAFTING, SectionState.CHANGES_REQUESTED):
        raise InvalidTransition(f"the text is {track.state.value}; only a draft can be submitted")
    track.state = SectionState.IN_REVIEW


def reopen_for_new_revision(track: Track) -> bool:
    """Return the text to drafting after a new revision; True when approvals were voided."""
    was_reviewed = track.state is not SectionState.DRAFTING
    track.state = SectionState.DRAFTING
    return was_reviewed


def approval_reached(paper: Paper, approvals: Iterable[Review]) -> bool:
    """Whether these (current, non-void) approvals satisfy the paper's policy."""
    return policy_met(
        paper, {a.reviewer for a in approvals if a.decision is Decision.APPROVE and not a.voided}
    )


def policy_met(paper: Paper, approvers: set[str]) -> bool:
    """Whether approvals by these people satisfy the paper's approval policy."""
    if len(approvers) < paper.approvals_required:
        return False
    if paper.secretariat_approval_required:
        return any(Role.SECRETARIAT in paper.roles_of(r) for r in approvers)
    return True


def check_review(
    *,
    track: Track,
    revision: Revision,
    reviewer: str,
    decision: Decision,
    note: str,
    stale: bool,
    authors: set[str],
    contributors: set[str],
) -> None:
    """Refuse a review the rules do not allow.

    `authors` wrote this revision (or proposed text in it); `contributors` wrote any
    revision since the last approved one. Nobody reviews a revision they wrote, and
    nobody approves text that holds their own writing since the last approval: saving
    a sentence in revision 4 and letting a colleague save revision 5 on top must not
    let the writer of revision 4 approve it.
    """
    if revision.number != track.head:
        raise InvalidTransition(
            f"revision {revision.number} is not the current revision ({track.head}); "
            "review the current text"
        )
    if track.state is not SectionState.IN_REVIEW:
        raise InvalidTransition(
            f"the text is {track.state.value}; only a submitted text can be reviewed"
        )
    if reviewer in authors:
        raise Forbidden("nobody may review a revision they wrote")
    if decision is Decision.APPROVE and reviewer in contributors:
        raise Forbidden(
            "nobody may approve text they wrote: you saved a revision since the last approval"
        )
    if decision is Decision.APPROVE and stale:
        raise InvalidTransition(
            "this translation was made from a source revision that is no longer the approved "
            "one; update it from the source changes first"
        )
    if decision is Decision.REQUEST_CHANGES and not note.strip():
        raise InvalidRequest("say what should change: a request for changes needs a note")


def apply_review(paper: Paper, track: Track, review: Review, current: list[Review]) -> bool:
    """Move the track after `review`; True when it just became approved."""
    if review.decision is Decision.REQUEST_CHANGES:
        track.state = SectionState.CHANGES_REQUESTED
        return False
    if approval_reached(paper, [*current, review]):
        track.state = SectionState.APPROVED
        track.approved = review.revision
        return True
    return False


def is_stale(translation_source: int | None, approved_source: int | None) -> bool:
    """A translation is stale when the source has an approved revision it was not made from."""
    return approved_source is not None and translation_source != approved_source
