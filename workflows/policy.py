"""What an approval sets off, and what a change of the paper's approval policy does.

A review approves a text when the policy is met (workflows.review); so does a policy
made easier while a text waits in review with enough approvals already. A policy made
stricter leaves approved texts approved: they met the rule they were reviewed under,
and the next revision of each is reviewed under the new one.
"""

from __future__ import annotations

from drafts.model import Paper, Section, SectionState
from drafts.review import is_stale, policy_met
from drafts.review_events import SectionApproved, TranslationStale
from workflows.ports import UnitOfWork


async def mark_stale_translations(
    uow: UnitOfWork, paper: Paper, section: Section, approved: int, actor: str
) -> None:
    """Every translation made from another source revision than `approved` is out of date."""
    for language in paper.target_languages:
        track = await uow.tracks.get(section, language)
        if track is None or track.head == 0:
            continue
        head = await uow.revisions.get(track, track.head)
        if head is not None and head.source_revision != approved:
            uow.record(
                TranslationStale(
                    actor=actor,
                    paper=paper.slug,
                    section=section.key,
                    language=language,
                    made_from=head.source_revision,
                    approved_source=approved,
                )
            )


async def approve_where_policy_met(uow: UnitOfWork, paper: Paper, actor: str) -> int:
    """Approve every text in review whose current approvals meet the paper's policy now;
    how many were approved. Sources go first, so their translations are judged against
    the source revision just approved."""
    sections = {s.key: s for s in await uow.sections.list(paper)}
    approvals = await uow.reviews.approvals(paper)
    heads = await uow.revisions.heads(paper)
    tracks = sorted(
        (t for t in await uow.tracks.for_paper(paper) if t.section in sections),
        key=lambda t: t.language != paper.source_language,
    )
    approved_source = {t.section: t.approved for t in tracks if t.language == paper.source_language}
    count = 0
    for track in tracks:
        head = heads.get((track.section, track.language))
        approvers = approvals.get((track.section, track.language), [])
        if track.state is not SectionState.IN_REVIEW or head is None:
            continue
        translation = track.language != paper.source_language
        if translation and is_stale(head.source_revision, approved_source.get(track.section)):
            continue
        if not policy_met(paper, set(approvers)):
            continue
        track.state = SectionState.APPROVED
        track.approved = head.number
        await uow.tracks.update(track)
        count += 1
        uow.record(
            SectionApproved(
                actor=actor,
                paper=paper.slug,
                section=track.section,
                language=track.language,
                revision=head.number,
                content_hash=head.content_hash,
                approvers=tuple(approvers),
            )
        )
        if not translation:
            approved_source[track.section] = head.number
            await mark_stale_translations(uow, paper, sections[track.section], head.number, actor)
    return count
