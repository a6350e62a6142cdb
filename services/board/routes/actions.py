"""What a person does to a text from its page: the same commands the API builds.

Each form is handled by the workflow handler the matching API route calls; the page
then shows the result (303 to a GET, so reloading posts nothing twice). A refusal shows
the page again with the domain's reason and nothing changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    RecordReview,
    RejectSuggestion,
    ReopenComment,
    ResolveComment,
    SaveRevision,
    SubmitText,
)
from drafts.errors import DomainError, InvalidRequest, RevisionConflict
from drafts.model import MAX_NUMBER
from services.api.deps import AccordDep, NumberInPath, UowDep
from services.api.problems import _status_of
from services.board.markdown import to_html
from services.board.pages import BoardRoute, back_to, page
from services.board.person import SignedInPerson
from services.board.quotes import locate_selection
from services.board.routes.texts import TEXT, text_context
from services.store.unit_of_work import SqlUnitOfWork
from workflows.comments import (
    accept_suggestion,
    add_comment,
    reject_suggestion,
    reopen_comment,
    resolve_comment,
)
from workflows.drafting import get_revision, load_track, save_revision
from workflows.review import record_review, submit_text

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

# Form fields are bounded as the API's JSON fields are.
Note = Annotated[str, Form(max_length=20_000)]
Quote = Annotated[str, Form(max_length=5_000)]
Revision = Annotated[int, Form(ge=1, le=MAX_NUMBER)]
Comment = Annotated[int, Form(ge=1, le=MAX_NUMBER)]


def _url(paper: str, section: str, lang: str, anchor: str = "") -> str:
    return f"/papers/{paper}/texts/{section}/{lang}" + (f"#{anchor}" if anchor else "")


async def _refused(
    request: Request,
    uow: SqlUnitOfWork,
    paper: str,
    section: str,
    lang: str,
    user: SignedInPerson,
    error: DomainError,
    **kept: str,
) -> HTMLResponse:
    """The text page again, with why the request was refused; nothing was changed."""
    await uow.rollback()
    context = await text_context(uow, paper, section, lang, user.name)
    return page(
        request,
        "text.html",
        {**context, "error": error.detail, "kept": kept},
        person=user,
        status=_status_of(error),
    )


@router.post(TEXT + "/edit", response_class=HTMLResponse)
async def save(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    accord: AccordDep,
    body: Annotated[str, Form(max_length=2_100_000)] = "",
    base: Annotated[int | None, Form(ge=1, le=MAX_NUMBER)] = None,
) -> Response:
    """Save the Markdown on the revision it was opened at (merged if others saved since)."""
    try:
        await save_revision(
            SaveRevision(
                actor=person.name,
                paper=paper,
                section=section,
                language=lang,
                body=body,
                base_revision=base,
            ),
            uow,
            max_body_bytes=accord.settings.max_body_bytes,
        )
    except DomainError as error:
        await uow.rollback()
        view = await load_track(uow, paper, section, lang, person.name)
        head = await get_revision(uow, view, view.track.head) if view.track.head else None
        conflict = isinstance(error, RevisionConflict)
        return page(
            request,
            "edit.html",
            {
                "paper": view.paper,
                "section": view.section,
                "language": lang,
                "body": body,
                # After a conflict the person's text is saved on the current revision
                # once they have taken the others' edits into it.
                "base": head.number if conflict and head else base,
                "preview": await to_html(body, paper),
                "may_edit": True,
                "error": error.detail,
                "conflicts": error.extra.get("conflicts", []) if conflict else [],
                "current": head,
            },
            person=person,
            status=_status_of(error),
        )
    return back_to(_url(paper, section, lang))


@router.post(TEXT + "/comments", response_class=HTMLResponse)
async def comment(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    revision: Revision,
    exact: Quote,
    body: Note,
    prefix: Quote = "",
    suffix: Quote = "",
    replacement: Annotated[str | None, Form(max_length=20_000)] = None,
    suggest: Annotated[bool, Form()] = False,
) -> Response:
    """Open a thread on the selected words, or suggest a replacement for them."""
    try:
        view = await load_track(uow, paper, section, lang, person.name)
        quoted = await get_revision(uow, view, revision)
        quote = locate_selection(quoted.body, exact, prefix, suffix)
        if quote is None:
            raise InvalidRequest(
                f"the words {exact[:80]!r} are not in revision {revision}; "
                "select them in the text again"
            )
        _, added = await add_comment(
            AddComment(
                actor=person.name,
                paper=paper,
                section=section,
                language=lang,
                body=body,
                revision=revision,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                start=quote.start,
                replacement=replacement if suggest else None,
            ),
            uow,
        )
    except DomainError as error:
        return await _refused(
            request, uow, paper, section, lang, person, error,
            exact=exact, body=body, replacement=replacement or "",
        )  # fmt: skip
    return back_to(_url(paper, section, lang, f"thread-{added.id}"))


@router.post(TEXT + "/comments/{thread}/replies", response_class=HTMLResponse)
async def reply(
    paper: str,
    section: str,
    lang: str,
    thread: NumberInPath,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    body: Note,
) -> Response:
    """Answer a thread."""
    try:
        await add_comment(
            AddComment(
                actor=person.name,
                paper=paper,
                section=section,
                language=lang,
                body=body,
                parent=thread,
            ),
            uow,
        )
    except DomainError as error:
        return await _refused(request, uow, paper, section, lang, person, error)
    return back_to(_url(paper, section, lang, f"thread-{thread}"))


@router.post(TEXT + "/comments/{thread}/{settle}", response_class=HTMLResponse)
async def settle(
    paper: str,
    section: str,
    lang: str,
    thread: NumberInPath,
    settle: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Resolve, reopen, accept or reject a thread."""
    where = {"actor": person.name, "paper": paper, "section": section, "language": lang}
    try:
        if settle == "resolve":
            await resolve_comment(ResolveComment(**where, comment=thread, note=note or None), uow)
        elif settle == "reopen":
            await reopen_comment(ReopenComment(**where, comment=thread), uow)
        elif settle == "accept":
            await accept_suggestion(AcceptSuggestion(**where, comment=thread), uow)
        elif settle == "reject":
            await reject_suggestion(RejectSuggestion(**where, comment=thread, reason=note), uow)
        else:
            raise InvalidRequest(f"{settle!r} is not something a thread can do")
    except DomainError as error:
        return await _refused(request, uow, paper, section, lang, person, error)
    return back_to(_url(paper, section, lang, f"thread-{thread}"))


@router.post(TEXT + "/submit", response_class=HTMLResponse)
async def submit(
    paper: str, section: str, lang: str, request: Request, uow: UowDep, person: SignedInPerson
) -> Response:
    """Submit the current revision for review."""
    try:
        await submit_text(
            SubmitText(actor=person.name, paper=paper, section=section, language=lang), uow
        )
    except DomainError as error:
        return await _refused(request, uow, paper, section, lang, person, error)
    return back_to(_url(paper, section, lang))


@router.post(TEXT + "/reviews", response_class=HTMLResponse)
async def review(
    paper: str,
    section: str,
    lang: str,
    request: Request,
    uow: UowDep,
    person: SignedInPerson,
    revision: Revision,
    decision: Annotated[str, Form(pattern="^(approve|request_changes)$")],
    note: Note = "",
) -> Response:
    """Approve the current revision, or send it back with what should change."""
    try:
        await record_review(
            RecordReview(
                actor=person.name,
                paper=paper,
                section=section,
                language=lang,
                revision=revision,
                decision=decision,
                note=note,
            ),
            uow,
        )
    except DomainError as error:
        return await _refused(request, uow, paper, section, lang, person, error, note=note)
    return back_to(_url(paper, section, lang))
