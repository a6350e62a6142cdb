"""Redlines: what changed between two revisions of a text, or two versions of the paper,
as a Word file with tracked changes."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from drafts.errors import InvalidRequest
from drafts.model import MAX_NUMBER
from services.api.deps import AccordDep, CurrentUser, NumberInPath, UowDep
from services.api.routes.revisions import LANGUAGE
from services.bootstrap import Accord
from services.render.redline import cached_redline, redline_digest
from workflows.editions import file_stem
from workflows.redlines import revision_redline, version_redline
from workflows.rendering import Edition, RenderFailed

router = APIRouter(tags=["redlines"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {DOCX: {}}, "description": "The redline, a Word file"}
}


async def _redline_file(
    accord: Accord, edition: Edition, name: str, if_none_match: str | None
) -> Response:
    """The redline's file: made once per content (by the job a version sets off, or by
    the first request) and kept."""
    etag = f'"{redline_digest(edition)}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    if if_none_match == etag:
        return Response(status_code=304, headers=headers)
    try:
        data = await asyncio.to_thread(cached_redline, accord.renderer, accord.files, edition)
    except RenderFailed as failure:
        raise InvalidRequest(f"the redline could not be made: {failure}") from None
    except TimeoutError:
        raise InvalidRequest("the redline took too long to make; ask again") from None
    headers["X-Content-SHA256"] = hashlib.sha256(data).hexdigest()
    return Response(data, media_type=DOCX, headers=headers)


@router.get(LANGUAGE + "/revisions/{number}/redline.docx", response_class=Response, responses=_FILE)
async def get_revision_redline(
    paper: str,
    section: str,
    lang: str,
    number: NumberInPath,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    against: Annotated[
        int | None,
        Query(ge=1, le=MAX_NUMBER, description="The older revision; default: the parent"),
    ] = None,
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Revision `number` as a Word file with every change since revision `against` as a
    tracked change, credited to the member whose revision made it."""
    older = against if against is not None else number - 1
    if older < 1:
        raise InvalidRequest("revision 1 has no older revision: name one with against")
    edition = await revision_redline(uow, paper, section, lang, caller.name, number, older)
    await uow.rollback()  # no transaction waits for the render
    name = f"{file_stem(edition.symbol)}-{section}-{lang}-r{older}-r{number}-redline.docx"
    return await _redline_file(accord, edition, name, if_none_match)


@router.get(
    "/papers/{paper}/publications/{version}/redline/{lang}.docx",
    response_class=Response,
    responses=_FILE,
)
async def get_version_redline(
    paper: str,
    version: str,
    lang: str,
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
    against: Annotated[str, Query(max_length=16, description="The older version, like 0.1")],
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Version `version` in one language as a Word file with every change since version
    `against` as a tracked change, credited to the member whose revision made it."""
    edition = await version_redline(uow, paper, caller.name, version, lang, against)
    await uow.rollback()
    name = f"{file_stem(edition.symbol)}-{against}-{version}-{lang}-redline.docx"
    return await _redline_file(accord, edition, name, if_none_match)
