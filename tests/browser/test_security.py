"""What a browser may not do to the board: post from another site, guess passwords, see
another paper, or reuse an invitation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from services.demo import content
from tests.browser.conftest import Board, Server, accord, check_accessible, sign_in

pytestmark = pytest.mark.slow

PAPER = content.PAPER["slug"]
REVIEWER = content.REVIEWERS[1][0]
TEXT = f"/papers/{PAPER}/texts/financing-and-data/en"


class Attacker:
    """Another web site: one page with a form aimed at the board, sent as soon as it loads."""

    def __init__(self, host: str, target: str) -> None:
        form = (
            f'<!doctype html><html lang="en"><title>Win a prize</title><body>'
            f'<form method="post" action="{target}">'
            '<input name="revision" value="1"><input name="exact" value="Safety">'
            '<input name="body" value="Planted by another site"></form>'
            "<script>document.forms[0].submit()</script></body></html>"
        ).encode()

        class Page(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(form)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def attackers(server: Server) -> Iterator[list[Attacker]]:
    target = f"{server.url}{TEXT}/comments"
    # The same site on another port (the cookie goes along: only the CSRF checks stop it),
    # and another site altogether (SameSite=Lax keeps the cookie home).
    sites = [Attacker("127.0.0.1", target), Attacker("localhost", target)]
    yield sites
    for site in sites:
        site.close()


def comments_on(server: Server) -> list[str]:
    answer = httpx.get(
        f"{server.url}/api/v1/papers/{PAPER}/sections/financing-and-data/comments",
        headers={"Authorization": f"Bearer {server.token(content.SECRETARIAT[0][0])}"},
    )
    return [c["body"] for c in answer.json()["items"]]


async def test_a_form_posted_from_another_site_is_refused(
    board: Board, server: Server, attackers: list[Attacker]
) -> None:
    page = await board.as_person(REVIEWER)
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/comments") else None)
    for site in attackers:
        answers.clear()
        await page.goto(site.url)
        await page.wait_for_url(f"{server.url}{TEXT}/comments")
        assert answers and answers[-1] in (401, 403), answers
        assert "Planted by another site" not in await page.content()
    assert "Planted by another site" not in comments_on(server)
    # The same form from the board's own page goes through.
    await page.goto(TEXT)
    await page.get_by_label("Quoted words", exact=True).fill("Safety strategies")
    await page.get_by_label("Your comment", exact=True).fill("Posted from the board")
    await page.get_by_role("button", name="Add the comment").click()
    await page.locator("article.thread", has_text="Posted from the board").wait_for()
    assert "Posted from the board" in comments_on(server)


async def test_wrong_passwords_are_slowed_down_and_said_so(board: Board) -> None:
    page = await (await board.context()).new_page()
    await page.goto("/sign-in")
    statuses = []
    for _ in range(6):
        await page.locator("#login").fill("rahul.mehta")
        await page.locator("#password").fill("not the password at all")
        async with page.expect_response(lambda r: r.url.endswith("/sign-in")) as answer:
            await page.locator("main form button[type=submit]").click()
        statuses.append((await answer.value).status)
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    problem = await page.get_by_role("alert").inner_text()
    assert "too many failed sign-ins" in problem
    await check_accessible(page)
    # Once the delay it names has passed, the right password signs in.
    wait = int((await answer.value).headers["retry-after"])
    assert 1 <= wait <= 900
    await page.wait_for_timeout(wait * 1000 + 200)
    await page.locator("#password").fill("urban-safety-demo")
    await page.locator("main form button[type=submit]").click()
    await page.locator(".who strong", has_text="rahul.mehta").wait_for()


async def test_an_invitation_sets_a_password_once_and_a_stranger_sees_no_paper(
    board: Board, server: Server
) -> None:
    printed = accord("users", "add", "stranger", "--email", "stranger@example.org", env=server.env)
    link = next(line for line in printed.splitlines() if "invitation" in line).split()[-1]
    page = await (await board.context()).new_page()
    await page.goto(link)
    await check_accessible(page)
    assert "stranger" in await page.locator("main").inner_text()
    await page.get_by_label("New password").fill("a walk along the river")
    await page.get_by_label("The same password again").fill("a walk along the river")
    await page.get_by_role("button", name="Set the password").click()
    await page.locator(".who strong", has_text="stranger").wait_for()
    assert "You are not a member of any paper yet" in await page.locator("main").inner_text()
    answer = await page.goto(f"/papers/{PAPER}")
    assert answer is not None and answer.status == 404
    assert content.PAPER["titles"]["en"] not in await page.content()
    answer = await page.goto(TEXT)
    assert answer is not None and answer.status == 404
    # The link is used up.
    other = await (await board.context()).new_page()
    answer = await other.goto(link)
    assert answer is not None and answer.status == 410
    assert "used already" in await other.get_by_role("alert").inner_text()
    # Signed out, the session is gone: the pages ask to sign in again.
    await page.goto("/")
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url("**/sign-in")
    await page.goto(f"/papers/{PAPER}")
    assert "/sign-in?next=" in page.url
    await sign_in(page, "stranger", "a walk along the river")
