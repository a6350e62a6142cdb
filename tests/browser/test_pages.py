"""Every page of the board in Chromium: accessible (axe-core), live where it follows the
paper, right to left for Arabic, in the person's language, and safe with hostile text."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from services.demo import content
from tests.browser.conftest import Board, Server, check_accessible, screenshot

pytestmark = pytest.mark.slow

PAPER = content.PAPER["slug"]
SECRETARIAT = content.SECRETARIAT[0][0]
REVIEWER = content.REVIEWERS[0][0]


def api(server: Server, who: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.url + "/api/v1",
        headers={"Authorization": f"Bearer {server.token(who)}"},
        timeout=30,
    )


async def test_every_page_passes_axe_core(board: Board) -> None:
    page = await board.as_person(SECRETARIAT)
    text = f"/papers/{PAPER}/texts/introduction"
    for path in (
        "/",
        f"/papers/{PAPER}",
        f"{text}/en",
        f"{text}/fr",
        f"{text}/en/history?old=1&new=3",
        f"{text}/en/edit",
        f"/papers/{PAPER}/versions/1.0",
        "/papers/no-such-paper",
    ):
        await page.goto(path)
        await check_accessible(page)
    await page.goto(f"/papers/{PAPER}")
    await screenshot(page, "paper")
    await page.goto(f"{text}/en/history?old=1&new=3")
    assert await page.locator(".diff ins").count() > 0
    await screenshot(page, "history")
    anonymous = await (await board.context()).new_page()
    await anonymous.goto("/")
    assert "/sign-in" in anonymous.url
    await check_accessible(anonymous)


async def test_the_interface_follows_the_browsers_language_and_the_persons_choice(
    board: Board,
) -> None:
    page = await board.as_person(REVIEWER, locale="es-ES")
    await page.goto(f"/papers/{PAPER}")
    assert await page.locator("html").get_attribute("lang") == "es"
    await page.get_by_role("heading", name="Lo que le espera").wait_for()
    await check_accessible(page)
    await page.get_by_label("Idioma").select_option("fr")
    await page.get_by_role("button", name="Cambiar").click()
    await page.get_by_role("heading", name="Ce qui vous attend").wait_for()
    assert page.url.endswith(f"/papers/{PAPER}")
    await check_accessible(page)


async def test_the_status_matrix_follows_the_paper_as_others_change_it(
    board: Board, server: Server
) -> None:
    watcher = await board.as_person(SECRETARIAT)
    await watcher.goto(f"/papers/{PAPER}")
    matrix = watcher.locator("#matrix")
    await watcher.wait_for_function("document.getElementById('matrix').dataset.live === 'open'")
    row = matrix.locator("tbody tr").filter(has_text="Recommendations")
    before = await row.locator("td").first.inner_text()
    assert "approved" in before

    author = content.SECTIONS[-1].author
    text = f"/papers/{PAPER}/sections/recommendations/languages/en"
    with api(server, author) as client:
        head = client.get(text).json()["current_revision"]["number"]
        saved = client.post(
            text + "/revisions",
            json={"body": "The Working Group recommends one thing.\n", "base_revision": head},
        )
        assert saved.status_code == 201, saved.text

    # No reload: the page hears the event and fetches the matrix again.
    await row.locator("td").first.get_by_text(f"r{head + 1}").wait_for(timeout=15_000)
    assert "drafting" in await row.locator("td").first.inner_text()
    assert int(await matrix.get_attribute("data-refreshed") or 0) >= 1


async def test_arabic_text_is_laid_out_right_to_left(board: Board, server: Server) -> None:
    with api(server, SECRETARIAT) as client:
        created = client.post(
            "/papers",
            json={
                "slug": "arabic-board",
                "titles": {"ar": "نهج شامل للسلامة الحضرية", "en": "Urban safety"},
                "source_language": "ar",
                "languages": ["ar", "en"],
            },
        )
        assert created.status_code == 201, created.text
        client.post(
            "/papers/arabic-board/sections",
            json={"key": "intro", "titles": {"ar": "مقدمة", "en": "Introduction"}},
        ).raise_for_status()
        client.post(
            "/papers/arabic-board/sections/intro/languages/ar/revisions",
            json={"body": "تعيش اليوم أكثر من نصف سكان العالم في المدن.\n"},
        ).raise_for_status()
    page = await board.as_person(SECRETARIAT)
    await page.goto("/papers/arabic-board/texts/intro/ar")
    direction = "el => getComputedStyle(el).direction"
    assert await page.locator("#text-body").evaluate(direction) == "rtl"
    assert await page.locator("h1 span[lang=ar]").evaluate(direction) == "rtl"
    assert await page.locator("header").evaluate(direction) == "ltr"
    await check_accessible(page)
    await page.goto("/papers/arabic-board")
    title = page.locator("h1")
    assert await title.evaluate(direction) == "rtl"
    await check_accessible(page)


async def test_a_comment_with_html_or_script_is_shown_as_text_and_never_runs(
    board: Board,
) -> None:
    page = await board.as_person(REVIEWER)
    dialogs: list[Any] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog))
    await page.goto(f"/papers/{PAPER}/texts/inclusion-and-youth/en")
    hostile = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2;alert(1)">'
    await page.get_by_label("Quoted words", exact=True).fill("Young people")
    await page.get_by_label("Your comment", exact=True).fill(hostile)
    await page.get_by_role("button", name="Add the comment").click()
    await page.wait_for_url(re.compile("#thread-"))
    thread = page.locator("article.thread").filter(has_text="window.hacked = 1")
    body = thread.locator("p.comment-body").first
    assert await body.inner_text() == hostile
    assert await thread.locator("script, img").count() == 0
    assert await page.evaluate("typeof window.hacked") == "undefined"
    assert dialogs == []
