"""Word files in: a section's text (with its review marks) and review copies coming back.

Every upload passes the package guard first (size, entries, inflation, paths, outside
links, XML entities, macros); pandoc then reads it in a thread, with no database
connection held, and only then does the request take the text's lock.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from drafts.access import Action, authorize
from drafts.errors import InvalidRequest
from drafts.model import MAX_NUMBER, parse_etag
from services.api.deps import AccordDep, CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.revision_schemas import RevisionSummaryOut
from services.api.routes.revisions import LANGUAGE
from services.api.word_schemas import (
    DroppedOut,
    ImportOut,
    ReviewCopyReturnedOut,
    ReviewMarksOut,
)
from services.config import Settings
from services.word.guard import Limits, Package, check_docx
from services.word.reader import read_review_copy, read_section_file
from workflows.drafting import load_track
from workflows.papers import load_paper
from workflows.word_import import (
    ImportWordFile,
    ReturnReviewCopy,
    import_section,
    return_review_copy,
)

router = APIRouter(tags=["word"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UPLOAD: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The Word file itself (.docx), as the request body",
        # The DOCX type is the one to send; any binary type is read the same way.
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in (DOCX, "application/octet-stream")
        },
    }
}
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file (or what it inflates to) is over a limit"},
    415: {"description": "Not a Word document Accord reads (another format, .doc, macros)"},
    422: {"description": "Refused for safety (outside links, XML entities) or invalid"},
}


def limits(settings: Settings) -> Limits:
    return Limits(max_bytes=settings.word_max_bytes)


async def _package(request: Request, settings: Settings) -> Package:
    kind = request.headers.get("content-type", DOCX).split(";")[0].strip().lower()
    if kind not in (DOCX, "application/octet-stream"):
        raise InvalidRequest(f"send the .docx file itself as the body, with Content-Type {DOCX}")
    return check_docx(await request.body(), limits(settings))


def _base(base_revision: int | None, if_match: str | None) -> int | None:
    if if_match is None:
        return base_revision
    named = parse_etag(if_match)
    if named is None:
        raise InvalidRequest(f'If-Match {if_match!r} is not an ETag of a revision, like "r3"')
    if base_revision is not None and base_revision != named:
        raise InvalidRequest("base_revision and If-Match name different revisions")
    return named


@router.post(
    LANGUAGE + "/imports",
    status_code=201,
    response_model=ImportOut,
    responses={200: {"model": ImportOut, "description": "Nothing new"}, **_PROBLEMS},
    openapi_extra=_UPLOAD,
)
async def post_import(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    base_revision: Annotated[
        int | None, Query(ge=1, le=MAX_NUMBER, description="The revision the file was made from")
    ] = None,
    changes: Annotated[
        Literal["suggest", "accept"],
        Query(
            description="Tracked changes become suggestions (`suggest`) or part of the text "
            "(`accept`, for those who may edit the text)"
        ),
    ] = "suggest",
    source_revision: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Import the section's text from a Word file, saved like a typed save on its base
    (merged on a stale base, 409 on overlapping edits, 428 without a base); its comments
    become threads and its tracked changes suggestions. 201 when it added anything."""
    base = _base(base_revision, if_match)
    package = await _package(request, accord.settings)
    # Only a member who may comment has the file read; then no connection is held while
    # pandoc reads it.
    view = await load_track(uow, paper, section, lang, caller.name)
    authorize(view.paper, caller.name, Action.COMMENT)
    await uow.rollback()
    word_file = await asyncio.to_thread(
        read_section_file, package, "accept" if changes == "accept" else "reject"
    )

    async def act() -> Answer:
        imported = await import_section(
            ImportWordFile(
                actor=caller.name,
                paper=paper,
                section=section,
                language=lang,
                file=word_file,
                changes=changes,
                base_revision=base,
                source_revision=source_revision,
            ),
            uow,
            max_body_bytes=accord.settings.max_body_bytes,
        )
        saved, outcome = imported.saved, imported.outcome
        created = saved is not None and saved.created
        out = ImportOut(
            section=section,
            language=lang,
            created=created,
            merged=created and saved is not None and saved.revision.merged,
            revision=RevisionSummaryOut.of(imported.revision),
            dropped=[DroppedOut.of(d) for d in imported.dropped],
            **ReviewMarksOut.fields_of(outcome),  # type: ignore[arg-type]
        )
        added = created or outcome.threads or outcome.suggestions or outcome.replies
        return Answer(
            201 if added else 200, out.model_dump(mode="json"), {"ETag": imported.revision.etag}
        )

    return await commit_once(request, uow, caller, act)


@router.post(
    "/papers/{paper}/review-copies/{lang}.docx",
    status_code=201,
    response_model=ReviewCopyReturnedOut,
    responses={200: {"model": ReviewCopyReturnedOut, "description": "Nothing new"}, **_PROBLEMS},
    openapi_extra=_UPLOAD,
)
async def post_review_copy(
    paper: str, lang: str, request: Request, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> JSONResponse:
    """Send a review copy back after reading it in Word: replies join the threads it
    carried, new comments open threads, tracked changes become suggestions, on the text
    as it is now; what an earlier upload brought in is not added again."""
    package = await _package(request, accord.settings)
    found = await load_paper(uow, paper, caller.name)
    found.require_language(lang)
    await uow.rollback()
    copy = await asyncio.to_thread(read_review_copy, package)

    async def act() -> Answer:
        outcome = await return_review_copy(
            ReturnReviewCopy(actor=caller.name, paper=paper, language=lang, file=copy), uow
        )
        out = ReviewCopyReturnedOut(language=lang, **ReviewMarksOut.fields_of(outcome))  # type: ignore[arg-type]
        added = outcome.threads or outcome.suggestions or outcome.replies
        return Answer(201 if added else 200, out.model_dump(mode="json"))

    return await commit_once(request, uow, caller, act)
