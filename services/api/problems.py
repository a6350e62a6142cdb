"""Every error answer is an RFC 9457 problem document with a stable `type`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
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
    errors.InvalidTransition: 409,
    errors.TooLarge: 413,
    errors.IdempotencyKeyReused: 422,
    UnsupportedImage: 415,
    UnsupportedDocument: 415,
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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _status_of(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


async def _domain(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, errors.DomainError)
    return problem(_status_of(error), error.code, error.title, error.detail, **error.extra)


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


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "internal", "Internal error", "the error was logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(Exception, _unexpected)
