"""Review copies: the current text as a real DOCX, open threads as Word comments on the
words they quote, opened again with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import httpx
import pytest
from docx.oxml.ns import qn

from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = (
    'The city is *safe* and "calm" -- mostly, by day.\n\nMost budgets still go to policing alone.\n'
)


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", TEXT)).status_code == 201
    return w


async def comment(world: World, exact: str, body: str, **extra: object) -> int:
    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": body, "exact": exact, "start": TEXT.index(exact), **extra},
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def commented(data: bytes) -> dict[str, str]:
    """For each comment of the DOCX, the text its range covers, by the comment's text."""
    with zipfile.ZipFile(io.BytesIO(data)) as files:
        body = files.read("word/document.xml")
    document = docx.Document(io.BytesIO(data))
    texts = {str(c.comment_id): c.text for c in document.comments}
    covered = dict.fromkeys(texts, "")
    open_ids: set[str] = set()
    from lxml import etree

    for element in etree.fromstring(body).iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for cid in open_ids:
                covered[cid] += element.text or ""
    return {texts[cid]: covered[cid] for cid in texts}


async def test_open_threads_sit_on_the_words_they_quote(world: World) -> None:
    await comment(world, 'is *safe* and "calm"', "Is it, though?")
    suggestion = await comment(
        world, "policing alone", "Name the alternative.", replacement="policing and prevention"
    )
    reply = await world.call(
        "author",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Agreed, will do.", "parent": suggestion},
    )
    assert reply.status_code == 201, reply.text
    settled = await comment(world, "Most budgets", "Fine.")
    resolved = await world.call(
        "author",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments/{settled}/resolve",
        json={},
    )
    assert resolved.status_code == 200, resolved.text

    r = await world.call("translator", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    assert r.status_code == 200, r.text
    assert "A-CONF.226-PC.3-14-review-en.docx" in r.headers["content-disposition"]
    notes = commented(r.content)
    # pandoc made the quote typographic; the comment still covers exactly those words.
    assert notes["Is it, though?"] == "is safe and \u201ccalm\u201d"
    both = "Name the alternative.\nSuggested replacement: policing and prevention\n"
    assert notes[both + "author: Agreed, will do."] == "policing alone"
    assert len(notes) == 2  # the resolved thread is not in the margin
    authors = {c.author for c in docx.Document(io.BytesIO(r.content)).comments}
    assert authors == {"reviewer"}


async def test_a_thread_whose_words_are_gone_sits_on_the_heading_with_its_quote(
    world: World,
) -> None:
    await comment(world, "mostly, by day", "Only by day?")
    saved = await world.save("author", TEXT.replace(" -- mostly, by day", ""), base=1)
    assert saved.status_code == 201, saved.text
    r = await world.call("reviewer", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    assert r.status_code == 200, r.text
    [(text, covered)] = commented(r.content).items()
    assert covered == "1. Introduction"
    assert text.startswith("On \u201cmostly, by day\u201d (no longer in the text):")
    assert text.endswith("Only by day?")


async def test_only_members_get_a_copy_and_only_of_a_language_with_text(world: World) -> None:
    url = f"/papers/{world.paper}/review-copies"
    assert (await world.call("outsider", "GET", f"{url}/en.docx")).status_code == 404
    assert (await world.call("reviewer", "GET", f"{url}/fr.docx")).status_code == 404
    assert (await world.call("reviewer", "GET", f"{url}/de.docx")).status_code == 404


@pytest.mark.parametrize(
    ("body", "quote", "covered"),
    [
        (
            "See [the report](https://example.org/r) now.\n",
            "[the report](https://example.org/r)",
            "the report",
        ),
        ("Cities grow.[^1] Fast.\n\n[^1]: By 2050.\n", "grow.[^1] Fast", "grow. Fast"),
        ("Wait... and see -- or not.\n", "Wait... and see -- or", "Wait\u2026 and see \u2013 or"),
        (
            "A \\*starred\\* word, _emphasised_.\n",
            "\\*starred\\* word, _emphasised_",
            "*starred* word, emphasised",
        ),
        (
            "Zone 1\u00a0000 and 'quoted'.\n",
            "1\u00a0000 and 'quoted'",
            "1\u00a0000 and \u2018quoted\u2019",
        ),
    ],
)
def test_a_quote_is_found_through_what_pandoc_does_to_markdown(
    body: str, quote: str, covered: str
) -> None:
    from datetime import UTC, date, datetime

    from services.render import PandocRenderer
    from workflows.rendering import Edition, RenderSection, ReviewNote

    edition = Edition(
        paper_title="Paper",
        symbol="A/1",
        forum="Forum",
        date=date(2016, 7, 25),
        language="en",
        source_language="en",
        version="0.0",
        kind="draft",
        distribution="General",
        sections=(RenderSection(key="s", number="1", title="Section", body=body),),
    )
    note = ReviewNote("s", quote, True, "reviewer", datetime(2016, 7, 1, tzinfo=UTC), ("Hm.",))
    assert commented(PandocRenderer().review_copy(edition, [note])) == {"Hm.": covered}
