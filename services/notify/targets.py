"""The SSRF guard: which hosts a webhook may reach, checked on every connection.

A URL's host is checked when the secretariat subscribes it, and again each time a try
connects: the name is resolved then, every address it gives is checked, and the
connection is made to a checked address itself, never to the name, so a name that
resolves to a public address at subscription and to a private one later (DNS rebinding)
reaches nothing it should not.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpcore

from drafts.errors import InvalidRequest
from drafts.webhooks import refused_address

Resolve = Callable[[str, int], Awaitable[list[str]]]
# A name that does not resolve in this time is treated as one that does not resolve.
RESOLVE_SECONDS = 5.0


async def resolve_host(host: str, port: int) -> list[str]:
    """The addresses a name resolves to, in the resolver's order, without repeats."""
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class TargetRefused(Exception):
    """The host resolves to no address a webhook may connect to."""


async def _resolved(host: str, port: int, resolve: Resolve) -> list[str]:
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            return await resolve(host, port)
    except TimeoutError:
        raise TargetRefused(f"{host} did not resolve within {RESOLVE_SECONDS:g} s") from None
    except (OSError, UnicodeError, ValueError) as error:
        # UnicodeError: a name no DNS can hold (an empty or over-long label).
        raise TargetRefused(f"{host} cannot be resolved ({error})") from None


async def allowed_addresses(host: str, port: int, resolve: Resolve) -> list[str]:
    """The host's addresses a webhook may connect to; TargetRefused if there are none."""
    addresses = await _resolved(host.strip("[]"), port, resolve)
    reasons = [reason for a in addresses if (reason := refused_address(a))]
    allowed = [a for a in addresses if refused_address(a) is None]
    if not allowed:
        why = "; ".join(reasons) or "no address"
        raise TargetRefused(
            f"{host} reaches no public address ({why}); private, loopback and link-local "
            "targets are refused unless ACCORD_WEBHOOK_ALLOW_PRIVATE_TARGETS is set"
        )
    return allowed


class TargetCheck:
    """Checks a URL's host when it is subscribed (the workflows' CheckTarget)."""

    def __init__(self, *, allow_private: bool, resolve: Resolve = resolve_host) -> None:
        self.allow_private = allow_private
        self.resolve = resolve

    async def __call__(self, url: str) -> None:
        if self.allow_private:
            return
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            await allowed_addresses(parts.hostname or "", port, self.resolve)
        except TargetRefused as error:
            raise InvalidRequest(f"url: {error}", field="url") from None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard allows.

    TLS still checks the certificate against the URL's host name: httpcore starts TLS with
    the origin's name whatever address the stream was opened to."""

    def __init__(self, *, allow_private: bool, resolve: Resolve = resolve_host) -> None:
        self._inner = httpcore.AnyIOBackend()
        self.allow_private = allow_private
        self.resolve = resolve

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            if self.allow_private:
                addresses = await _resolved(host, port, self.resolve)
            else:
                addresses = await allowed_addresses(host, port, self.resolve)
        except TargetRefused as error:
            raise httpcore.ConnectError(str(error)) from None
        last: Exception = httpcore.ConnectError(f"{host} resolves to no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("webhooks never connect to a local socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
