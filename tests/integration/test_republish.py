"""Republishing from cached section pieces gives the bytes of a cold render, no stale text.

Real pandoc and Typst: one renderer renders a paper, then the paper with one section
changed (mostly from its cache); a fresh renderer renders the changed paper cold; the
files must be equal byte for byte, DOCX and PDF, in English, Arabic and Chinese.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile

import pypdf
import pytest

from services.render import PandocRenderer
from services.render.labels import labels_for
from services.render.segments import PieceCache, piece_key, piecewise
from workflows.rendering import Edition, RenderSection

TEXT = {
    "en": ("Cities are where peace is built.", "A note.", "One more sentence, new."),
    "ar": ("المدن هي المكان الذي يبنى فيه السلام.", "حاشية.", "جملة جديدة أخرى."),
    "zh": ("城市是建设和平的地方。", "中文脚注。", "新加的一句话。"),
}


def body(lang: str, n: int, tables: int) -> str:
    sentence, note, _ = TEXT[lang]
    paragraphs = [f"{sentence} {n}^[{note}]", f"- {sentence}\n- {sentence} {n}"]
    paragraphs += [f"| A | B |\n|---|---:|\n| {sentence} | {n} |"] * tables
    return "\n\n".join(paragraphs) + "\n"


def edition(lang: str, changed: str = "", extra_tables: int = 0) -> Edition:
    sections = [
        RenderSection(
            key=f"s{n}",
            number=str(n),
            title=f"{TEXT[lang][0][:6]} {n}",
            body=body(lang, n, int(n % 3 == 0)),
        )
        for n in range(1, 9)
    ]
    sections[1] = dataclasses.replace(sections[1], body=body(lang, 2, extra_tables) + changed)
    return Edition(
        paper_title="Republish",
        symbol="A/CONF.226/1",
        forum="Habitat III",
        date=datetime.date(2016, 7, 12),
        language=lang,
        source_language=lang,
        version="0.2",
        kind="draft",
        distribution="general",
        sections=tuple(sections),
    )


@pytest.fixture(scope="module")
def warm() -> PandocRenderer:
    return PandocRenderer()


def document_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode()


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_a_republish_from_cached_pieces_equals_a_cold_render(
    warm: PandocRenderer, lang: str
) -> None:
    before = edition(lang)
    after = edition(lang, changed=f"\n{TEXT[lang][2]}\n", extra_tables=2)
    assert piecewise(before) and piecewise(after)
    for fmt in ("docx", "pdf"):
        warm.render(before, fmt)
    hits = warm.pieces.hits
    incremental = {fmt: warm.render(after, fmt) for fmt in ("docx", "pdf")}
    # Seven of the eight sections came from the cache, for each format.
    assert warm.pieces.hits - hits >= 14
    cold = PandocRenderer()
    for fmt in ("docx", "pdf"):
        assert incremental[fmt] == cold.render(after, fmt), fmt
    assert cold.pieces.hits == 0
    # The new sentence is in, and the labels after the changed section moved on: section
    # 2 now holds two tables, so the tables of sections 3 and 6 are the third and fourth.
    xml = document_text(incremental["docx"])
    assert TEXT[lang][2] in xml
    labels = labels_for(lang)
    assert labels.table(4) in xml and labels.table(5) not in xml
    pages = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(incremental["pdf"])).pages
    )
    assert "4" in pages


def test_pieces_are_not_shared_between_languages_or_outputs(warm: PandocRenderer) -> None:
    config = {"language": "en", "rtl": False}
    key = piece_key("docx", config, "# 1. A {#sec-a .accord-section}\n\nText")
    assert key != piece_key("typst", config, "# 1. A {#sec-a .accord-section}\n\nText")
    assert key != piece_key(
        "docx", {**config, "language": "fr"}, "# 1. A {#sec-a .accord-section}\n\nText"
    )
    assert key != piece_key("docx", config, "# 1. A {#sec-a .accord-section}\n\nText.")


def test_the_cache_stays_within_its_bound() -> None:
    cache = PieceCache(max_bytes=100)
    for n in range(10):
        cache.put(f"k{n}", "x" * 30)
    assert cache.size <= 100
    assert cache.get("k9") == "x" * 30
    assert cache.get("k0") is None
    cache.put("huge", "x" * 101)
    assert cache.get("huge") is None


@pytest.mark.parametrize(
    "text",
    [
        "## An author's heading\n\nText.",
        "Heading\n=======\n\nText.",
        "See [the site][un].\n\n[un]: https://un.org",
        "(@) An example list item.",
        "As @smith2020 says.",
    ],
)
def test_what_pandoc_resolves_across_sections_renders_whole(text: str) -> None:
    plain = edition("en")
    assert piecewise(plain)
    sections = (dataclasses.replace(plain.sections[0], body=text), *plain.sections[1:])
    assert not piecewise(dataclasses.replace(plain, sections=sections))
