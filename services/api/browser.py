"""What a browser's requests need: the session cookie and protection against cross-site
request forgery (CSRF).

For pages (the board) and any route that takes the session cookie:

- The cookie is `session_cookie_name(settings)`: `__Host-accord-session` over HTTPS
  (`Secure`, so also bound to this host), `accord-session` in development (plain HTTP).
  `HttpOnly`, `SameSite=Lax`, `Path=/`; it carries the session id, the database only its
  keyed hash. `set_session_cookie(response, new_session, settings)` after `sign_in`;
  `clear_session_cookie(response, settings)` after signing out.
- Every state-changing request (not GET, HEAD or OPTIONS) that is authenticated by the
  cookie must carry the session's CSRF token, in the header `X-CSRF-Token` (scripts) or
  the form field `csrf_token` (HTML forms), and must not come from another site
  (`Sec-Fetch-Site`, else `Origin`). The auth dependency checks this; a page gets the token
  with `csrf_token(request)` (or `Caller.csrf_token`) and puts it into each form:
  `<input type="hidden" name="csrf_token" value="...">`.
- Requests with a bearer token are not checked: a browser never adds that header by
  itself, so another site cannot make it send one.
- Routes that come before a session exists (signing in, accepting an invitation) call
  `check_same_origin(request, settings)`, so that no other site can sign a person into an
  account of its choosing.

The token is the signed double-submit pattern made stateless: an HMAC of the session id
under the installation's secret. It changes with every session, needs no storage, and
cannot be computed without the cookie's value, which scripts of other sites never see.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request, Response

from drafts.errors import CrossSiteRequestRefused
from services.config import Settings
from workflows.sessions import NewSession
from workflows.tokens import TokenMinter

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def session_cookie_name(settings: Settings) -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this
    # host only and for every path: no subdomain can plant or shadow it.
    return "__Host-accord-session" if settings.secure_cookies else "accord-session"


def set_session_cookie(response: Response, new: NewSession, settings: Settings) -> None:
    """Hand the browser its session; the cookie lives as long as the session may."""
    lifetime = new.session.expires_at - new.session.created_at
    response.set_cookie(
        session_cookie_name(settings),
        new.secret,
        max_age=int(lifetime.total_seconds()),
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        session_cookie_name(settings),
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def session_secret(request: Request, settings: Settings) -> str | None:
    return request.cookies.get(session_cookie_name(settings)) or None


def csrf_token_for(secret: str, tokens: TokenMinter) -> str:
    """The CSRF token of the session whose id (the cookie's value) is `secret`."""
    return tokens.hash("csrf:" + secret)


def csrf_token(request: Request) -> str | None:
    """The CSRF token for the session this request signed in with (None for a bearer
    token or no session): the value a page puts into its forms."""
    caller = getattr(request.state, "caller", None)
    token: str | None = getattr(caller, "csrf_token", None)
    return token


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy, run uvicorn with
    `--proxy-headers` and `--forwarded-allow-ips` so that this is the real client)."""
    return request.client.host if request.client else "unknown"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_same_origin(request: Request, settings: Settings) -> None:
    """Refuse a request a browser sent on behalf of another site.

    Browsers say where a request comes from in `Sec-Fetch-Site` (all current ones) or at
    least `Origin` (on every cross-origin POST). A request with neither did not come from
    a browser's page on another site: programs, or browsers old enough to send neither,
    which the CSRF token still guards.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise CrossSiteRequestRefused(
            f"refused a {site} request: state-changing requests with a session cookie "
            "must come from Accord's own pages"
        )
    origin = request.headers.get("origin")
    if origin is None:
        return
    allowed = {
        _origin(settings.board_url),
        _origin(str(request.base_url)),
        *(_origin(o) for o in settings.trusted_origins),
    }
    if origin.lower() not in allowed:
        raise CrossSiteRequestRefused(
            f"refused a request from origin {origin[:100]!r}: not one of Accord's own"
        )


async def check_csrf(request: Request, settings: Settings, expected: str) -> None:
    """Refuse a cookie-authenticated, state-changing request without the session's token."""
    check_same_origin(request, settings)
    sent = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith(_FORMS):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CrossSiteRequestRefused(
            f"this request needs the session's CSRF token (header {CSRF_HEADER} or form "
            f"field {CSRF_FIELD}); reload the page and try again"
        )
