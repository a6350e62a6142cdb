"""Every request's body is read whole, under a size and a time limit, before the app runs.

A route that reads its body itself does so after its dependencies ran: the unit of work,
and the authentication with it, would hold a pooled database connection while a slow
client trickles its upload in, and a few such clients would starve every other request
(the health check included). Reading here first means no request holds a connection,
or anything else, while its client is still sending. A client that stops sending is
answered 408 at the deadline; one that goes away mid-upload is no error of ours.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.api.problems import MEDIA_TYPE, PROBLEM_BASE

log = logging.getLogger("accord.http")

# A NUL can be sent in a path or a query (`%00`), but no store can hold it: PostgreSQL
# refuses it as text, so without this check a lookup by such a name is a server error.
_NUL = re.compile(rb"\x00")


class RequestBody:
    """ASGI middleware: reads the body (at most `limit` bytes, within `seconds`), then runs
    the app with it; refuses what is too large (413), too slow (408) or holds a NUL (422)."""

    def __init__(self, app: ASGIApp, limit: int, seconds: float) -> None:
        self.app = app
        self.limit = limit
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or _NUL.search(unquote_to_bytes(scope["query_string"])):
            await refuse(
                send,
                422,
                "invalid-request",
                "Invalid request",
                "the path or query holds a NUL character, which names nothing",
            )
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(send)
            return

        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.seconds):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        # Nobody is left to answer; nothing was read, so nothing changed.
                        log.info(
                            "client went away while sending its body",
                            extra={"method": scope["method"], "path": scope["path"]},
                        )
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.limit:
                        await self._too_large(send)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await refuse(
                send,
                408,
                "request-timeout",
                "Request timeout",
                f"the request body was not received within {self.seconds:g} s",
            )
            return

        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            # The body once, then the client's own messages (a disconnect, for streams).
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await refuse(
            send,
            413,
            "too-large",
            "Request too large",
            f"the request body is over {self.limit} bytes",
        )


async def refuse(send: Send, status: int, code: str, title: str, detail: str) -> None:
    """Answer a problem document and close: the rest of the body is never read."""
    body = json.dumps(
        {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
