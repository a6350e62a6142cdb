"""The SSRF guard: private, loopback and link-local targets are refused when subscribing
and again on every connection, on the address actually connected to."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from drafts.webhook_deliveries import WebhookMessage
from services.bootstrap import Accord
from services.notify.targets import TargetCheck
from services.notify.webhook_sender import HttpWebhookSender
from tests.integration.world import World, build_world
from tests.receivers import webhook_receiver

HOOKS = "/papers/habitat/webhooks"
MESSAGE = WebhookMessage("evt-1", datetime.now(UTC), '{"type":"x.y"}')
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data",  # cloud metadata
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",  # IPv4 inside IPv6
        "http://[fe80::1]/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",  # shared address space
    ],
)
async def test_private_targets_are_refused_when_subscribing(
    accord: Accord, client: httpx.AsyncClient, url: str
) -> None:
    world = await build_world(accord, client)
    r = await world.call("sec", "POST", HOOKS, json={"url": url})
    assert r.status_code == 422, r.text
    assert r.json()["type"] == "urn:accord:problem:invalid-request"
    assert "ACCORD_WEBHOOK_ALLOW_PRIVATE_TARGETS" in r.json()["detail"]
    assert (await world.call("sec", "GET", HOOKS)).json() == []


async def test_a_public_address_may_be_subscribed(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world: World = await build_world(accord, client)
    r = await world.call("sec", "POST", HOOKS, json={"url": "https://93.184.216.34/hook"})
    assert r.status_code == 201, r.text


async def test_the_connection_is_checked_again_on_the_address_it_resolves_to() -> None:
    """DNS rebinding: the name resolved to a public address when it was subscribed and
    resolves to the receiver on the loopback when the try connects; nothing is sent."""
    with webhook_receiver() as receiver:
        url = f"http://hooks.example.test:{receiver.port}/hook"

        async def at_subscription(host: str, port: int) -> list[str]:
            return ["93.184.216.34"]

        async def at_connection(host: str, port: int) -> list[str]:
            return ["127.0.0.1"]

        await TargetCheck(allow_private=False, resolve=at_subscription)(url)
        sender = HttpWebhookSender(allow_private=False, resolve=at_connection)
        outcome = await sender.send(url, MESSAGE, [SECRET])
        await sender.close()
    assert outcome.status_code is None
    assert outcome.error is not None and "loopback" in outcome.error
    assert receiver.requests == []


async def test_a_name_whose_every_address_is_refused_reaches_nothing() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["10.0.0.7", "192.0.2.1"]  # private, then TEST-NET (not routable either)

    sender = HttpWebhookSender(allow_private=False, resolve=mixed, timeout_seconds=1)
    outcome = await sender.send("http://mixed.example.test/hook", MESSAGE, [SECRET])
    await sender.close()
    assert outcome.status_code is None and outcome.error is not None
    assert "10.0.0.7 is a private address" in outcome.error
    assert "192.0.2.1 is a reserved" in outcome.error or "192.0.2.1 is a private" in outcome.error


async def test_the_sender_refuses_the_loopback_unless_allowed() -> None:
    with webhook_receiver() as receiver:
        guarded = HttpWebhookSender(allow_private=False)
        refused = await guarded.send(receiver.url, MESSAGE, [SECRET])
        await guarded.close()
        assert refused.status_code is None and "loopback" in (refused.error or "")
        assert receiver.requests == []
        open_ = HttpWebhookSender(allow_private=True)
        allowed = await open_.send(receiver.url, MESSAGE, [SECRET])
        await open_.close()
    assert allowed.status_code == 200
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("url", ["http://a..b/hook", "http://" + "a" * 70 + ".example/hook"])
async def test_names_no_resolver_can_hold_are_refused_not_an_error(
    accord: Accord, client: httpx.AsyncClient, url: str
) -> None:
    world = await build_world(accord, client)
    r = await world.call("sec", "POST", HOOKS, json={"url": url})
    assert r.status_code == 422, r.text
    assert "cannot be resolved" in r.json()["detail"]
