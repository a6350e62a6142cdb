"""The path a working group takes, through HTTP, with the real renderer: three languages,
sections not translated yet, a draft version. Every file holds every section (read back
from the DOCX and the PDF themselves) and the version is published."""

from __future__ import annotations

import datetime
import io
import unicodedata

import docx
import httpx
import pypdf
import pytest

from services.bootstrap import Accord
from services.render import PandocRenderer
from services.render.untranslated import note_for
from tests.integration.test_publishing import run_jobs
from tests.integration.world import World, build_world
from workflows.rendering import Edition, RenderSection

pytestmark = pytest.mark.slow

SECTIONS = {
    "intro": {"en": "Introduction", "es": "Introducción", "fr": "Introduction"},
    "prevention": {"en": "Prevention", "es": "Prevención", "fr": "Prévention"},
    "youth": {"en": "Youth", "es": "Juventud", "fr": "Jeunesse"},
}
ENGLISH = {
    "intro": "Cities are where peace is built.\n",
    "prevention": "Prevention works best when cities lead it.\n",
    "youth": "Young people are partners, not targets.\n",
}
SPANISH_INTRO = "Las ciudades son donde se construye la paz.\n"


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    text = unicodedata.normalize("NFKC", text)
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


async def test_a_draft_in_three_languages_with_untranslated_sections_is_published_whole(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world: World = await build_world(accord, client)
    paper = f"/papers/{world.paper}"
    r = await world.call(
        "sec", "PATCH", f"{paper}/sections/intro", json={"titles": SECTIONS["intro"]}
    )
    assert r.status_code == 200, r.text
    for key in ("prevention", "youth"):
        r = await world.call(
            "sec",
            "POST",
            f"{paper}/sections",
            json={"key": key, "titles": SECTIONS[key], "authors": ["author"]},
        )
        assert r.status_code == 201, r.text
    for key, body in ENGLISH.items():
        url = world.text_url(section=key) + "/revisions"
        assert (await world.call("author", "POST", url, json={"body": body})).status_code == 201
    # Spanish has one section of three; French none.
    assert (await world.save("translator", SPANISH_INTRO, lang="es")).status_code == 201

    requested = await world.call(
        "sec",
        "POST",
        f"{paper}/publications",
        json={"version": "0.1", "kind": "draft", "languages": ["en", "es", "fr"]},
    )
    assert requested.status_code == 201, requested.text
    await run_jobs(accord)
    version = (await world.call("author", "GET", f"{paper}/publications/0.1")).json()
    assert version["status"] == "published", version
    files = {(a["language"], a["format"]): a for a in version["artifacts"]}
    assert set(files) == {(lang, fmt) for lang in ("en", "es", "fr") for fmt in ("docx", "pdf")}

    for language in ("en", "es", "fr"):
        got = {}
        for fmt in ("docx", "pdf"):
            url = files[(language, fmt)]["url"].removeprefix("/api/v1")
            answer = await world.call("author", "GET", url)
            assert answer.status_code == 200
            got[fmt] = answer.content
        paragraphs = docx_paragraphs(got["docx"])
        text = pdf_text(got["pdf"])
        headings = [f"{n}. {SECTIONS[key][language]}" for n, key in enumerate(SECTIONS, 1)]
        for heading in headings:
            assert heading in paragraphs, (language, heading, paragraphs)
            assert heading in text, (language, heading)
        # What each section holds in the DOCX: the paragraphs from its heading to the next.
        starts = [paragraphs.index(h) for h in headings] + [len(paragraphs)]
        translated = {"en": set(SECTIONS), "es": {"intro"}, "fr": set()}[language]
        note = note_for(
            RenderSection("", "", "", "", missing="untranslated", body_language="en"), language
        )
        assert note is not None
        for i, key in enumerate(SECTIONS):
            held = paragraphs[starts[i] + 1 : starts[i + 1]]
            shown = SPANISH_INTRO if (language, key) == ("es", "intro") else ENGLISH[key]
            assert shown.strip() in held, (language, key, held)
            assert shown.strip() in text, (language, key)
            assert (note in held) == (key not in translated), (language, key, held)
            if key not in translated:
                assert held.index(note) < held.index(shown.strip())
                assert note in text


def test_an_original_standing_in_for_an_arabic_translation_reads_left_to_right() -> None:
    english = "Prevention works best when cities lead it."
    edition = Edition(
        paper_title="الأمن الحضري",
        symbol="A/CONF.226/PC.3/14",
        forum="الموئل الثالث",
        date=datetime.date(2016, 7, 25),
        language="ar",
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="General",
        sections=(RenderSection("prev", "1", "الوقاية", english, "untranslated", "en"),),
    )
    renderer = PandocRenderer()
    document = docx.Document(io.BytesIO(renderer.render(edition, "docx")))
    by_text = {p.text: p for p in document.paragraphs}
    note = note_for(edition.sections[0], "ar")
    assert note is not None and "الإنجليزية" in note
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert by_text[note]._p.find(f"{w}pPr/{w}bidi") is not None
    assert by_text[english]._p.find(f"{w}pPr/{w}bidi") is None
    # In the PDF the sentence keeps its order: its full stop ends it.
    assert english in pdf_text(renderer.render(edition, "pdf"))
