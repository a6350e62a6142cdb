"""Create calls answer once: a replayed Idempotency-Key returns the first answer."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from drafts.errors import AlreadyExists, IdempotencyKeyReused, InvalidRequest
from drafts.model import User
from services.store.unit_of_work import SqlUnitOfWork
from workflows.idempotency_ports import StoredResponse

MAX_KEY_LENGTH = 255


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    # What a replay returns instead of `body`, when the body holds a secret shown once.
    replay_body: Any = None


async def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    # The query too: an upload's options (such as `changes=accept`) travel there.
    parts = (
        request.method,
        request.url.path,
        request.url.query,
        request.headers.get("if-match", ""),
    )
    for part in parts:
        digest.update(part.encode() + b"\0")
    digest.update(await request.body())
    return digest.hexdigest()


def _replay(stored: StoredResponse) -> JSONResponse:
    return JSONResponse(
        stored.body,
        status_code=stored.status,
        headers={**stored.headers, "Idempotent-Replayed": "true"},
    )


async def commit_once(
    request: Request,
    uow: SqlUnitOfWork,
    caller: User,
    act: Callable[[], Awaitable[Answer]],
) -> JSONResponse:
    """Run `act` and commit, unless this Idempotency-Key already has an answer to replay."""
    key = request.headers.get("idempotency-key")
    if key is None:
        answer = await act()
        await uow.commit()
        return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidRequest(f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters")
    fingerprint = await _fingerprint(request)
    stored = await uow.idempotency.get(caller.name, key)
    if stored is None:
        try:
            answer = await act()
            stored = StoredResponse(
                fingerprint,
                answer.status,
                answer.body if answer.replay_body is None else answer.replay_body,
                answer.headers,
            )
            await uow.idempotency.add(caller.name, key, stored)
            await uow.commit()
            return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)
        except (AlreadyExists, IntegrityError):
            # Requests with the same key ran at once and another committed first: this one
            # either found what it created (AlreadyExists from the workflow), met its row
            # (IntegrityError), or met its key at commit. Answer as that one did.
            await uow.rollback()
            found = await uow.idempotency.get(caller.name, key)
            if found is None:
                raise
            stored = found
    if stored.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used for a different request; use a new key"
        )
    return _replay(stored)
