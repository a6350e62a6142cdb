"""Review threads and suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    EditComment,
    RejectSuggestion,
    ReopenComment,
    ResolveComment,
)
from drafts.comments import Comment
from drafts.model import MAX_NUMBER
from services.api import cursors
from services.api.deps import After, CurrentUser, Limit, NumberInPath, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.review_schemas import CommentIn, CommentOut, CommentPatch, RejectIn, SettleIn
from services.api.revision_schemas import RevisionOut
from services.api.schemas import LanguageCode, PageOut
from services.store.unit_of_work import SqlUnitOfWork
from workflows.comments import (
    accept_suggestion,
    add_comment,
    edit_comment,
    list_comments,
    reject_suggestion,
    reopen_comment,
    resolve_comment,
)
from workflows.drafting import TrackView, get_revision, load_track
from workflows.papers import load_paper

router = APIRouter(tags=["comments"])

COMMENTS = "/papers/{paper}/sections/{section}/comments"
Language = Annotated[LanguageCode | None, Query(description="Default: the paper's source language")]


async def _language(uow: SqlUnitOfWork, paper: str, user: str, language: str | None) -> str:
    return language or (await load_paper(uow, paper, user)).source_language


async def _thread_out(uow: SqlUnitOfWork, view: TrackView, comment: Comment) -> CommentOut:
    """The thread as it now stands in the current revision."""
    return (await _out(uow, view, [comment]))[0]


async def _out(uow: SqlUnitOfWork, view: TrackView, comments: list[Comment]) -> list[CommentOut]:
    current = None
    if view.track.head:
        head = await get_revision(uow, view, view.track.head)
        current = (head.number, head.body)
    return [CommentOut.of(c, view.section.key, view.track.language, current) for c in comments]


@router.post(COMMENTS, status_code=201, response_model=CommentOut)
async def post_comment(
    paper: str, section: str, body: CommentIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Comment on a quote of a revision (a suggestion when `replacement` is set), or reply."""

    async def act() -> Answer:
        language = await _language(uow, paper, caller.name, body.language)
        view, comment = await add_comment(
            AddComment(
                actor=caller.name,
                paper=paper,
                section=section,
                language=language,
                body=body.body,
                revision=body.revision,
                exact=body.exact,
                prefix=body.prefix,
                suffix=body.suffix,
                start=body.start,
                end=body.end,
                parent=body.parent,
                replacement=body.replacement,
            ),
            uow,
        )
        [out] = await _out(uow, view, [comment])
        return Answer(201, out.model_dump(mode="json"))

    return await commit_once(request, uow, caller, act)


@router.get(COMMENTS, response_model=PageOut[CommentOut])
async def get_comments(
    paper: str,
    section: str,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
    status: Annotated[str | None, Query(pattern="^(open|resolved)$")] = None,
    revision: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
    after: After = None,
    limit: Limit = 50,
) -> PageOut[CommentOut]:
    """The comments on a text, with where each now stands in the current revision."""
    lang = await _language(uow, paper, caller.name, language)
    view = await load_track(uow, paper, section, lang, caller.name)
    page = await list_comments(
        uow, view, status=status, revision=revision, after=cursors.decode(after), limit=limit
    )
    return PageOut(items=await _out(uow, view, page.items), next=cursors.encode(page.next_after))


@router.patch(COMMENTS + "/{comment}", response_model=CommentOut)
async def patch_comment(
    paper: str,
    section: str,
    comment: NumberInPath,
    body: CommentPatch,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
) -> CommentOut:
    """Edit your own comment (its body, a suggestion's replacement) until someone replies."""
    lang = await _language(uow, paper, caller.name, language)
    view, found = await edit_comment(
        EditComment(
            actor=caller.name,
            paper=paper,
            section=section,
            language=lang,
            comment=comment,
            body=body.body,
            replacement=body.replacement,
        ),
        uow,
    )
    return await _thread_out(uow, view, found)


@router.post(COMMENTS + "/{comment}/resolve", response_model=CommentOut)
async def post_resolve(
    paper: str,
    section: str,
    comment: NumberInPath,
    body: SettleIn,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
) -> CommentOut:
    """Resolve a thread."""
    lang = await _language(uow, paper, caller.name, language)
    view, found = await resolve_comment(
        ResolveComment(
            actor=caller.name,
            paper=paper,
            section=section,
            language=lang,
            comment=comment,
            note=body.note,
        ),
        uow,
    )
    return await _thread_out(uow, view, found)


@router.post(COMMENTS + "/{comment}/reopen", response_model=CommentOut)
async def post_reopen(
    paper: str,
    section: str,
    comment: NumberInPath,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
) -> CommentOut:
    """Reopen a resolved thread; it is re-anchored on the current revision."""
    lang = await _language(uow, paper, caller.name, language)
    view, found = await reopen_comment(
        ReopenComment(
            actor=caller.name, paper=paper, section=section, language=lang, comment=comment
        ),
        uow,
    )
    return await _thread_out(uow, view, found)


@router.post(COMMENTS + "/{comment}/accept", status_code=201, response_model=RevisionOut)
async def post_accept(
    paper: str,
    section: str,
    comment: NumberInPath,
    request: Request,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
) -> JSONResponse:
    """Accept a suggestion: a new revision with the quote replaced once; 409 if it is gone."""

    async def act() -> Answer:
        lang = await _language(uow, paper, caller.name, language)
        _, saved = await accept_suggestion(
            AcceptSuggestion(
                actor=caller.name, paper=paper, section=section, language=lang, comment=comment
            ),
            uow,
        )
        revision = saved.revision
        return Answer(
            201,
            RevisionOut.full(revision, section, lang).model_dump(mode="json"),
            {"ETag": revision.etag},
        )

    return await commit_once(request, uow, caller, act)


@router.post(COMMENTS + "/{comment}/reject", response_model=CommentOut)
async def post_reject(
    paper: str,
    section: str,
    comment: NumberInPath,
    body: RejectIn,
    uow: UowDep,
    caller: CurrentUser,
    language: Language = None,
) -> CommentOut:
    """Reject a suggestion, with the reason."""
    lang = await _language(uow, paper, caller.name, language)
    view, found = await reject_suggestion(
        RejectSuggestion(
            actor=caller.name,
            paper=paper,
            section=section,
            language=lang,
            comment=comment,
            reason=body.reason,
        ),
        uow,
    )
    return await _thread_out(uow, view, found)
