"""Every error answer is an RFC 9457 problem document with a stable `type`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from drafts import errors
from drafts.images import UnsupportedImage
from drafts.word import UnsafeDocument, UnsupportedDocument

log = logging.getLogger(__name__)

PROBLEM_BASE = "urn:accord:problem:"
MEDIA_TYPE = "application/problem+json"

STATUS: dict[type[errors.DomainError], int] = {
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Unauthenticated: 401,
    errors.InvalidRequest: 422,
    errors.AlreadyExists: 409,
    errors.RevisionConflict: 409,
    errors.BaseRevisionRequired: 428,
    errors.PreconditionFailed: 412,
    errors.InvalidTransition: 409,
    errors.TooLarge: 413,
    errors.IdempotencyKeyReused: 422,
    UnsupportedImage: 415,
    errors.TooManyAttempts: 429,
    errors.InvitationNotUsable: 410,
    UnsupportedDocument: 415,
    errors.UnsupportedSpreadsheet: 415,
    UnsafeDocument: 422,
}

_HTTP_CODES = {
    401: "unauthenticated",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-media-type",
}


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail}
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _status_of(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def answer(error: errors.DomainError) -> JSONResponse:
    """The problem answer for a refusal, for a route that returns it rather than raising
    (so that what it wrote before is kept)."""
    return problem(_status_of(error), error.code, error.title, error.detail, **error.extra)


async def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, errors.DomainError)
    shown = problem(_status_of(error), error.code, error.title, error.detail, **error.extra)
    # A failed precondition names the current version, so the client can reload it
    # (RFC 9110 §13.1.1 lets a 412 carry it); only a text that has one has an ETag.
    if isinstance(error, errors.PreconditionFailed) and error.extra.get("current_etag"):
        shown.headers["ETag"] = error.extra["current_etag"]
    return shown


async def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    found = error.errors()
    if any(e.get("type") == "json_invalid" for e in found):
        return problem(400, "malformed-json", "Malformed JSON", "the request body is not JSON")
    details = [
        {"location": [str(part) for part in e.get("loc", ())], "message": e.get("msg", "")}
        for e in found
    ]
    return problem(
        422,
        "validation-failed",
        "Invalid request",
        "; ".join(f"{'.'.join(d['location'])}: {d['message']}" for d in details[:5]),
        errors=details,
    )


async def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "http-error")
    return problem(error.status_code, code, code.replace("-", " ").capitalize(), str(error.detail))


async def _integrity(request: Request, error: Exception) -> JSONResponse:
    # The last guard of a unique key (two requests racing to create one thing).
    return problem(409, "already-exists", "Already exists", "a concurrent request created it first")


# How long a client is asked to wait when the database cannot be reached: PostgreSQL is
# typically back within seconds of a restart or a fail-over.
RETRY_AFTER_SECONDS = 2


def unavailable(detail: str) -> JSONResponse:
    """503 with Retry-After: nothing was changed, the same request may be sent again."""
    response = problem(503, "unavailable", "Service unavailable", detail)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


# SQLSTATEs of a server that is going away, starting up or full: connection exceptions
# (08), "admin shutdown", "crash shutdown", "cannot connect now", "too many connections".
_OUTAGE_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def _sqlstate(error: DBAPIError) -> str:
    for cause in (error.orig, getattr(error.orig, "__cause__", None)):
        state = getattr(cause, "sqlstate", None)
        if isinstance(state, str):
            return state
    return ""


def is_outage(error: BaseException) -> bool:
    """Whether the error means the database could not be reached (not a bad statement)."""
    if isinstance(error, PoolTimeout | OperationalError | InterfaceError | OSError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    state = _sqlstate(error)
    return bool(error.connection_invalidated) or state.startswith("08") or state in _OUTAGE_STATES


async def _database(request: Request, error: Exception) -> JSONResponse:
    # Registered for these classes (and not left to the catch-all) so that the answer goes
    # out through the normal path: a 500 from the catch-all makes the server close the
    # connection, and the client's next request on it would be reset too.
    if is_outage(error):
        log.warning(
            "database unavailable on %s %s: %s",
            request.method,
            request.url.path,
            type(error).__name__,
        )
        return unavailable(
            "the database (or a service Accord needs) cannot be reached just now; try again shortly"
        )
    log.error("database error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "internal", "Internal error", "the error was logged")


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "internal", "Internal error", "the error was logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(IntegrityError, _integrity)
    for kind in (DBAPIError, PoolTimeout, ConnectionError, TimeoutError):
        app.add_exception_handler(kind, _database)
    app.add_exception_handler(Exception, _unexpected)
