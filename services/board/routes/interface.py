"""The interface language a person chooses (kept in a cookie of its own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from services.api.browser import check_same_origin
from services.api.deps import AccordDep
from services.board.i18n import COOKIE, INTERFACE_LANGUAGES
from services.board.pages import BoardRoute, back_to

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

ONE_YEAR = 365 * 24 * 3600


def local_path(target: str) -> str:
    """A path on this site only: a form must not send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.post("/language")
async def choose_language(
    request: Request,
    accord: AccordDep,
    language: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> RedirectResponse:
    """Show the interface in this language from now on."""
    check_same_origin(request, accord.settings)  # no other site sets a person's language
    answer = back_to(local_path(next))
    if language in INTERFACE_LANGUAGES:
        answer.set_cookie(COOKIE, language, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return answer
