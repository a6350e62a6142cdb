"""Every request gets an id, a line in the log, and a place in the latency histogram."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.observability.context import accept_request_id, request_context
from services.observability.metrics import HTTP_IN_FLIGHT, HTTP_REQUESTS

log = logging.getLogger("accord.http")

REQUEST_ID_HEADER = "X-Request-ID"


def route_of(scope: Scope) -> str:
    """The template of the route that answered (`/api/v1/papers/{paper}`), so that the
    metrics have one series per route rather than one per paper."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class Observe:
    """ASGI middleware: request id in and out, an access log line, latency by route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID_HEADER.lower().encode())
        request_id = accept_request_id(sent.decode("latin-1") if sent else None)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        HTTP_IN_FLIGHT.inc()
        with request_context(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                HTTP_IN_FLIGHT.dec()
                elapsed = time.perf_counter() - started
                route = route_of(scope)
                HTTP_REQUESTS.labels(scope["method"], route, str(status)).observe(elapsed)
                log.info(
                    "%s %s %d",
                    scope["method"],
                    route,
                    status,
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "path": scope["path"],
                        "status": status,
                        "ms": round(elapsed * 1000, 1),
                    },
                )
