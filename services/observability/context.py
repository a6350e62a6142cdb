"""The id of the request a piece of work belongs to, wherever that work runs.

An HTTP request takes the id its client sent (`X-Request-ID`, when it is a sane token)
or a new one; the events it records keep it, and the jobs they set off log under it,
so one id finds everything a request caused, in the API's logs and the workers'.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

current_request_id: ContextVar[str | None] = ContextVar("accord_request_id", default=None)

# What a client may choose as its id: printable, short, and safe in any log line.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:@/+=-]{1,64}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(sent: str | None) -> str:
    """The client's id when it is acceptable, else a new one."""
    if sent and _ACCEPTABLE.fullmatch(sent):
        return sent
    return new_request_id()


@contextmanager
def request_context(request_id: str | None) -> Iterator[None]:
    """Work done inside the block logs (and records events) under `request_id`."""
    token = current_request_id.set(request_id)
    try:
        yield
    finally:
        current_request_id.reset(token)
