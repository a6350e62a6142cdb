"""The text of a section in one language: saving, history and diffs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from drafts.commands import SaveRevision
from drafts.model import MAX_NUMBER, IfMatch
from services.api import cursors
from services.api.deps import AccordDep, After, CurrentUser, Limit, NumberInPath, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.revision_schemas import (
    DiffOut,
    LanguageStatusOut,
    RevisionIn,
    RevisionOut,
    RevisionSummaryOut,
    SourceDistanceOut,
    WordChangeOut,
)
from services.api.schemas import PageOut
from workflows.drafting import (
    diff_revisions,
    get_revision,
    list_revisions,
    load_track,
    save_revision,
)
from workflows.status import text_status

router = APIRouter(tags=["revisions"])

LANGUAGE = "/papers/{paper}/sections/{section}/languages/{lang}"


@router.get(LANGUAGE, response_model=LanguageStatusOut)
async def get_language(
    paper: str, section: str, lang: str, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """The text of a section in one language: state, current revision (its ETag is the
    answer's), approvals, open comments, staleness and how far its source moved."""
    view = await load_track(uow, paper, section, lang, caller.name)
    status = await text_status(uow, view)
    current, source = status.current, status.source
    out = LanguageStatusOut(
        section=section,
        language=lang,
        is_source=lang == view.paper.source_language,
        state=view.track.state.value,
        current_revision=RevisionSummaryOut.of(current) if current else None,
        approved_revision=view.track.approved,
        approvals=status.approvals,
        open_comments=status.open_comments,
        stale=status.stale,
        source=SourceDistanceOut(
            made_from=source.made_from,
            current_revision=source.source_current,
            approved_revision=source.source_approved,
            revisions_behind=source.revisions_behind,
            moved=source.moved,
        )
        if source
        else None,
    )
    return JSONResponse(
        out.model_dump(mode="json"), headers={"ETag": current.etag} if current else None
    )


@router.post(LANGUAGE + "/revisions", status_code=201, response_model=RevisionOut)
async def post_revision(
    paper: str,
    section: str,
    lang: str,
    body: RevisionIn,
    request: Request,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Save a new revision: 201 new (merged if `base_revision` is older), 200 unchanged,
    409 with the conflicting hunks, 412 when If-Match is not the current revision, 428
    without a base once a revision exists."""

    async def act() -> Answer:
        saved = await save_revision(
            SaveRevision(
                actor=caller.name,
                paper=paper,
                section=section,
                language=lang,
                body=body.body,
                base_revision=body.base_revision,
                if_match=IfMatch.parse(if_match) if if_match is not None else None,
                source_revision=body.source_revision,
            ),
            uow,
            max_body_bytes=accord.settings.max_body_bytes,
        )
        revision = saved.revision
        url = f"/api/v1/papers/{paper}/sections/{section}/languages/{lang}/revisions"
        return Answer(
            201 if saved.created else 200,
            RevisionOut.full(revision, section, lang).model_dump(mode="json"),
            {"ETag": revision.etag, "Location": f"{url}/{revision.number}"},
        )

    return await commit_once(request, uow, caller, act)


@router.get(LANGUAGE + "/revisions", response_model=PageOut[RevisionSummaryOut])
async def get_revisions(
    paper: str,
    section: str,
    lang: str,
    uow: UowDep,
    caller: CurrentUser,
    after: After = None,
    limit: Limit = 50,
) -> PageOut[RevisionSummaryOut]:
    """The history of the text, oldest first (bodies via the single-revision route)."""
    view = await load_track(uow, paper, section, lang, caller.name)
    page = await list_revisions(uow, view, cursors.decode(after), limit)
    return PageOut(
        items=[RevisionSummaryOut.of(r) for r in page.items],
        next=cursors.encode(page.next_after),
    )


@router.get(LANGUAGE + "/revisions/{number}", response_model=RevisionOut)
async def get_one_revision(
    paper: str, section: str, lang: str, number: NumberInPath, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """One revision with its text."""
    view = await load_track(uow, paper, section, lang, caller.name)
    revision = await get_revision(uow, view, number)
    return JSONResponse(
        RevisionOut.full(revision, section, lang).model_dump(mode="json"),
        headers={"ETag": revision.etag},
    )


@router.get(LANGUAGE + "/revisions/{number}/diff", response_model=DiffOut)
async def get_diff(
    paper: str,
    section: str,
    lang: str,
    number: NumberInPath,
    uow: UowDep,
    caller: CurrentUser,
    against: Annotated[
        int | None, Query(ge=1, le=MAX_NUMBER, description="Default: the parent")
    ] = None,
) -> DiffOut:
    """How revision `number` differs from revision `against`, by line and by word."""
    view = await load_track(uow, paper, section, lang, caller.name)
    old = against if against is not None else max(number - 1, 1)
    diff = await diff_revisions(uow, view, old, number)
    return DiffOut(
        section=section,
        language=lang,
        old=diff.old,
        new=diff.new,
        unified=diff.unified,
        words=[WordChangeOut(op=w.op, text=w.text) for w in diff.words],
    )
