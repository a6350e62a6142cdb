"""Review copies: the current text as a real DOCX, open threads as Word comments on the
words they quote, opened again with python-docx."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import httpx
import pytest
from docx.oxml.ns import qn

from services.bootstrap import Accord
from tests.integration.world import World, build_world

MARK = re.compile(r" accord:(thread|comment):\d+")

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
    # Without the hidden mark each comment carries (Accord's id of it).
    texts = {str(c.comment_id): MARK.sub("", c.text) for c in document.comments}
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
    both = "Name the alternative.\nSuggested replacement: policing and prevention"
    assert notes[both] == "policing alone"
    # The reply is Word's own threaded reply on the same words, by its own author.
    assert notes["Agreed, will do."] == "policing alone"
    assert len(notes) == 3  # the resolved thread is not in the margin
    comments = {MARK.sub("", c.text): c for c in docx.Document(io.BytesIO(r.content)).comments}
    assert comments["Agreed, will do."].author == "author"
    assert {c.author for c in comments.values()} == {"reviewer", "author"}
    assert threaded_replies(r.content) == {"Agreed, will do.": both}


def threaded_replies(data: bytes) -> dict[str, str]:
    """Each reply's text and its thread's, as Word reads them from commentsExtended.xml."""
    from lxml import etree

    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    w15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
    with zipfile.ZipFile(io.BytesIO(data)) as files:
        comments = etree.fromstring(files.read("word/comments.xml"))
        extended = etree.fromstring(files.read("word/commentsExtended.xml"))
    by_para = {}
    for comment in comments.iter(qn("w:comment")):
        paragraphs = comment.findall(qn("w:p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)
        by_para[paragraphs[-1].get(w14 + "paraId")] = MARK.sub("", text)
    return {
        by_para[e.get(w15 + "paraId")]: by_para[e.get(w15 + "paraIdParent")]
        for e in extended.iter(w15 + "commentEx")
        if e.get(w15 + "paraIdParent")
    }


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


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def annotate_as_word_would(data: bytes) -> bytes:
    """The copy after a reader's session in Word: a threaded reply to the suggestion,
    a new comment, a tracked change, and Word's renumbering of comment ids on save."""
    from lxml import etree

    from tests import word_files

    document = docx.Document(io.BytesIO(data))
    root = next(c for c in document.comments if "Name the alternative." in c.text)
    paragraphs = [p for p in document.paragraphs if "Most budgets" in p.text]
    target = paragraphs[0]
    reply = document.add_comment(
        [r for r in target.runs if r.text][:1], text="Prevention, then.", author="author2"
    )
    reply.paragraphs[-1]._p.set(f"{{{word_files.W14}}}paraId", "7AAAAAA1")
    city = next(p for p in document.paragraphs if "by day" in p.text)
    document.add_comment(
        [r for r in city.runs if "by day" in r.text], text="By night too?", author="Ana"
    )
    out = io.BytesIO()
    document.save(out)
    parts = word_files.parts_of(out.getvalue())
    parent = root.paragraphs[-1]._p.get(f"{{{word_files.W14}}}paraId")
    extended = (
        parts["word/commentsExtended.xml"]
        .decode()
        .replace(
            "</w15:commentsEx>",
            f'<w15:commentEx w15:paraId="7AAAAAA1" w15:paraIdParent="{parent}" w15:done="0"/>'
            "</w15:commentsEx>",
        )
    )
    tree = etree.fromstring(parts["word/document.xml"])
    for t in tree.iter(f"{{{W}}}t"):
        if t.text and "still " in t.text:
            run = t.getparent()
            before, after = t.text.split("still ", 1)
            t.text = before
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            deleted = etree.fromstring(
                f'<w:del xmlns:w="{W}" w:id="901" w:author="reviewer2" '
                'w:date="2016-07-03T09:00:00Z"><w:r><w:delText xml:space="preserve">still '
                "</w:delText></w:r></w:del>"
            )
            inserted = etree.fromstring(
                f'<w:ins xmlns:w="{W}" w:id="902" w:author="reviewer2" '
                'w:date="2016-07-03T09:00:00Z"><w:r><w:t xml:space="preserve">mostly '
                "</w:t></w:r></w:ins>"
            )
            tail = etree.fromstring(
                f'<w:r xmlns:w="{W}"><w:t xml:space="preserve">{after}</w:t></w:r>'
            )
            run.addnext(tail)
            run.addnext(inserted)
            run.addnext(deleted)
            break
    else:
        raise AssertionError("the copy lost its words")
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    comments_xml = parts["word/comments.xml"]
    # Word renumbers comment ids when it saves: the marks must not depend on them.
    for old, new in ((b'w:id="0"', b'w:id="50"'), (b'w:id="1"', b'w:id="51"')):
        xml = xml.replace(old, new)
        comments_xml = comments_xml.replace(old, new)
    return word_files.with_parts(
        out.getvalue(),
        {
            "word/document.xml": xml,
            "word/comments.xml": comments_xml,
            "word/commentsExtended.xml": extended,
        },
    )


async def test_a_review_copy_comes_back_with_replies_comments_and_changes(world: World) -> None:
    suggestion = await comment(
        world, "policing alone", "Name the alternative.", replacement="policing and prevention"
    )
    r = await world.call("reviewer", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    assert r.status_code == 200, r.text
    annotated = annotate_as_word_would(r.content)
    url = f"/papers/{world.paper}/review-copies/en.docx"
    headers = {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    }
    back = await world.call("reviewer", "POST", url, content=annotated, headers=headers)
    assert back.status_code == 201, back.text
    answer = back.json()
    assert [(x["author"], x["parent"]) for x in answer["replies"]] == [("author2", suggestion)]
    [thread] = answer["threads"]
    assert thread["author"] == "reviewer"  # Ana is no member: the uploader
    # The en dash Word shows is the "--" the author typed.
    assert thread["exact"] == "-- mostly, by day."
    assert [(x["author"], x["exact"], x["replacement"]) for x in answer["suggestions"]] == [
        ("reviewer2", "still", "mostly")
    ]
    listed = await world.call(
        "sec", "GET", f"/papers/{world.paper}/sections/{world.section}/comments"
    )
    bodies = {c["body"]: c for c in listed.json()["items"]}
    assert bodies["Prevention, then."]["parent"] == suggestion
    assert bodies["By night too?\n\n(Word author: Ana)"]["quote"]["exact"] == thread["exact"]
    # The same file again, or a copy of it: nothing more.
    again = await world.call("reviewer", "POST", url, content=annotated, headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["already_in"] == 3
    listed_again = await world.call(
        "sec", "GET", f"/papers/{world.paper}/sections/{world.section}/comments"
    )
    assert len(listed_again.json()["items"]) == len(listed.json()["items"]) == 4


@pytest.mark.parametrize(
    ("language", "label"),
    [("fr", "Remplacement proposé"), ("es", "Sustitución propuesta"), ("zh", "建议替换为")],
)
def test_review_copy_labels_are_in_the_documents_language(language: str, label: str) -> None:
    from datetime import UTC, date, datetime

    from services.render import PandocRenderer
    from workflows.rendering import Edition, RenderSection, ReviewNote

    edition = Edition(
        paper_title="Paper",
        symbol="A/1",
        forum="Forum",
        date=date(2016, 7, 25),
        language=language,
        source_language="en",
        version="0.0",
        kind="draft",
        distribution="General",
        sections=(RenderSection(key="s", number="1", title="Section", body="Un texte.\n"),),
    )
    note = ReviewNote(
        "s",
        "texte",
        True,
        "reviewer",
        datetime(2016, 7, 1, tzinfo=UTC),
        ("Hm.",),
        thread=1,
        replacement="mot",
    )
    [text] = commented(PandocRenderer().review_copy(edition, [note]))
    assert text.splitlines()[1].startswith(label)


@pytest.mark.slow
async def test_libreoffice_opens_a_review_copy_with_threaded_replies(
    world: World, tmp_path: object
) -> None:
    import asyncio
    import subprocess
    from pathlib import Path

    from tests.servers import require_program

    soffice = require_program("soffice", "LibreOffice")
    thread = await comment(world, "policing alone", "Name the alternative.")
    r = await world.call(
        "author",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Prevention.", "parent": thread},
    )
    assert r.status_code == 201, r.text
    copy = await world.call("reviewer", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    folder = Path(str(tmp_path))
    (folder / "copy.docx").write_bytes(copy.content)
    done = await asyncio.to_thread(
        subprocess.run,
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(folder / "out"),
            str(folder / "copy.docx"),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(folder / "out" / "copy.odt") as odt:
        content = odt.read("content.xml").decode()
    # Both comments reached LibreOffice as annotations, the reply by its own author.
    assert content.count("<office:annotation") >= 2
    assert "Prevention." in content and "Name the alternative." in content
