"""The whole flow through the board, one person after another, in a real browser.

An author writes, a reviewer selects words and suggests a change, the author accepts it, a
second reviewer approves (the first proposed text, so may not), a translator finds the
translation stale with its source changes, and the secretariat publishes a draft and
downloads its PDF. Each step checks what the page shows, and every page passes axe-core.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from services.demo import content
from tests.browser.conftest import Board, check_accessible, screenshot

pytestmark = pytest.mark.slow

PAPER = content.PAPER["slug"]
SECTION = "integrated-approach"
AUTHOR = "amina.diallo"
SUGGESTER, APPROVER = (r[0] for r in content.REVIEWERS)
TRANSLATOR = content.TRANSLATORS[0][0]  # Spanish
SECRETARIAT = content.SECRETARIAT[0][0]
TEXT = f"/papers/{PAPER}/texts/{SECTION}/en"
NEW_SENTENCE = "Every city should publish a yearly safety report to its residents."


async def select_words(page: Any, words: str) -> None:
    """Drag the mouse over `words` in the rendered text, as a reader selects them."""
    box = await page.evaluate(
        """(words) => {
            const root = document.getElementById("text-body");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.data.indexOf(words);
                if (at < 0) continue;
                node.parentElement.scrollIntoView({block: "center"});
                const first = document.createRange(), last = document.createRange();
                first.setStart(node, at); first.setEnd(node, at + 1);
                last.setStart(node, at + words.length - 1); last.setEnd(node, at + words.length);
                const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
                return {x1: a.left + 1, y1: a.top + a.height / 2,
                        x2: b.right - 1, y2: b.top + b.height / 2};
            }
            return null;
        }""",
        words,
    )
    assert box is not None, f"{words!r} is not on the page"
    await page.mouse.move(box["x1"], box["y1"])
    await page.mouse.down()
    await page.mouse.move(box["x2"], box["y2"], steps=8)
    await page.mouse.up()


async def state_of(page: Any) -> str:
    return (await page.locator(".status-line .badge").inner_text()).strip()


async def test_author_reviewer_translator_and_secretariat_walk_the_whole_flow(
    board: Board, tmp_path: Path
) -> None:
    # The author writes a sentence into the section, sees it in the preview, saves, submits.
    author = await board.as_person(AUTHOR)
    await author.goto(TEXT)
    await check_accessible(author)
    await author.get_by_role("link", name="Edit the text").click()
    editor = author.get_by_label(re.compile("^Markdown"))
    body = await editor.input_value()
    await editor.fill(body.rstrip("\n") + "\n\n" + NEW_SENTENCE + "\n")
    await author.locator("[data-preview-target]").get_by_text("yearly safety report").wait_for()
    await check_accessible(author)
    await screenshot(author, "editor")
    await author.get_by_role("button", name="Save").click()
    await author.wait_for_url(re.compile(re.escape(TEXT) + "$"))
    assert NEW_SENTENCE in await author.locator("#text-body").inner_text()
    assert await state_of(author) == "drafting"
    await author.get_by_role("button", name="Submit for review").click()
    await author.wait_for_url(re.compile(re.escape(TEXT) + "$"))
    assert await state_of(author) == "in review"

    # A reviewer selects words on the page and suggests a replacement for them.
    suggester = await board.as_person(SUGGESTER)
    await suggester.goto(TEXT)
    await select_words(suggester, "yearly safety report")
    quoted = suggester.get_by_label("Quoted words", exact=True)
    assert await quoted.input_value() == "yearly safety report"
    suffix = await suggester.locator("input[name=suffix]").input_value()
    assert suffix.startswith(" to its residents.")
    comment = suggester.get_by_label("Your comment", exact=True)
    await comment.fill("Plain English reads better here.")
    await suggester.get_by_label("Suggest a replacement for the quoted words").check()
    await suggester.get_by_label("Replacement", exact=True).fill("annual safety report")
    await suggester.get_by_role("button", name="Add the comment").click()
    thread = suggester.locator("article.thread.open").filter(has_text="Plain English")
    await thread.wait_for()
    assert await thread.locator("del").inner_text() == "yearly safety report"
    assert await thread.locator("ins").inner_text() == "annual safety report"
    mark = suggester.locator("#text-body mark.anchor")
    assert await mark.inner_text() == "yearly safety report"  # the words, marked in the text
    # Only the author (and the secretariat) may accept: the reviewer is not offered it.
    assert await thread.get_by_role("button", name="Accept the suggestion").count() == 0
    await check_accessible(suggester)
    await suggester.evaluate("window.scrollTo(0, 0)")
    await screenshot(suggester, "text")

    # The author accepts it: a new revision with the words replaced, back in drafting.
    await author.goto(TEXT)
    thread = author.locator("article.thread").filter(has_text="Plain English")
    await thread.get_by_role("button", name="Accept the suggestion").click()
    await author.wait_for_url(re.compile(re.escape(TEXT)))
    text = await author.locator("#text-body").inner_text()
    assert "annual safety report to its residents" in text
    assert "yearly" not in text
    assert await state_of(author) == "drafting"
    await author.get_by_role("button", name="Submit for review").click()
    await author.wait_for_url(re.compile(re.escape(TEXT)))
    assert await state_of(author) == "in review"

    # The reviewer who proposed words of this revision may not approve it; the other may.
    await suggester.goto(TEXT)
    assert await suggester.get_by_role("button", name="Record the review").count() == 0
    assert "nobody may review a revision they wrote" in await suggester.locator("main").inner_text()
    approver = await board.as_person(APPROVER)
    await approver.goto(TEXT)
    await approver.get_by_label("Approve", exact=True).check()
    await approver.get_by_role("button", name="Record the review").click()
    await approver.wait_for_url(re.compile(re.escape(TEXT)))
    assert await state_of(approver) == "approved"

    # The Spanish translator finds the translation stale, with what changed in the source.
    translator = await board.as_person(TRANSLATOR)
    await translator.goto(f"/papers/{PAPER}")
    cell = translator.locator("table.matrix tbody tr").filter(has_text="An integrated approach")
    spanish = cell.locator("td").nth(1)
    assert "stale" in await spanish.inner_text()
    assert "update translation" in await spanish.inner_text()
    await check_accessible(translator)
    await spanish.get_by_role("link").click()
    await translator.wait_for_url(re.compile(f"/texts/{SECTION}/es$"))
    assert "This translation is stale" in await translator.locator("main").inner_text()
    source = translator.locator("section.source .rendered")
    assert "annual safety report" in await source.inner_text()
    assert await source.get_attribute("lang") == "en"
    inserted = await translator.locator("#changes-heading + p + p ins").all_inner_texts()
    assert any("annual safety report" in i for i in inserted), inserted
    await check_accessible(translator)
    await screenshot(translator, "translation")

    # The secretariat publishes a draft, follows its renders and downloads its PDF.
    secretariat = await board.as_person(SECRETARIAT, accept_downloads=True)
    await secretariat.goto(f"/papers/{PAPER}")
    await secretariat.get_by_label("Version number").fill("0.2")
    await secretariat.get_by_label("draft", exact=True).check()
    await secretariat.get_by_role("button", name="Request the version").click()
    await secretariat.wait_for_url(re.compile(f"/papers/{PAPER}/versions/0.2$"))
    assert "Version 0.2" in await secretariat.locator("h1").inner_text()
    pdf = secretariat.locator("#files").get_by_role("link", name="English · PDF")
    await pdf.wait_for(timeout=120_000)  # the list refreshes itself as renders finish
    await secretariat.locator("#files").get_by_text("published").wait_for(timeout=120_000)
    await check_accessible(secretariat)
    await screenshot(secretariat, "version")
    async with secretariat.expect_download() as started:
        await pdf.click()
    download = await started.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith("-0.2-en.pdf")
