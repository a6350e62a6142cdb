"""Review, approval and translation through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from docx import Document
from sqlalchemy import event

from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = (
    "Urban violence is not inevitable.\n\n"
    "Prevention works best when cities lead it.\n\n"
    "Young people must be partners, not targets.\n"
)


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", TEXT)).status_code == 201
    return w


def comments_url(w: World) -> str:
    return f"/papers/{w.paper}/sections/{w.section}/comments"


async def submit(w: World, who: str = "author", lang: str = "en") -> httpx.Response:
    return await w.call(who, "POST", w.text_url(lang) + "/submit")


async def review(
    w: World, who: str, revision: int, decision: str = "approve", note: str = "", lang: str = "en"
) -> httpx.Response:
    return await w.call(
        who,
        "POST",
        f"/papers/{w.paper}/sections/{w.section}/reviews",
        json={"language": lang, "revision": revision, "decision": decision, "note": note},
    )


async def state(w: World, lang: str = "en") -> str:
    return str((await w.call("sec", "GET", w.text_url(lang))).json()["state"])


async def comment(w: World, who: str, exact: str, **extra: object) -> httpx.Response:
    head = (await w.call("sec", "GET", w.text_url())).json()["current_revision"]["number"]
    body = (await w.call("sec", "GET", w.text_url() + f"/revisions/{head}")).json()["body"]
    start = body.index(exact)
    return await w.call(
        who,
        "POST",
        comments_url(w),
        json={
            "body": "A comment",
            "exact": exact,
            "start": start,
            "prefix": body[max(0, start - 8) : start],
            **extra,
        },
    )


async def types(w: World) -> list[str]:
    page = (await w.call("sec", "GET", f"/papers/{w.paper}/events", params={"limit": 200})).json()
    return [e["type"] for e in page["items"]]


async def test_a_submitted_text_is_approved_by_a_reviewer(world: World) -> None:
    assert (await submit(world)).json()["state"] == "in_review"
    r = await review(world, "reviewer", 1)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "approved"
    assert await state(world) == "approved"
    assert {"SectionSubmitted", "ReviewRecorded", "SectionApproved"} <= set(await types(world))


async def test_nobody_reviews_their_own_revision(world: World) -> None:
    await world.call(
        "admin",
        "PUT",
        f"/papers/{world.paper}/members/author",
        json={"roles": ["author", "reviewer"]},
    )
    await submit(world)
    r = await review(world, "author", 1)
    assert r.status_code == 403
    assert await state(world) == "in_review"


async def test_nobody_approves_text_they_wrote_since_the_last_approval(world: World) -> None:
    for name in ("author", "author2"):
        r = await world.call(
            "admin",
            "PUT",
            f"/papers/{world.paper}/members/{name}",
            json={"roles": ["author", "reviewer"]},
        )
        assert r.status_code == 200
    r = await world.call(
        "sec",
        "PATCH",
        f"/papers/{world.paper}/sections/{world.section}",
        json={"authors": ["author", "author2"]},
    )
    assert r.status_code == 200, r.text
    # author wrote revision 1; author2 revision 2 on top of it: author's sentences are in
    # revision 2, so author may not approve it, though they did not save it.
    await world.save("author2", TEXT + "A closing line.\n", base=1)
    await submit(world)
    refused = await review(world, "author", 2)
    assert refused.status_code == 403, refused.text
    assert "since the last approval" in refused.json()["detail"]
    # Asking for changes on a colleague's revision stays possible.
    assert (await review(world, "author", 2, "request_changes", "Shorter.")).status_code == 201
    # Once approved by someone else, the slate is clean: author2 edits, author approves.
    await submit(world)
    assert (await review(world, "reviewer", 2)).json()["state"] == "approved"
    await world.save("author2", TEXT + "A shorter closing line.\n", base=2)
    await submit(world)
    assert (await review(world, "author", 3)).json()["state"] == "approved"


async def test_a_draft_cannot_be_reviewed_and_only_the_current_revision_can(world: World) -> None:
    assert (await review(world, "reviewer", 1)).status_code == 409
    await world.save("author", TEXT + "More.\n", base=1)
    await submit(world)
    assert (await review(world, "reviewer", 1)).status_code == 409
    assert (await review(world, "reviewer", 2)).status_code == 201


async def test_request_changes_needs_a_note_and_sends_the_text_back(world: World) -> None:
    await submit(world)
    assert (await review(world, "reviewer", 1, "request_changes")).status_code == 422
    r = await review(world, "reviewer", 1, "request_changes", "Cite the source.")
    assert r.json()["state"] == "changes_requested"
    assert (await submit(world)).json()["state"] == "in_review"


async def test_a_new_revision_voids_the_approval(world: World) -> None:
    await submit(world)
    await review(world, "reviewer", 1)
    await world.save("author", TEXT.replace("inevitable", "a fate"), base=1)
    assert await state(world) == "drafting"
    cell = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    intro = cell["sections"][0]["languages"]["en"]
    assert intro["approvals"] == [] and intro["approved_revision"] == 1
    assert intro["current_revision"] == 2
    assert "ApprovalsVoided" in await types(world)


async def test_the_paper_policy_sets_how_many_approvals_and_from_whom(world: World) -> None:
    # Set as a client sets it, so the test fails if the API ignores or mis-stores it.
    r = await world.call(
        "sec",
        "PATCH",
        f"/papers/{world.paper}",
        json={"approvals_required": 2, "secretariat_approval_required": True},
    )
    assert r.status_code == 200, r.text
    await submit(world)
    # The secretariat's approval alone is one of the two needed.
    assert (await review(world, "sec", 1)).json()["state"] == "in_review"
    assert (await review(world, "reviewer", 1)).json()["state"] == "approved"


async def test_two_approvals_without_the_secretariat_do_not_meet_a_policy_that_needs_it(
    world: World,
) -> None:
    r = await world.call(
        "sec",
        "PATCH",
        f"/papers/{world.paper}",
        json={"approvals_required": 2, "secretariat_approval_required": True},
    )
    assert r.status_code == 200, r.text
    await world.call(
        "sec", "PUT", f"/papers/{world.paper}/members/author2", json={"roles": ["reviewer"]}
    )
    await submit(world)
    for who in ("reviewer", "reviewer2", "author2"):
        assert (await review(world, who, 1)).json()["state"] == "in_review"


async def test_comments_follow_the_text_and_orphan_when_their_quote_goes(world: World) -> None:
    on_prevention = (await comment(world, "reviewer", "Prevention works best")).json()
    on_youth = (await comment(world, "reviewer", "must be partners")).json()
    on_violence = (await comment(world, "reviewer", "is not inevitable")).json()
    edited = "Foreword.\n\n" + TEXT.replace("must be partners", "must become partners").replace(
        "Urban violence is not inevitable.\n\n", ""
    )
    assert (await world.save("author", edited, base=1)).status_code == 201
    listed = {
        c["id"]: c for c in (await world.call("author", "GET", comments_url(world))).json()["items"]
    }
    moved = listed[on_prevention["id"]]["anchor"]
    assert moved["status"] == "exact" and moved["revision"] == 2
    assert moved["text"] == "Prevention works best"
    assert moved["start"] == edited.index("Prevention works best")
    fuzzy = listed[on_youth["id"]]["anchor"]
    assert fuzzy["status"] == "fuzzy" and "partners" in fuzzy["text"]
    gone = listed[on_violence["id"]]
    assert gone["anchor"]["status"] == "orphaned"
    assert gone["quote"]["exact"] == "is not inevitable"
    assert "CommentOrphaned" in await types(world)


async def test_threads_resolve_reopen_and_filter(world: World) -> None:
    thread = (await comment(world, "reviewer", "cities lead it")).json()
    r = await world.call(
        "author",
        "POST",
        comments_url(world),
        json={"body": "Agreed, will do.", "parent": thread["id"]},
    )
    assert r.status_code == 201 and r.json()["parent"] == thread["id"]
    url = f"{comments_url(world)}/{thread['id']}"
    assert (await world.call("translator", "POST", url + "/resolve", json={})).status_code == 403
    assert (await world.call("author", "POST", url + "/resolve", json={})).status_code == 200
    assert (await world.call("author", "POST", url + "/resolve", json={})).status_code == 409
    open_now = (
        await world.call("author", "GET", comments_url(world), params={"status": "open"})
    ).json()["items"]
    assert [c["id"] for c in open_now] == [r.json()["id"]]
    assert (await world.call("reviewer", "POST", url + "/reopen")).status_code == 200


async def test_accepting_a_suggestion_replaces_the_quote_once(world: World) -> None:
    s = (await comment(world, "reviewer", "not targets", replacement="never targets")).json()
    r = await world.call("author", "POST", f"{comments_url(world)}/{s['id']}/accept")
    assert r.status_code == 201, r.text
    assert r.json()["body"] == TEXT.replace("not targets", "never targets")
    assert r.json()["number"] == 2
    settled = (await world.call("author", "GET", comments_url(world))).json()["items"][0]
    assert settled["status"] == "resolved" and settled["disposition"] == "accepted"
    # The reviewer proposed part of revision 2, so they cannot approve it.
    await submit(world)
    assert (await review(world, "reviewer", 2)).status_code == 403


async def test_accepting_a_suggestion_whose_quote_is_gone_is_a_conflict(world: World) -> None:
    s = (await comment(world, "reviewer", "not targets", replacement="never targets")).json()
    await world.save("author", TEXT.replace("not targets", "not suspects"), base=1)
    r = await world.call("author", "POST", f"{comments_url(world)}/{s['id']}/accept")
    assert r.status_code == 409
    r = await world.call(
        "author",
        "POST",
        f"{comments_url(world)}/{s['id']}/reject",
        json={"reason": "Overtaken by revision 2."},
    )
    assert r.json()["disposition"] == "rejected"


async def test_a_quote_that_does_not_match_its_revision_is_refused(world: World) -> None:
    r = await world.call(
        "reviewer",
        "POST",
        comments_url(world),
        json={"body": "x", "exact": "inevitable", "start": 0},
    )
    assert r.status_code == 422


async def test_translations_go_stale_when_the_source_is_approved_again(world: World) -> None:
    await submit(world)
    await review(world, "reviewer", 1)
    fr = await world.save("translator", "La violence urbaine n'est pas une fatalité.\n", lang="fr")
    assert fr.json()["source_revision"] == 1
    assert (await submit(world, "translator", "fr")).status_code == 200
    assert (await review(world, "reviewer", 1, lang="fr")).json()["state"] == "approved"

    changed = TEXT.replace("Urban violence", "Violence in cities")
    await world.save("author", changed, base=1)
    await submit(world)
    await review(world, "reviewer", 2)
    assert "TranslationStale" in await types(world)
    status = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    assert status["sections"][0]["languages"]["fr"]["stale"] is True

    changes = (
        await world.call("translator", "GET", world.text_url("fr") + "/source-changes")
    ).json()
    assert (changes["made_from"], changes["source_revision"]) == (1, 2)
    assert changes["up_to_date"] is False
    assert "-Urban violence is not inevitable." in changes["unified"]
    assert "+Violence in cities is not inevitable." in changes["unified"]

    await world.save("translator", "La violence dans les villes...\n", base=1, lang="fr")
    await submit(world, "translator", "fr")
    # Saved from the approved source by default, so no longer stale: it may be approved.
    assert (await review(world, "reviewer", 2, lang="fr")).json()["state"] == "approved"


async def test_a_stale_translation_cannot_be_approved(world: World) -> None:
    await world.save("translator", "Texte.\n", lang="fr")
    await submit(world)
    await review(world, "reviewer", 1)
    await world.save("author", TEXT + "Also.\n", base=1)
    await submit(world)
    await review(world, "reviewer", 2)
    await submit(world, "translator", "fr")
    r = await review(world, "reviewer", 1, lang="fr")
    assert r.status_code == 409
    assert "source" in r.json()["detail"]


async def test_the_status_matrix_costs_the_same_queries_for_any_paper_size(
    accord: Accord, world: World
) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    async def queries_for_status() -> int:
        statements.clear()
        event.listen(accord.engine.sync_engine, "before_cursor_execute", count)
        try:
            r = await world.call("sec", "GET", f"/papers/{world.paper}/status")
            assert r.status_code == 200
        finally:
            event.remove(accord.engine.sync_engine, "before_cursor_execute", count)
        return len(statements)

    small = await queries_for_status()
    for i in range(6):
        await world.call(
            "sec",
            "POST",
            f"/papers/{world.paper}/sections",
            json={"key": f"s{i}", "titles": {"en": f"S{i}"}, "authors": ["author"]},
        )
    for i in range(6):
        url = f"/papers/{world.paper}/sections/s{i}/languages/en/revisions"
        await world.call("author", "POST", url, json={"body": f"Text {i}\n"})
        await comment(world, "reviewer", "cities lead it")
    large = await queries_for_status()
    assert large == small
    status = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    assert len(status["sections"]) == 7
    assert status["sections"][0]["languages"]["en"]["open_comments"] == 6


async def test_the_disposition_record_lists_each_thread_as_csv_and_docx(world: World) -> None:
    s = (await comment(world, "reviewer", "not targets", replacement="never targets")).json()
    await world.call(
        "author",
        "POST",
        comments_url(world),
        json={"body": "Accepted with thanks.", "parent": s["id"]},
    )
    await world.call("author", "POST", f"{comments_url(world)}/{s['id']}/accept")
    await comment(world, "reviewer2", "Urban violence", body='=HYPERLINK("http://x")')

    raw = await world.call("sec", "GET", f"/papers/{world.paper}/dispositions.csv")
    assert raw.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert [(r["Quote"], r["Disposition"]) for r in rows] == [
        ("not targets", "accepted"),
        ("Urban violence", "open"),
    ]
    assert rows[0]["Replies"] == "author: Accepted with thanks."
    # Spreadsheets must show a formula-looking comment as text, never run it.
    assert rows[1]["Comment"] == '\'=HYPERLINK("http://x")'

    docx = await world.call("sec", "GET", f"/papers/{world.paper}/dispositions.docx")
    table = Document(io.BytesIO(docx.content)).tables[0]
    assert [c.text for c in table.rows[1].cells][3:5] == ["not targets", "A comment"]
    assert table.rows[2].cells[4].text == '=HYPERLINK("http://x")'
    assert len(table.rows) == 3
