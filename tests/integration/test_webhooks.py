"""Webhooks against a real HTTP receiver: signatures checked by the Standard Webhooks
reference library, retries, disabling, rotation, pausing, redelivery and the SSRF guard."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.bootstrap import Accord
from services.config import Settings
from services.worker.outbound import Outbound
from tests.integration.outbound import dispatch, until
from tests.integration.world import World, build_world
from tests.receivers import Receiver, webhook_receiver

HOOKS = "/papers/habitat/webhooks"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "webhook_allow_private_targets": True,
            "webhook_retry_schedule": (0.05, 0.05, 0.05, 0.05),
            "webhook_timeout_seconds": 1.0,
        }
    )


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    assert (await world.save("author", "First text.\n")).status_code == 201
    return world


async def subscribe(world: World, url: str, **extra: Any) -> dict[str, Any]:
    r = await world.call("sec", "POST", HOOKS, json={"url": url, **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


async def submit(world: World) -> None:
    r = await world.call("author", "POST", world.text_url() + "/submit")
    assert r.status_code == 200, r.text


async def deliveries(world: World, endpoint: int) -> list[dict[str, Any]]:
    r = await world.call("sec", "GET", f"{HOOKS}/{endpoint}/deliveries")
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def submitted(receiver: Receiver) -> list[Any]:
    return [r for r in receiver.requests if json.loads(r.body)["type"] == "section.submitted"]


async def settle(world: World, rounds: int = 3) -> Outbound:
    outbound = Outbound(world.accord)
    await dispatch(world.accord)
    for _ in range(rounds):
        await outbound.deliver_webhooks()
    return outbound


async def test_each_delivery_is_signed_as_the_reference_library_verifies(world: World) -> None:
    with webhook_receiver() as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        assert endpoint["secret"].startswith("whsec_")
        await submit(world)
        await settle(world)
    [request] = receiver.requests
    payload = Webhook(endpoint["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "section.submitted"
    assert payload["id"] == request.headers["webhook-id"]
    assert payload["data"]["section"] == "intro"
    assert payload["data"]["paper"] == "habitat"
    assert payload["data"]["actor"] == "author"
    assert payload["timestamp"].endswith("Z")
    assert request.headers["webhook-signature"].startswith("v1,")
    # Another secret, or a changed body, does not verify.
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(request.body + b" ", request.headers)


async def test_the_secret_is_shown_once_and_the_filter_decides_what_is_sent(world: World) -> None:
    with webhook_receiver() as everything, webhook_receiver() as publications:
        await subscribe(world, everything.url)
        only = await subscribe(world, publications.url, event_types=["publication.*"])
        listed = (await world.call("sec", "GET", HOOKS)).json()
        assert [e["secret"] for e in listed] == [None, None]
        one = (await world.call("sec", "GET", f"{HOOKS}/{only['id']}")).json()
        assert one["event_types"] == ["publication.*"] and one["secret"] is None
        await submit(world)
        await settle(world)
    assert len(submitted(everything)) == 1
    assert publications.requests == []


async def test_unknown_event_types_and_bad_urls_are_refused(world: World) -> None:
    r = await world.call(
        "sec",
        "POST",
        HOOKS,
        json={"url": "https://93.184.216.34/", "event_types": ["section.eaten"]},
    )
    assert r.status_code == 422 and "section.eaten" in r.json()["detail"]
    for url in ["ftp://93.184.216.34/", "https://user:pw@93.184.216.34/", "/relative", "https://"]:
        r = await world.call("sec", "POST", HOOKS, json={"url": url})
        assert r.status_code == 422, (url, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert (await world.call("sec", "GET", HOOKS)).json() == []


async def test_a_receiver_that_fails_three_times_gets_the_event_once_more(world: World) -> None:
    with webhook_receiver(script=[500, 503, 500]) as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        await submit(world)
        outbound = await settle(world, rounds=1)

        async def delivered() -> bool:
            return (await deliveries(world, endpoint["id"]))[0]["status"] == "delivered"

        await until(delivered, outbound.deliver_webhooks)
        # Later ticks send nothing more.
        for _ in range(5):
            await outbound.deliver_webhooks()
            await asyncio.sleep(0.06)
    assert len(receiver.requests) == 4
    assert len(set(receiver.ids())) == 1, "every try carries the same webhook-id"
    [delivery] = await deliveries(world, endpoint["id"])
    assert delivery["attempts"] == 4 and delivery["last_status_code"] == 200
    detail = (
        await world.call("sec", "GET", f"{HOOKS}/{endpoint['id']}/deliveries/{delivery['id']}")
    ).json()
    assert [t["status_code"] for t in detail["tries"]] == [500, 503, 500, 200]
    assert all(t["duration_ms"] >= 0 for t in detail["tries"])
    assert detail["webhook_id"] == receiver.ids()[0]
    state = (await world.call("sec", "GET", f"{HOOKS}/{endpoint['id']}")).json()
    assert state["status"] == "active" and state["failing_since"] is None


async def test_a_receiver_that_always_fails_ends_disabled_and_the_secretariat_is_told(
    world: World,
) -> None:
    with webhook_receiver(then=500) as receiver:
        endpoint = await subscribe(world, receiver.url)
        await submit(world)
        outbound = await settle(world, rounds=1)

        async def disabled() -> bool:
            r = await world.call("sec", "GET", f"{HOOKS}/{endpoint['id']}")
            return bool(r.json()["status"] == "disabled")

        await until(disabled, outbound.deliver_webhooks)
        tries = len(receiver.requests)
        # Nothing more reaches it, not even the events of its own disabling.
        await dispatch(world.accord)
        await world.save("author", "Second text.\n", base=1)
        await dispatch(world.accord)
        for _ in range(3):
            await outbound.deliver_webhooks()
            await asyncio.sleep(0.06)
        assert len(receiver.requests) == tries
    state = (await world.call("sec", "GET", f"{HOOKS}/{endpoint['id']}")).json()
    assert "every delivery failed" in state["disabled_reason"]
    assert {d["status"] for d in await deliveries(world, endpoint["id"])} == {"failed"}
    log = (await world.call("sec", "GET", "/papers/habitat/events", params={"limit": 200})).json()
    assert [e for e in log["items"] if e["type"] == "WebhookDisabled"]
    notices = (await world.call("sec", "GET", "/me/notifications")).json()["items"]
    assert [n["kind"] for n in notices] == ["webhook_disabled"]
    assert notices[0]["link"].endswith(f"/api/v1/papers/habitat/webhooks/{endpoint['id']}")
    # Nobody but the secretariat is told.
    for who in ("author", "reviewer"):
        mine = (await world.call(who, "GET", "/me/notifications")).json()["items"]
        assert "webhook_disabled" not in {n["kind"] for n in mine}


async def test_a_rotated_secret_signs_next_to_the_old_one_during_the_grace(world: World) -> None:
    with webhook_receiver() as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        r = await world.call("sec", "POST", f"{HOOKS}/{endpoint['id']}/secret/rotate", json={})
        assert r.status_code == 200, r.text
        rotated = r.json()
        assert rotated["secret"] != endpoint["secret"]
        await submit(world)
        await settle(world)
        [during] = receiver.requests
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        for secret in (endpoint["secret"], rotated["secret"]):
            Webhook(secret).verify(during.body, during.headers)
        # A rotation without grace: only the newest secret signs.
        r = await world.call(
            "sec", "POST", f"{HOOKS}/{endpoint['id']}/secret/rotate", json={"grace_seconds": 0}
        )
        newest = r.json()["secret"]
        await world.save("author", "Second text.\n", base=1)
        await submit(world)
        await settle(world)
    after = submitted(receiver)[-1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    Webhook(newest).verify(after.body, after.headers)
    for old in (endpoint["secret"], rotated["secret"]):
        with pytest.raises(WebhookVerificationError):
            Webhook(old).verify(after.body, after.headers)


async def test_a_paused_endpoint_receives_its_events_when_resumed(world: World) -> None:
    with webhook_receiver() as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        url = f"{HOOKS}/{endpoint['id']}"
        assert (await world.call("sec", "PATCH", url, json={"status": "paused"})).json()[
            "status"
        ] == "paused"
        await submit(world)
        await settle(world)
        assert receiver.requests == []
        assert [d["status"] for d in await deliveries(world, endpoint["id"])] == ["pending"]
        assert (await world.call("sec", "PATCH", url, json={"status": "active"})).status_code == 200
        await settle(world)
    assert len(receiver.requests) == 1


async def test_redeliver_sends_the_same_event_again(world: World) -> None:
    with webhook_receiver() as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        await submit(world)
        await settle(world)
        [delivery] = await deliveries(world, endpoint["id"])
        url = f"{HOOKS}/{endpoint['id']}/deliveries/{delivery['id']}/redeliver"
        r = await world.call("sec", "POST", url)
        assert r.status_code == 202 and r.json()["status"] == "pending"
        await settle(world)
    assert len(receiver.requests) == 2
    assert receiver.ids()[0] == receiver.ids()[1]
    [delivery] = await deliveries(world, endpoint["id"])
    assert delivery["status"] == "delivered" and delivery["attempts"] == 2


async def test_a_deleted_endpoint_gets_nothing_more(world: World) -> None:
    with webhook_receiver() as receiver:
        endpoint = await subscribe(world, receiver.url)
        url = f"{HOOKS}/{endpoint['id']}"
        assert (await world.call("sec", "DELETE", url)).status_code == 204
        await submit(world)
        await settle(world)
    assert receiver.requests == []
    assert (await world.call("sec", "GET", url)).status_code == 404


async def test_redirects_are_not_followed_and_slow_receivers_time_out(world: World) -> None:
    with webhook_receiver(then=307) as moved, webhook_receiver(delay=2.5) as slow:
        one = await subscribe(world, moved.url, event_types=["section.submitted"])
        two = await subscribe(world, slow.url, event_types=["section.submitted"])
        await submit(world)
        await settle(world, rounds=1)
    [redirected] = await deliveries(world, one["id"])
    assert redirected["last_status_code"] == 307 and redirected["status"] == "pending"
    [timed_out] = await deliveries(world, two["id"])
    assert timed_out["last_status_code"] is None
    assert "no answer within" in timed_out["last_error"]


async def test_whatever_a_receiver_answers_is_kept_in_the_log(world: World) -> None:
    """A NUL byte or invalid UTF-8 in an answer (PostgreSQL refuses NUL in text)."""
    with webhook_receiver(body=b"accepted\x00\xff" + b"x" * 5000) as receiver:
        endpoint = await subscribe(world, receiver.url, event_types=["section.submitted"])
        await submit(world)
        await settle(world)
    [delivery] = await deliveries(world, endpoint["id"])
    assert delivery["status"] == "delivered"
    url = f"{HOOKS}/{endpoint['id']}/deliveries/{delivery['id']}"
    [attempt] = (await world.call("sec", "GET", url)).json()["tries"]
    assert attempt["response"].startswith("accepted\ufffd\ufffd")
    assert len(attempt["response"]) <= 1024


async def test_two_couriers_at_once_send_each_delivery_once(world: World) -> None:
    with webhook_receiver(delay=0.05) as receiver:
        await subscribe(world, receiver.url)
        for n in range(2, 7):
            assert (await world.save("author", f"Text {n}.\n", base=n - 1)).status_code == 201
        await dispatch(world.accord)
        one, two = Outbound(world.accord), Outbound(world.accord)
        await asyncio.gather(one.deliver_webhooks(), two.deliver_webhooks())
        await asyncio.gather(one.deliver_webhooks(), two.deliver_webhooks())
    ids = receiver.ids()
    assert len(ids) >= 5 and len(ids) == len(set(ids))


async def test_a_replayed_subscription_creates_nothing_and_hides_the_secret(world: World) -> None:
    key = {"Idempotency-Key": "subscribe-once"}
    body = {"url": "https://93.184.216.34/hook"}
    first = await world.call("sec", "POST", HOOKS, json=body, headers=key)
    again = await world.call("sec", "POST", HOOKS, json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["secret"].startswith("whsec_")
    assert again.json()["secret"] is None and again.headers["Idempotent-Replayed"] == "true"
    assert len((await world.call("sec", "GET", HOOKS)).json()) == 1


async def test_an_endpoint_is_changed_only_to_what_is_valid(world: World) -> None:
    endpoint = await subscribe(world, "https://93.184.216.34/hook")
    url = f"{HOOKS}/{endpoint['id']}"
    r = await world.call("sec", "PATCH", url, json={"event_types": ["comment.*"]})
    assert r.status_code == 200 and r.json()["event_types"] == ["comment.*"]
    for patch in (
        {"status": "disabled"},  # only Accord disables
        {"status": "asleep"},
        {"event_types": ["nope.nope"]},
        {"url": "gopher://93.184.216.34/"},
    ):
        r = await world.call("sec", "PATCH", url, json=patch)
        assert r.status_code == 422, (patch, r.text)
    after = (await world.call("sec", "GET", url)).json()
    assert after["event_types"] == ["comment.*"] and after["status"] == "active"
    log = (await world.call("sec", "GET", "/papers/habitat/events", params={"limit": 200})).json()
    updates = [e for e in log["items"] if e["type"] == "WebhookUpdated"]
    assert [u["data"]["changes"] for u in updates] == [{"event_types": ["comment.*"]}]
    assert all("93.184" not in str(e["data"]) for e in log["items"])  # URLs stay out of the log
