"""The rules of webhooks and notices, without any server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from drafts.errors import InvalidRequest
from drafts.notifications import Notice, NoticeKind, Preferences, compose
from drafts.webhook_deliveries import (
    DeliveryStatus,
    EventRecord,
    SendOutcome,
    WebhookDelivery,
    judge_attempt,
    webhook_body,
)
from drafts.webhooks import (
    RETRY_SCHEDULE,
    EndpointStatus,
    SigningSecret,
    WebhookEndpoint,
    check_event_filter,
    check_webhook_url,
    event_type,
    new_secret,
    refused_address,
)
from workflows.webhooks import webhook_event_types

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FAIL = SendOutcome(500, 12)
OK = SendOutcome(204, 8)


def endpoint(**kw: object) -> WebhookEndpoint:
    base: dict[str, object] = {
        "paper": "habitat",
        "url": "https://93.184.216.34/h",
        "event_types": (),
        "secrets": (SigningSecret(new_secret(), T0),),
        "created_by": "sec",
        "created_at": T0,
        "id": 1,
    }
    return WebhookEndpoint(**{**base, **kw})  # type: ignore[arg-type]


def delivery(event: str = "e1") -> WebhookDelivery:
    return WebhookDelivery(1, event, "section.submitted", T0, T0, id=1)


def test_event_types_are_dotted_resource_then_action() -> None:
    assert event_type("SectionSubmitted") == "section.submitted"
    assert event_type("TranslationStale") == "translation.stale"
    assert event_type("WebhookSecretRotated") == "webhook_secret.rotated"
    assert event_type("PublicationPublished") == "publication.published"
    known = webhook_event_types()
    assert {"section.submitted", "comment.added", "webhook.disabled"} <= known
    assert "user.created" not in known  # about the installation, not a paper


def test_a_filter_takes_known_types_and_resource_wildcards_only() -> None:
    known = webhook_event_types()
    assert check_event_filter(["comment.*", "section.submitted", "comment.*"], known) == (
        "comment.*",
        "section.submitted",
    )
    with pytest.raises(InvalidRequest):
        check_event_filter(["section.eaten"], known)
    with pytest.raises(InvalidRequest):
        check_event_filter(["nothing.*"], known)
    wants = endpoint(event_types=("comment.*", "section.submitted"))
    assert wants.wants("comment.resolved") and wants.wants("section.submitted")
    assert not wants.wants("section.approved")
    assert endpoint().wants("anything.at_all")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://h/",
        "https://u:p@h/",
        "https:///x",
        "https://h/#frag",
        "http://h:0/",
        "h/x",
        "https://h/ x",
        "https://h:99999/",
    ],
)
def test_urls_that_are_no_receiver_are_refused(url: str) -> None:
    with pytest.raises(InvalidRequest):
        check_webhook_url(url)


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("93.184.216.34", False),
        ("2606:2800:220:1:248:1893:25c8:1946", False),
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("172.31.255.255", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fc00::1", True),
        ("::ffff:10.0.0.1", True),
        ("2002:7f00:0001::", True),  # 6to4 around 127.0.0.1
        ("not an address", True),
    ],
)
def test_only_global_unicast_addresses_may_be_reached(address: str, refused: bool) -> None:
    assert (refused_address(address) is not None) is refused


def test_rotation_keeps_the_previous_secret_signing_until_the_grace_ends() -> None:
    e = endpoint()
    first = e.secrets[0].value
    until = e.rotate("whsec_bmV3", T0, timedelta(hours=1))
    assert until == T0 + timedelta(hours=1)
    assert e.signing_secrets(T0 + timedelta(minutes=59)) == ["whsec_bmV3", first]
    assert e.signing_secrets(until) == ["whsec_bmV3"]
    # Without grace every older secret stops at once.
    e.rotate("whsec_bmV4", T0, timedelta(0))
    assert e.signing_secrets(T0) == ["whsec_bmV4"]
    with pytest.raises(InvalidRequest):
        e.rotate("whsec_bmV5", T0, timedelta(days=8))


def test_a_failed_try_waits_the_next_delay_of_the_schedule() -> None:
    d, e = delivery(), endpoint()
    for tries, delay in enumerate(RETRY_SCHEDULE[1:], 1):
        d.attempts += 1  # the claim counts the try
        at = T0 + timedelta(hours=tries)
        verdict = judge_attempt(d, e, FAIL, at, RETRY_SCHEDULE)
        assert not verdict.gave_up and d.next_attempt_at == at + timedelta(seconds=delay)
    assert sum(RETRY_SCHEDULE) / 3600 == pytest.approx(27.6, abs=0.1)  # about a day


def test_the_schedule_s_end_disables_an_endpoint_failing_all_along() -> None:
    d, e = delivery(), endpoint()
    schedule = (0.0, 1.0, 1.0)
    verdicts = [judge_attempt(d, e, FAIL, T0 + timedelta(seconds=i), schedule) for i in range(3)]
    assert [v.gave_up for v in verdicts] == [False, False, True]
    assert verdicts[-1].disable_endpoint and e.status is EndpointStatus.DISABLED
    assert d.status is DeliveryStatus.FAILED
    assert e.disabled_reason and "every delivery failed" in e.disabled_reason


def test_a_success_elsewhere_meanwhile_is_no_sustained_failure() -> None:
    e = endpoint()
    old, other = delivery("old"), delivery("other")
    schedule = (0.0, 1.0)
    judge_attempt(old, e, FAIL, T0, schedule)
    judge_attempt(other, e, OK, T0 + timedelta(seconds=1), schedule)
    assert e.failing_since is None
    verdict = judge_attempt(old, e, FAIL, T0 + timedelta(seconds=2), schedule)
    assert verdict.gave_up and not verdict.disable_endpoint
    assert e.status is EndpointStatus.ACTIVE


def test_the_payload_is_the_same_bytes_every_time() -> None:
    event = EventRecord("e1", "SectionSubmitted", "habitat", "ana", T0, {"section": "intro"})
    body = webhook_body(event)
    assert body == webhook_body(event)
    assert json.loads(body) == {
        "id": "e1",
        "type": "section.submitted",
        "timestamp": "2026-12-01T09:00:00Z",
        "data": {"section": "intro", "paper": "habitat", "actor": "ana"},
    }


def test_preferences_turn_kinds_on_and_off() -> None:
    p = Preferences("ana").with_choices({"suggestion_made": False})
    assert not p.wants(NoticeKind.SUGGESTION_MADE) and p.wants(NoticeKind.REVIEW_REQUESTED)
    assert p.with_choices({"suggestion_made": True}).wants(NoticeKind.SUGGESTION_MADE)
    with pytest.raises(InvalidRequest):
        p.with_choices({"everything": False})


def test_a_digest_lists_each_notice_with_its_link_oldest_first() -> None:
    def notice(i: int) -> Notice:
        return Notice(
            f"e{i}",
            "ana",
            NoticeKind.REVIEW_REQUESTED,
            "habitat",
            f"[A/1] Subject {i}",
            f"Text {i}",
            f"http://x/{i}",
            T0 + timedelta(minutes=i),
            "intro",
            "en",
            id=i,
        )

    mail = compose("ana", "ana@example.org", [notice(2), notice(1)], T0)
    assert mail.subject == "2 updates on habitat" and mail.notices == 2
    assert mail.text.index("Subject 1") < mail.text.index("Subject 2")
    assert "http://x/1" in mail.text and "http://x/2" in mail.text
    single = compose("ana", "ana@example.org", [notice(1)], T0)
    assert single.subject == "[A/1] Subject 1" and "http://x/1" in single.text


def test_the_retry_schedule_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.config import Settings

    monkeypatch.setenv("ACCORD_WEBHOOK_RETRY_SCHEDULE", "[0, 1.5, 60]")
    assert Settings().webhook_retry_schedule == (0, 1.5, 60)
    assert Settings(_env_file=None).notify_digest_minutes == 0


def test_webhooks_and_notices_are_handlers_in_the_dispatcher_s_table() -> None:
    from drafts import events
    from workflows.consequences import CONSEQUENCES, EVERY_EVENT, NO_CONSEQUENCE, TABLE
    from workflows.notifications import NOTIFYING_EVENTS
    from workflows.webhooks import _event_classes

    assert [h.name for h in EVERY_EVENT] == ["webhooks"]
    for name in NOTIFYING_EVENTS:
        assert "notify" in [h.name for h in TABLE.handlers_for(name)], name
    # Every event type is a decision: a consequence of its own, or listed as needing none.
    names = {cls.__name__ for cls in _event_classes(events.Event)}
    assert names - set(CONSEQUENCES) - NO_CONSEQUENCE == set()
    assert set(CONSEQUENCES) & NO_CONSEQUENCE == set()
