"""The board's pages over HTTP, on SQLite and PostgreSQL: what each person is shown and
offered, and that every form goes through the same workflows as the API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi.routing import APIRoute

from services.api.app import create_app
from services.board.app import ROUTERS
from services.board.pages import BoardRoute
from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = "/papers/habitat/texts/intro/en"


class Pages:
    """The board as one person's browser sees it (authenticated like the API's callers)."""

    def __init__(self, client: httpx.AsyncClient, world: World) -> None:
        self.client = client
        self.world = world

    async def get(self, who: str, path: str, language: str | None = None) -> httpx.Response:
        headers = self.world.auth(who)
        if language:
            headers["Accept-Language"] = language
        return await self.client.get(path, headers=headers)

    async def post(self, who: str, path: str, data: dict[str, str]) -> httpx.Response:
        return await self.client.post(path, headers=self.world.auth(who), data=data)


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    r = await world.save("author", "Cities must act now. Cities must act together.\n")
    assert r.status_code == 201, r.text
    return world


@pytest.fixture
async def pages(accord: Accord, world: World) -> AsyncIterator[Pages]:
    transport = httpx.ASGITransport(app=create_app(accord))
    async with httpx.AsyncClient(transport=transport, base_url="http://accord.test") as client:
        yield Pages(client, world)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_someone_not_signed_in_is_sent_to_the_sign_in_page(pages: Pages) -> None:
    answer = await pages.client.get(TEXT)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=%2Fpapers%2Fhabitat%2Ftexts%2Fintro%2Fen"


async def test_a_non_member_sees_nothing_of_the_paper(pages: Pages) -> None:
    home = await pages.get("outsider", "/")
    assert home.status_code == 200
    assert "Urban safety" not in home.text
    for path in (
        "/papers/habitat",
        TEXT,
        TEXT + "/history",
        TEXT + "/edit",
        "/papers/habitat/matrix",
    ):
        answer = await pages.get("outsider", path)
        assert answer.status_code == 404, path
        assert "Urban safety" not in answer.text and "Cities must" not in answer.text


async def test_pages_offer_only_what_the_persons_roles_allow(pages: Pages, world: World) -> None:
    author = (await pages.get("author", TEXT)).text
    assert "Edit the text" in author and "Submit for review" in author
    assert "Record the review" not in author
    reviewer = (await pages.get("reviewer", TEXT)).text
    assert "Edit the text" not in reviewer and "Submit for review" not in reviewer
    assert "Add the comment" in reviewer
    translator = (await pages.get("translator", TEXT)).text
    assert "Edit the text" not in translator
    assert "Request a version" not in (await pages.get("author", "/papers/habitat")).text
    assert "Request a version" in (await pages.get("sec", "/papers/habitat")).text

    # Once submitted, the reviewer is offered a review; the author never is.
    assert (await pages.post("author", TEXT + "/submit", {})).status_code == 303
    assert "Record the review" in (await pages.get("reviewer", TEXT)).text
    assert "Record the review" not in (await pages.get("author", TEXT)).text


async def test_a_comment_with_html_or_script_is_shown_as_text(pages: Pages) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>bold</b>'
    answer = await pages.post(
        "reviewer",
        TEXT + "/comments",
        {"revision": "1", "exact": "act together", "prefix": "Cities must ", "body": hostile},
    )
    assert answer.status_code == 303, answer.text
    page = (await pages.get("author", TEXT)).text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


async def test_a_suggestion_from_selected_words_is_anchored_and_can_be_accepted(
    pages: Pages, world: World
) -> None:
    # The page shows "act together" after the second "Cities must": the context picks it.
    answer = await pages.post(
        "reviewer",
        TEXT + "/comments",
        {
            "revision": "1",
            "exact": "act",
            "prefix": "now. Cities must ",
            "suffix": " together.",
            "body": "Stronger.",
            "suggest": "true",
            "replacement": "work",
        },
    )
    assert answer.status_code == 303, answer.text
    thread = answer.headers["location"].rsplit("#thread-", 1)[1]
    comments = (await world.call("sec", "GET", "/papers/habitat/sections/intro/comments")).json()
    [opened] = comments["items"]
    assert opened["quote"]["start"] == len("Cities must act now. Cities must ")
    accepted = await pages.post("author", f"{TEXT}/comments/{thread}/accept", {})
    assert accepted.status_code == 303
    page = text_of((await pages.get("author", TEXT)).text)
    assert "Cities must act now. Cities must work together." in page


async def test_words_that_are_not_in_the_text_are_refused_and_kept_in_the_form(
    pages: Pages, world: World
) -> None:
    answer = await pages.post(
        "reviewer",
        TEXT + "/comments",
        {"revision": "1", "exact": "nowhere to be found", "body": "Hm."},
    )
    assert answer.status_code == 422
    assert "select them in the text again" in answer.text
    assert "nowhere to be found</textarea>" in answer.text
    assert await world.call("sec", "GET", "/papers/habitat/sections/intro/comments") is not None
    listed = await world.call("sec", "GET", "/papers/habitat/sections/intro/comments")
    assert listed.json()["items"] == []


async def test_a_refused_review_says_why_and_changes_nothing(pages: Pages, world: World) -> None:
    await pages.post("author", TEXT + "/submit", {})
    answer = await pages.post(
        "reviewer", TEXT + "/reviews", {"revision": "1", "decision": "request_changes"}
    )
    assert answer.status_code == 422
    assert "a request for changes needs a note" in answer.text
    state = (await world.call("sec", "GET", world.text_url())).json()["state"]
    assert state == "in_review"
    approved = await pages.post(
        "reviewer", TEXT + "/reviews", {"revision": "1", "decision": "approve"}
    )
    assert approved.status_code == 303
    assert (await world.call("sec", "GET", world.text_url())).json()["state"] == "approved"


async def test_a_conflicting_save_shows_both_sides_and_keeps_the_persons_text(
    pages: Pages, world: World
) -> None:
    r = await world.save("author", "Cities must act today. Cities must act together.\n", base=1)
    assert r.status_code == 201
    answer = await pages.post(
        "author",
        TEXT + "/edit",
        {"base": "1", "body": "Cities must act at once. Cities must act together.\n"},
    )
    assert answer.status_code == 409
    page = answer.text
    assert "Saved since (current)" in page
    assert "Cities must act today." in page  # theirs
    assert "Cities must act at once." in page  # mine, also still in the editor
    assert 'name="base" value="2"' in page  # saving again takes revision 2 into account
    assert (await world.call("sec", "GET", world.text_url())).json()["current_revision"][
        "number"
    ] == 2


async def test_a_blocked_final_version_lists_every_blocker_with_a_link(
    pages: Pages, world: World
) -> None:
    answer = await pages.post(
        "sec", "/papers/habitat/versions", {"version": "1.0", "kind": "final"}
    )
    assert answer.status_code == 409
    assert 'href="/papers/habitat/texts/intro/en"' in answer.text
    assert 'href="/papers/habitat/texts/intro/es"' in answer.text
    drafted = await pages.post(
        "sec", "/papers/habitat/versions", {"version": "0.1", "kind": "draft"}
    )
    assert drafted.status_code == 303
    assert drafted.headers["location"] == "/papers/habitat/versions/0.1"
    version = await pages.get("sec", "/papers/habitat/versions/0.1")
    assert "Version 0.1" in version.text and "rendering" in version.text


async def test_what_awaits_each_person_is_listed_on_the_paper(pages: Pages) -> None:
    author = text_of((await pages.get("author", "/papers/habitat")).text)
    assert "Introduction · English : submit" in author
    reviewer = text_of((await pages.get("reviewer", "/papers/habitat")).text)
    assert "Nothing awaits you on this paper now." in reviewer
    await pages.post("author", TEXT + "/submit", {})
    reviewer = text_of((await pages.get("reviewer", "/papers/habitat/matrix")).text)
    assert "Introduction · English : review" in reviewer


async def test_the_interface_speaks_the_persons_language(pages: Pages) -> None:
    spanish = await pages.get("author", TEXT, language="es-ES,es;q=0.9")
    assert '<html lang="es"' in spanish.text and "Enviar a revisión" in spanish.text
    chosen = await pages.post("author", "/language", {"language": "fr", "next": TEXT})
    assert chosen.status_code == 303 and chosen.headers["location"] == TEXT
    french = await pages.get("author", TEXT)
    assert '<html lang="fr"' in french.text and "Soumettre à l’examen" in french.text
    elsewhere = await pages.post(
        "author", "/language", {"language": "fr", "next": "//evil.example"}
    )
    assert elsewhere.headers["location"] == "/"


async def test_arabic_text_is_laid_out_right_to_left(pages: Pages, world: World) -> None:
    created = await world.call(
        "admin",
        "POST",
        "/papers",
        json={
            "slug": "arabic",
            "titles": {"ar": "السلامة الحضرية"},
            "source_language": "ar",
            "languages": ["ar", "en"],
        },
    )
    assert created.status_code == 201, created.text
    await world.call(
        "admin", "POST", "/papers/arabic/sections", json={"key": "s", "titles": {"ar": "مقدمة"}}
    )
    saved = await world.call(
        "admin",
        "POST",
        "/papers/arabic/sections/s/languages/ar/revisions",
        json={"body": "نص عربي.\n"},
    )
    assert saved.status_code == 201, saved.text
    page = (await pages.get("admin", "/papers/arabic/texts/s/ar")).text
    assert re.search(r'<div class="rendered text-body" id="text-body" lang="ar" dir="rtl"', page)
    assert '<span lang="ar" dir="rtl">مقدمة</span>' in page
    assert '<html lang="en" dir="ltr">' in page  # the interface itself stays English


async def test_pages_carry_a_policy_that_lets_no_text_run_a_script(pages: Pages) -> None:
    answer = await pages.get("author", TEXT)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_every_page_route_is_a_board_route() -> None:
    """Every HTML route answers refusals as pages, and none is part of the API schema."""
    board = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(board) >= 10
    for route in board:
        assert isinstance(route, BoardRoute) and not route.include_in_schema, route.path


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (TEXT + "/comments/99999999999/resolve", {}),
        (TEXT + "/comments/1/explode", {}),
        (TEXT + "/comments", {"revision": "99999999999", "exact": "a", "body": "b"}),
        (TEXT + "/comments", {"revision": "1", "exact": "a\x00b", "body": "b"}),
        (TEXT + "/reviews", {"revision": "1", "decision": "maybe"}),
        (TEXT + "/edit", {"base": "-3", "body": "x"}),
        ("/papers/habitat/versions", {"version": "x" * 5000}),
    ],
)
async def test_malformed_forms_are_refused_and_never_fail_the_server(
    pages: Pages, path: str, data: dict[str, str]
) -> None:
    answer = await pages.post("sec", path, data)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])


async def test_the_author_sees_what_the_reviewer_asked_to_change(pages: Pages) -> None:
    await pages.post("author", TEXT + "/submit", {})
    asked = await pages.post(
        "reviewer",
        TEXT + "/reviews",
        {"revision": "1", "decision": "request_changes", "note": "Name the cities."},
    )
    assert asked.status_code == 303
    page = text_of((await pages.get("author", TEXT)).text)
    assert "reviewer requested changes: Name the cities." in page
    assert "changes requested" in page
