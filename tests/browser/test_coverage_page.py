"""The coverage page in Chromium: reached and used with the keyboard, accessible
(axe-core), its names right to left in Arabic, the demo's thin evidence named."""

from __future__ import annotations

import pytest

from services.demo import content
from tests.browser.conftest import Board, check_accessible, screenshot

pytestmark = pytest.mark.slow

PAPER = content.PAPER["slug"]
REVIEWER = content.REVIEWERS[0][0]


async def test_the_coverage_page_by_keyboard_in_english_and_arabic(board: Board) -> None:
    page = await board.as_person(REVIEWER)
    await page.goto(f"/papers/{PAPER}")
    link = page.get_by_role("link", name="Evidence: the practices cited")
    await link.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/papers/{PAPER}/coverage")
    await page.get_by_role("heading", name="Where the evidence is thin").wait_for()
    await check_accessible(page)
    regions = page.get_by_role("table").first
    assert await regions.get_by_role("rowheader", name="Latin America").count() == 1
    thin = await page.locator("ul.thin").inner_text()
    # The demo's African and Asian practices report no compared outcome; Medellín's does.
    assert "Africa" in thin and "Asia" in thin and "Latin America" not in thin
    assert "outcomes only told or described, never compared" in thin
    cited = page.get_by_role("table").filter(
        has=page.get_by_role("columnheader", name="Practice", exact=True)
    )
    assert (
        await cited.get_by_role("cell", name="medellin-metrocable", exact=True).count() == 3
    )  # en, es, fr
    await screenshot(page, "coverage")

    await page.get_by_label("Names in").focus()
    await page.get_by_label("Names in").select_option("ar")
    await page.get_by_role("button", name="Show").focus()
    async with page.expect_navigation(url="**/coverage?language=ar", timeout=90_000):
        await page.keyboard.press("Enter")
    name = page.get_by_role("rowheader", name="أمريكا اللاتينية")
    assert await name.count() == 1
    span = name.locator("span")
    assert await span.get_attribute("dir") == "rtl" and await span.get_attribute("lang") == "ar"
    await check_accessible(page)
