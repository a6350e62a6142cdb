"""Submitting text for review, recording reviews, and what an approval sets off."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.access import Action, authorize
from drafts.commands import RecordReview, SubmitText
from drafts.errors import InvalidRequest
from drafts.events import TextRef
from drafts.model import Revision
from drafts.review import Decision, Review, apply_review, check_review, is_stale, submit
from drafts.review_events import ChangesRequested, ReviewRecorded, SectionApproved, SectionSubmitted
from drafts.text import check_storable
from workflows.drafting import TrackView, get_revision, load_text_to_change
from workflows.policy import mark_stale_translations
from workflows.ports import UnitOfWork

MAX_NOTE_CHARS = 20_000


async def submit_text(cmd: SubmitText, uow: UnitOfWork) -> TrackView:
    """The text, now in review."""
    view = await load_text_to_change(
        uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True
    )
    authorize(view.paper, cmd.actor, Action.SUBMIT, section=view.section, language=cmd.language)
    submit(view.track)
    await uow.tracks.update(view.track)
    uow.record(
        SectionSubmitted(
            actor=cmd.actor,
            paper=view.paper.slug,
            section=view.section.key,
            language=cmd.language,
            revision=view.track.head,
        )
    )
    return view


async def translation_source(uow: UnitOfWork, view: TrackView) -> tuple[int | None, int | None]:
    """For a translation: (the source revision its text was made from, the approved one)."""
    if view.track.language == view.paper.source_language or view.track.head == 0:
        return None, None
    head = await get_revision(uow, view, view.track.head)
    source = await uow.tracks.get(view.section, view.paper.source_language)
    return head.source_revision, source.approved if source else None


async def check_reviewable(
    uow: UnitOfWork,
    view: TrackView,
    revision: Revision,
    reviewer: str,
    decision: Decision,
    note: str,
) -> None:
    """Refuse the review unless the rules allow it on this revision now (also asked by
    clients that offer a review only to whom it would be allowed)."""
    made_from, approved_source = await translation_source(uow, view)
    check_review(
        track=view.track,
        revision=revision,
        reviewer=reviewer,
        decision=decision,
        note=note,
        stale=is_stale(made_from, approved_source),
        authors=set(revision.authors),
        contributors=await uow.revisions.authors_between(
            view.track, view.track.approved or 0, revision.number
        ),
    )


async def record_review(cmd: RecordReview, uow: UnitOfWork) -> tuple[TrackView, Review]:
    """The recorded review; the text is approved once the paper's policy is met."""
    try:
        decision = Decision(cmd.decision)
    except ValueError:
        raise InvalidRequest("decision must be 'approve' or 'request_changes'") from None
    check_storable(cmd.note, "note")
    if len(cmd.note) > MAX_NOTE_CHARS:
        raise InvalidRequest(f"note is longer than {MAX_NOTE_CHARS} characters")
    view = await load_text_to_change(
        uow, cmd.paper, cmd.section, cmd.language, cmd.actor, lock=True
    )
    authorize(view.paper, cmd.actor, Action.REVIEW, section=view.section, language=cmd.language)
    revision = await get_revision(uow, view, cmd.revision)
    await check_reviewable(uow, view, revision, cmd.actor, decision, cmd.note)
    review = Review(
        revision=revision.number,
        content_hash=revision.content_hash,
        reviewer=cmd.actor,
        decision=decision,
        note=cmd.note,
        created_at=datetime.now(UTC),
    )
    current = await uow.reviews.for_revision(view.track, revision.number)
    await uow.reviews.add(view.track, review)
    where: TextRef = {
        "paper": view.paper.slug,
        "section": view.section.key,
        "language": cmd.language,
    }
    uow.record(
        ReviewRecorded(
            actor=cmd.actor,
            **where,
            revision=revision.number,
            content_hash=revision.content_hash,
            decision=decision.value,
            note=cmd.note,
        )
    )
    approved = apply_review(view.paper, view.track, review, current)
    await uow.tracks.update(view.track)
    if decision is Decision.REQUEST_CHANGES:
        uow.record(ChangesRequested(actor=cmd.actor, **where, revision=revision.number))
    if approved:
        approvers = tuple(
            dict.fromkeys(r.reviewer for r in [*current, review] if r.decision is Decision.APPROVE)
        )
        uow.record(
            SectionApproved(
                actor=cmd.actor,
                **where,
                revision=revision.number,
                content_hash=revision.content_hash,
                approvers=approvers,
            )
        )
        if cmd.language == view.paper.source_language:
            await mark_stale_translations(uow, view.paper, view.section, revision.number, cmd.actor)
    return view, review
