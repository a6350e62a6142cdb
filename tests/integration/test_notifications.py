"""Notifications against a real SMTP server (aiosmtpd): who gets which mail, digests,
preferences, and nothing sent twice when a job runs twice."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

import httpx
import pytest
from sqlalchemy import update

from drafts.publication_events import PublicationFailed, PublicationPublished
from services.bootstrap import Accord
from services.config import Settings
from services.notify.mail import SmtpMailer
from services.store.outbound_tables import NotificationRow, OutgoingMailRow
from services.worker.inprocess import InProcessRunner
from services.worker.outbound import Outbound
from tests.integration.outbound import dispatch
from tests.integration.world import World, build_world
from tests.receivers import Mailbox, free_port, smtp_server
from workflows.outbound import notify_people

# Mails link to the board's pages, for people, not to the API.
TEXT_LINK = "http://accord.example/papers/habitat/texts/intro/en"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox.port,
            "smtp_security": "none",
            "mail_from": "Accord <accord@accord.example>",
            "public_url": "http://accord.example",
        }
    )


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    assert (await world.save("author", "Violence is not inevitable.\n")).status_code == 201
    return world


async def deliver(world: World) -> None:
    await dispatch(world.accord)


async def submit(world: World, lang: str = "en", who: str = "author") -> None:
    r = await world.call(who, "POST", world.text_url(lang) + "/submit")
    assert r.status_code == 200, r.text


async def review(
    world: World, decision: str, revision: int, note: str = "", lang: str = "en"
) -> None:
    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/reviews",
        json={"language": lang, "revision": revision, "decision": decision, "note": note},
    )
    assert r.status_code == 201, r.text


def addresses(messages: list[Message]) -> list[str]:
    return sorted(str(m["To"]) for m in messages)


async def test_a_submitted_text_is_mailed_to_its_reviewers_only(
    world: World, mailbox: Mailbox
) -> None:
    await submit(world)
    await deliver(world)
    assert addresses(mailbox.messages) == ["reviewer2@example.org", "reviewer@example.org"]
    mail = mailbox.to("reviewer@example.org")[0]
    assert mail["Subject"] == (
        "[A/CONF.226/PC.3/14] section “Introduction” in English awaits your review"
    )
    body = mailbox.body(mail)
    assert "“Urban safety” (A/CONF.226/PC.3/14)" in body  # the paper
    assert "section “Introduction” in English" in body  # the section
    assert TEXT_LINK in body  # the link
    assert "author submitted revision 1" in body
    assert mail["Message-ID"].endswith("@accord.example>")
    assert mail["From"] == "Accord <accord@accord.example>"


async def test_changes_requested_and_suggestions_reach_the_text_s_author(
    world: World, mailbox: Mailbox
) -> None:
    await submit(world)
    await review(world, "request_changes", 1, note="Please name the sources.")
    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={
            "body": "Stronger.",
            "exact": "not inevitable",
            "start": 12,
            "replacement": "never inevitable",
        },
    )
    assert r.status_code == 201, r.text
    await deliver(world)
    subjects = sorted(str(m["Subject"]) for m in mailbox.to("author@example.org"))
    assert subjects == [
        "[A/CONF.226/PC.3/14] A suggestion on section “Introduction” in English",
        "[A/CONF.226/PC.3/14] Changes requested on section “Introduction” in English",
    ]
    bodies = {str(m["Subject"]): mailbox.body(m) for m in mailbox.to("author@example.org")}
    changes = bodies[subjects[1]]
    assert "reviewer wrote: Please name the sources." in changes and TEXT_LINK in changes
    suggestion = bodies[subjects[0]]
    assert "Replace “not inevitable” with “never inevitable”" in suggestion
    assert "/papers/habitat/texts/intro/en#threads-heading" in suggestion
    # The reviewer did these things: they are not told of them; the other author neither.
    assert mailbox.to("author2@example.org") == []
    assert len(mailbox.to("reviewer@example.org")) == 1  # only the submission


async def test_a_stale_translation_is_mailed_to_the_translators(
    world: World, mailbox: Mailbox
) -> None:
    await submit(world)
    await review(world, "approve", 1)
    assert (
        await world.save("translator", "La violence n'est pas inévitable.\n", lang="fr")
    ).status_code == 201
    assert (
        await world.save("author", "Violence is never inevitable.\n", base=1)
    ).status_code == 201
    await submit(world)
    await review(world, "approve", 2)
    await deliver(world)
    [mail] = [m for m in mailbox.to("translator@example.org") if "out of date" in str(m["Subject"])]
    assert "section “Introduction” in French" in str(mail["Subject"])
    body = mailbox.body(mail)
    assert "made from revision 1" in body
    assert "/papers/habitat/texts/intro/fr#changes-heading" in body


async def test_a_published_version_is_mailed_to_every_member(
    world: World, mailbox: Mailbox
) -> None:
    async with world.accord.uow() as uow:
        uow.record(PublicationPublished(actor="system", paper="habitat", version="1.0"))
        await uow.commit()
    await deliver(world)
    members = ["author", "author2", "reviewer", "reviewer2", "sec", "translator", "admin"]
    assert addresses(mailbox.messages) == sorted(f"{m}@example.org" for m in members)
    body = mailbox.body(mailbox.to("sec@example.org")[0])
    assert "Version 1.0 of “Urban safety” (A/CONF.226/PC.3/14) is published" in body
    assert "http://accord.example/papers/habitat/versions/1.0" in body


async def test_a_failed_version_is_mailed_to_the_secretariat_with_its_reason(
    world: World, mailbox: Mailbox
) -> None:
    async with world.accord.uow() as uow:
        uow.record(
            PublicationFailed(
                actor="system", paper="habitat", version="0.2", reason="the disk is full"
            )
        )
        await uow.commit()
    await deliver(world)
    # Only the secretariat (admins with it) can ask for it again: the others are not told.
    assert addresses(mailbox.messages) == ["admin@example.org", "sec@example.org"]
    [mail] = mailbox.to("sec@example.org")
    assert str(mail["Subject"]).endswith("Version 0.2 could not be made")
    body = mailbox.body(mail)
    assert "Version 0.2 of “Urban safety” (A/CONF.226/PC.3/14) failed: the disk is full" in body
    assert "http://accord.example/papers/habitat/versions/0.2" in body


async def test_people_choose_what_they_are_told(world: World, mailbox: Mailbox) -> None:
    r = await world.call(
        "reviewer2",
        "PUT",
        "/me/notification-preferences",
        json={"kinds": {"review_requested": False}},
    )
    assert r.status_code == 200, r.text
    kinds = {k["kind"]: k["enabled"] for k in r.json()["kinds"]}
    assert kinds["review_requested"] is False and kinds["version_published"] is True
    again = (await world.call("reviewer2", "GET", "/me/notification-preferences")).json()
    assert again == r.json()
    bad = await world.call(
        "reviewer2", "PUT", "/me/notification-preferences", json={"kinds": {"all": False}}
    )
    assert bad.status_code == 422
    await submit(world)
    await deliver(world)
    assert addresses(mailbox.messages) == ["reviewer@example.org"]
    assert (await world.call("reviewer2", "GET", "/me/notifications")).json()["items"] == []


async def test_nothing_is_sent_twice_when_the_jobs_run_twice(
    world: World, mailbox: Mailbox
) -> None:
    """The notice handler twice at once on one event (a try taken again after a crash),
    then three postmen at once: each reviewer gets one mail."""
    await submit(world)
    async with world.accord.transaction() as uow:
        [event] = [
            e for e in await uow.events.list("habitat", 0, 200) if e.name == "SectionSubmitted"
        ]
    runner = InProcessRunner(world.accord)
    try:
        first = await asyncio.gather(
            notify_people(event, runner.jobs),
            notify_people(event, runner.jobs),
            return_exceptions=True,
        )
        # On PostgreSQL the loser of the race meets the unique key and fails its try; the
        # dispatcher's retry then finds the notices there.
        assert any(isinstance(outcome, str) for outcome in first), first
        assert await notify_people(event, runner.jobs) is None
        outbound = Outbound(world.accord)
        await asyncio.gather(outbound.post_mail(), outbound.post_mail(), outbound.post_mail())
        assert await outbound.post_mail() == 0
    finally:
        await runner.stop()
    assert addresses(mailbox.messages) == ["reviewer2@example.org", "reviewer@example.org"]
    [notice] = (await world.call("reviewer", "GET", "/me/notifications")).json()["items"]
    assert notice["kind"] == "review_requested" and notice["mailed_at"] is not None
    assert notice["section"] == "intro" and notice["language"] == "en"
    # And the whole road once more (relay, consequences, couriers): still nothing new.
    await deliver(world)
    assert len(mailbox.messages) == 2


async def test_a_mail_that_could_not_be_sent_is_sent_later(world: World, mailbox: Mailbox) -> None:
    world.accord._mailer = SmtpMailer(
        host="127.0.0.1", port=free_port(), sender="a@accord.example", security="none"
    )
    await submit(world)
    await deliver(world)
    [notice] = (await world.call("reviewer", "GET", "/me/notifications")).json()["items"]
    assert notice["mailed_at"] is None
    # The server is back, and the retry is due.
    world.accord._mailer = None
    async with world.accord.engine.begin() as conn:
        await conn.execute(
            update(OutgoingMailRow).values(next_attempt_at=OutgoingMailRow.created_at)
        )
    assert await Outbound(world.accord).post_mail() == 2
    assert addresses(mailbox.messages) == ["reviewer2@example.org", "reviewer@example.org"]


class TestDigest:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"notify_digest_minutes": 60})

    async def test_a_digest_gathers_a_person_s_notices_into_one_mail(
        self, world: World, mailbox: Mailbox
    ) -> None:
        await submit(world)
        await review(world, "request_changes", 1, note="Shorter.")
        assert (
            await world.save("author", "Violence is never inevitable.\n", base=1)
        ).status_code == 201
        await submit(world)
        await deliver(world)
        assert mailbox.messages == [], "the digest period has not passed"
        # An hour later (the notices made an hour earlier, rather than a test that waits).
        async with world.accord.engine.begin() as conn:
            await conn.execute(
                update(NotificationRow).values(created_at=datetime.now(UTC) - timedelta(minutes=61))
            )
        assert await Outbound(world.accord).post_mail() == 3  # reviewer, reviewer2, author
        [digest] = mailbox.to("reviewer@example.org")
        assert digest["Subject"] == "2 updates on habitat"
        body = mailbox.body(digest)
        assert body.count("awaits your review") == 2
        assert "revision 1" in body and "revision 2" in body
        assert body.count(TEXT_LINK) == 2
        [single] = mailbox.to("author@example.org")
        assert "Changes requested" in str(single["Subject"])
        assert await Outbound(world.accord).post_mail() == 0


class TestWithoutSmtp:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"smtp_host": None})

    async def test_mails_are_written_to_the_data_folder(
        self, world: World, mailbox: Mailbox
    ) -> None:
        await submit(world)
        await deliver(world)
        files = sorted((world.accord.settings.data_dir / "mail").glob("*.eml"))
        assert len(files) == 2
        mails = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
        assert sorted(str(m["To"]) for m in mails) == [
            "reviewer2@example.org",
            "reviewer@example.org",
        ]
        for mail in mails:
            assert isinstance(mail, EmailMessage)
            assert "awaits your review" in str(mail["Subject"])
            assert TEXT_LINK in mail.get_content()
        assert mailbox.messages == []


async def test_a_title_with_a_line_break_cannot_add_a_header(
    world: World, mailbox: Mailbox
) -> None:
    r = await world.call(
        "sec",
        "PATCH",
        f"/papers/{world.paper}/sections/{world.section}",
        json={"titles": {"en": "Intro\nBcc: everyone@example.org"}},
    )
    assert r.status_code == 200, r.text
    await submit(world)
    await deliver(world)
    [mail] = mailbox.to("reviewer@example.org")
    assert mail["Bcc"] is None
    assert "Intro Bcc: everyone@example.org" in str(mail["Subject"])


async def test_roles_limited_to_languages_are_told_only_of_theirs(
    world: World, mailbox: Mailbox
) -> None:
    r = await world.call(
        "sec",
        "PUT",
        f"/papers/{world.paper}/members/reviewer2",
        json={"roles": ["reviewer"], "languages": {"reviewer": ["es"]}},
    )
    assert r.status_code == 200, r.text
    await submit(world)
    await deliver(world)
    # English text in review: the reviewer of Spanish only is not asked.
    assert [str(m["To"]) for m in mailbox.messages] == ["reviewer@example.org"]
