"""How the board answers: HTML pages from Jinja2 templates, in the person's language.

Every page goes through `page()`, which gives templates the same few helpers (the
translate function, the person, how to write a language's name, date and direction) and
the same security headers. `BoardRoute` turns a refusal of the domain into a page (or, for
someone not signed in, a way to the sign-in page) instead of the API's problem document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel import Locale
from babel.dates import format_datetime
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from drafts.errors import DomainError, Unauthenticated
from drafts.languages import RIGHT_TO_LEFT
from drafts.model import User
from services.api.browser import CSRF_FIELD, csrf_token
from services.api.problems import _status_of
from services.board.i18n import COOKIE, INTERFACE_LANGUAGES, LABELS, Interface, choose

HERE = Path(__file__).parent
STATIC = HERE / "static"

# Only the board's own files run or style a page; a text's markup can do neither.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)


@cache
def _static_version(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def static(name: str) -> str:
    """The URL of a static file, changed whenever the file does (so it may be cached)."""
    return f"/static/{name}?v={_static_version(name)}"


def interface_of(request: Request) -> Interface:
    return choose(request.cookies.get(COOKIE), request.headers.get("accept-language"))


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def _helpers(request: Request, interface: Interface) -> dict[str, Any]:
    locale = Locale.parse(interface.language)

    def language_name(code: str) -> str:
        return str(Locale.parse(code).get_display_name(locale) or code).capitalize()

    def when(moment: datetime | None) -> str:
        return format_datetime(moment, "medium", locale=locale) if moment else ""

    def csrf_field() -> Markup:
        # Every state-changing form of a signed-in person carries the session's token.
        token = csrf_token(request)
        if token is None:
            return Markup("")
        return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)

    gettext = interface.gettext

    def label(value: str) -> str:
        return gettext(LABELS.get(value, value))

    return {
        "_": gettext,
        "label": label,
        "interface": interface,
        "interface_languages": INTERFACE_LANGUAGES,
        "language_name": language_name,
        "direction": text_direction,
        "when": when,
        "static": static,
        "csrf_field": csrf_field,
        "here": request.url.path,
        "quote": quote,
    }


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    person: User | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The template rendered for this request's person and language."""
    interface = interface_of(request)
    html = templates.get_template(template).render(
        {**_helpers(request, interface), "person": person, **context}
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def back_to(url: str) -> RedirectResponse:
    """After a form was handled: the page to show next (a GET, so a reload posts nothing)."""
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


def sign_in_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/sign-in?next=" + quote(target, safe="")


class BoardRoute(APIRoute):
    """A page route: the domain's refusals become pages, and no sign-in a way to it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthenticated:
                if request.method == "GET":
                    return back_to(sign_in_url(request))
                return page(request, "error.html", {"problem": "sign-in"}, status=401)
            except DomainError as error:
                return page(
                    request,
                    "error.html",
                    {"problem": error.code, "detail": error.detail},
                    status=_status_of(error),
                )

        return answer
