"""Submitting text for review, reviewing it, and a translation's source changes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from drafts.commands import RecordReview, SubmitText
from services.api.deps import CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.review_schemas import ReviewIn, ReviewOut, SourceChangesOut, SubmitOut
from services.api.revision_schemas import WordChangeOut
from services.api.routes.revisions import LANGUAGE
from workflows.drafting import load_track
from workflows.papers import load_paper
from workflows.review import record_review, submit_text
from workflows.status import source_changes

router = APIRouter(tags=["review"])

SECTION = "/papers/{paper}/sections/{section}"


@router.post(LANGUAGE + "/submit", response_model=SubmitOut)
async def post_submit(
    paper: str, section: str, lang: str, uow: UowDep, caller: CurrentUser
) -> SubmitOut:
    """Submit the current revision for review (drafting → in_review)."""
    view = await submit_text(
        SubmitText(actor=caller.name, paper=paper, section=section, language=lang), uow
    )
    return SubmitOut(
        section=section, language=lang, state=view.track.state.value, revision=view.track.head
    )


@router.post(SECTION + "/reviews", status_code=201, response_model=ReviewOut)
async def post_review(
    paper: str, section: str, body: ReviewIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Approve or request changes on the current revision (reviewers; never your own text)."""

    async def act() -> Answer:
        language = body.language or (await load_paper(uow, paper, caller.name)).source_language
        view, review = await record_review(
            RecordReview(
                actor=caller.name,
                paper=paper,
                section=section,
                language=language,
                revision=body.revision,
                decision=body.decision,
                note=body.note,
            ),
            uow,
        )
        out = ReviewOut(
            section=section,
            language=language,
            revision=review.revision,
            content_hash=review.content_hash,
            reviewer=review.reviewer,
            decision=review.decision.value,
            note=review.note,
            created_at=review.created_at,
            state=view.track.state.value,
        )
        return Answer(201, out.model_dump(mode="json"))

    return await commit_once(request, uow, caller, act)


@router.get(LANGUAGE + "/source-changes", response_model=SourceChangesOut)
async def get_source_changes(
    paper: str, section: str, lang: str, uow: UowDep, caller: CurrentUser
) -> SourceChangesOut:
    """For a translation: the source diff since the source revision it was made from."""
    view = await load_track(uow, paper, section, lang, caller.name)
    changes = await source_changes(uow, view)
    diff = changes.diff
    return SourceChangesOut(
        section=section,
        language=lang,
        made_from=changes.made_from,
        source_revision=changes.source_now,
        up_to_date=changes.source_now is None or changes.made_from == changes.source_now,
        unified=diff.unified if diff else "",
        words=[WordChangeOut(op=w.op, text=w.text) for w in diff.words] if diff else [],
    )
