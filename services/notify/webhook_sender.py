"""Sending one webhook try: Standard Webhooks headers and signature, over a guarded pool.

Redirects are not followed (a 3xx is a failed try): a receiver cannot send Accord on to
another host. The answer's body is read only up to a small limit, for the log.
"""

from __future__ import annotations

import asyncio
import time

import httpcore
from standardwebhooks.webhooks import Webhook

from drafts.webhook_deliveries import SendOutcome, WebhookMessage
from services.notify.targets import GuardedBackend, Resolve, resolve_host

RESPONSE_EXCERPT_BYTES = 1024
USER_AGENT = "Accord-Webhooks/0.1 (+https://www.standardwebhooks.com/)"


def _loggable(text: str, limit: int = 500) -> str:
    """Text a receiver or the network produced, fit for the log: no NUL (PostgreSQL
    refuses it in text), bounded."""
    return text.replace("\x00", "\ufffd")[:limit]


def signature_header(message: WebhookMessage, secrets: list[str]) -> str:
    """`v1,<base64>` per secret, space-separated: during a rotation both keys sign."""
    return " ".join(
        Webhook(secret).sign(message.id, message.timestamp, message.body) for secret in secrets
    )


def webhook_headers(message: WebhookMessage, secrets: list[str]) -> list[tuple[str, str]]:
    return [
        ("content-type", "application/json"),
        ("user-agent", USER_AGENT),
        ("webhook-id", message.id),
        ("webhook-timestamp", str(int(message.timestamp.timestamp()))),
        ("webhook-signature", signature_header(message, secrets)),
    ]


class HttpWebhookSender:
    """The WebhookSender port over HTTP."""

    def __init__(
        self,
        *,
        allow_private: bool,
        timeout_seconds: float = 10.0,
        resolve: Resolve = resolve_host,
    ) -> None:
        self.timeout = timeout_seconds
        self._pool = httpcore.AsyncConnectionPool(
            network_backend=GuardedBackend(allow_private=allow_private, resolve=resolve),
            max_connections=32,
            keepalive_expiry=30,
        )

    async def send(self, url: str, message: WebhookMessage, secrets: list[str]) -> SendOutcome:
        started = time.monotonic()

        def elapsed() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            # One deadline for the whole try: per-read timeouts alone would let a receiver
            # that trickles its answer hold the courier for ever.
            status, excerpt = await asyncio.wait_for(
                self._post(url, message, secrets), timeout=self.timeout
            )
        except TimeoutError:
            return SendOutcome(None, elapsed(), f"no answer within {self.timeout:g} s")
        except httpcore.ConnectError as error:
            return SendOutcome(None, elapsed(), _loggable(f"could not connect: {error}"))
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.TimeoutException) as error:
            return SendOutcome(None, elapsed(), _loggable(f"{type(error).__name__}: {error}"))
        except httpcore.UnsupportedProtocol as error:
            return SendOutcome(None, elapsed(), _loggable(f"unsupported URL: {error}"))
        return SendOutcome(status, elapsed(), None, excerpt)

    async def _post(self, url: str, message: WebhookMessage, secrets: list[str]) -> tuple[int, str]:
        timeouts = {"connect": 5.0, "read": self.timeout, "write": self.timeout, "pool": 5.0}
        body = message.body.encode()
        async with self._pool.stream(
            "POST",
            url,
            headers=[*webhook_headers(message, secrets), ("content-length", str(len(body)))],
            content=body,
            extensions={"timeout": timeouts},
        ) as response:
            kept = b""
            async for chunk in response.aiter_stream():
                kept += chunk
                if len(kept) >= RESPONSE_EXCERPT_BYTES:
                    break
            excerpt = kept[:RESPONSE_EXCERPT_BYTES].decode("utf-8", "replace")
            return response.status, _loggable(excerpt, RESPONSE_EXCERPT_BYTES)

    async def close(self) -> None:
        await self._pool.aclose()
