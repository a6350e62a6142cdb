"""The text of a section in one language: saving, history and diffs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from drafts.commands import SaveRevision
from drafts.errors import InvalidRequest
from drafts.model import MAX_NUMBER, parse_etag
from services.api import cursors
from services.api.deps import AccordDep, After, CurrentUser, Limit, NumberInPath, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.schemas import (
    DiffOut,
    LanguageStatusOut,
    PageOut,
    RevisionIn,
    RevisionOut,
    RevisionSummaryOut,
    WordChangeOut,
)
from workflows.drafting import (
    diff_revisions,
    get_revision,
    list_revisions,
    load_track,
    save_revision,
)

router = APIRouter(tags=["revisions"])

LANGUAGE = "/papers/{paper}/sections/{section}/languages/{lang}"


def _base_from(body: RevisionIn, if_match: str | None) -> int | None:
    if if_match is None:
        return body.base_revision
    named = parse_etag(if_match)
    if named is None:
        raise InvalidRequest(f'If-Match {if_match!r} is not an ETag of a revision, like "r3"')
    if body.base_revision is not None and body.base_revision != named:
        raise InvalidRequest("base_revision and If-Match name different revisions")
    return named


@router.get(LANGUAGE, response_model=LanguageStatusOut)
async def get_language(
    paper: str, section: str, lang: str, uow: UowDep, caller: CurrentUser
) -> LanguageStatusOut:
    """The state of a section in one language and its current revision."""
    view = await load_track(uow, paper, section, lang, caller.name)
    current = await get_revision(uow, view, view.track.head) if view.track.head else None
    return LanguageStatusOut(
        section=section,
        language=lang,
        is_source=lang == view.paper.source_language,
        state=view.track.state.value,
        current_revision=RevisionSummaryOut.of(current) if current else None,
        approved_revision=view.track.approved,
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
    """Save a new revision on top of `base_revision`: 201 new (maybe merged), 200 unchanged,
    409 with the conflicting hunks, 428 without a base once a revision exists."""

    async def act() -> Answer:
        saved = await save_revision(
            SaveRevision(
                actor=caller.name,
                paper=paper,
                section=section,
                language=lang,
                body=body.body,
                base_revision=_base_from(body, if_match),
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
