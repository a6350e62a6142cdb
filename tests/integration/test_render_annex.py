"""The practices annex and its figure, rendered for real in DOCX and PDF in the six
languages and read back with python-docx and pypdf; the same bytes on every rebuild."""

from __future__ import annotations

import datetime
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Literal

import docx
import pytest
from PIL import Image

from services.render import PandocRenderer
from services.render.annex_labels import annex_labels, country_name, region_name, term
from services.render.untranslated import language_name
from tests.integration.test_render import BIBLIOGRAPHY, pdf_text
from workflows.practice_render import RenderPractice
from workflows.rendering import Edition, RenderSection

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
Format = Literal["docx", "pdf"]

PRACTICES = (
    RenderPractice(
        key="vpuu",
        number=1,
        group="202",
        verified=True,
        name="Violence Prevention through Urban Upgrading",
        country="ZA",
        city="Cape Town",
        start_year=2005,
        approaches=("violence-prevention", "urban-upgrading"),
        actors=("municipal-government", "community-organisations"),
        outcomes=(("Safer public spaces", "descriptive"),),
        sources=("smith2020",),
        from_source=("name", "outcomes"),
        source_language="en",
    ),
    RenderPractice(
        key="medellin-pui",
        number=2,
        group="419",
        verified=False,
        name="Proyectos Urbanos Integrales",
        summary="Cable cars and upgrading in the poorest hillside neighbourhoods.",
        country="CO",
        city="Medellín",
        start_year=2004,
        end_year=2006,
        approaches=("urban-upgrading",),
        sources=("smith2020",),
        source_language="en",
    ),
)


def edition(language: str, practices: tuple[RenderPractice, ...] = PRACTICES) -> Edition:
    body = "Upgrading {practice:vpuu} and {practice:medellin-pui}; also {practice:nowhere}.\n"
    return Edition(
        paper_title="Urban security and peacebuilding",
        symbol="A/CONF.226/PC.3/14",
        forum="Habitat III",
        date=datetime.date(2016, 3, 7),
        language=language,
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="General",
        sections=(RenderSection("intro", "1", "Introduction", body),),
        bibliography=BIBLIOGRAPHY,
        practices=practices,
    )


@pytest.fixture(scope="module")
def renderer() -> PandocRenderer:
    return PandocRenderer()


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_the_annex_follows_the_references_with_its_entries_and_figure(
    renderer: PandocRenderer,
) -> None:
    data = renderer.render(edition("en"), "docx")
    texts = paragraphs(data)
    assert texts.index("References") < texts.index("Annex") < texts.index("Sub-Saharan Africa")
    assert texts.index("Sub-Saharan Africa") < texts.index("Latin America")
    assert "Practice 1. Violence Prevention through Urban Upgrading" in texts
    assert "Place: Cape Town, South Africa" in texts
    assert "Period: 2004–2006" in texts
    assert "Actors: municipal government, community organisations" in texts
    assert "Outcomes: Safer public spaces (evidence: descriptive)" in texts
    assert "Sources: (Smith 2020)" in texts
    # The citations: links to the entries; the unverified and the unknown one marked.
    body = next(t for t in texts if t.startswith("Upgrading"))
    assert body == (
        "Upgrading (Practice 1) and [Practice 2: not yet verified by the secretariat]; "
        "also [unknown practice “nowhere”]."
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        picture = Image.open(io.BytesIO(archive.read(media[0])))
        assert picture.format == "PNG" and picture.width > 1000
        document = archive.read("word/document.xml").decode()
    assert 'w:anchor="practice-vpuu"' in document
    assert "Figure I\nPractices cited, by region and approach" in texts


def test_the_pdf_figure_is_drawn_with_its_words_as_text(renderer: PandocRenderer) -> None:
    without = tuple(
        RenderPractice(**{**vars(p), "approaches": ()}) for p in PRACTICES
    )  # no approach: no figure
    with_figure = pdf_text(renderer.render(edition("en"), "pdf"))
    plain = pdf_text(renderer.render(edition("en", without), "pdf"))
    assert "Figure I" in with_figure and "Figure I" not in plain
    # The regions' names are the figure's rows, set by Typst as text: one more of each.
    for name in ("Latin America", "Sub-Saharan Africa"):
        assert with_figure.count(name) == plain.count(name) + 1


def test_practice_text_is_printed_as_text(renderer: PandocRenderer, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("TOP-SECRET-51C2\n")
    hostile = RenderPractice(
        key="vpuu",
        number=1,
        group="202",
        verified=True,
        name=f"![x]({secret}) [@smith2020] {{practice:vpuu}}",
        summary=f'#read("{secret}") ```{{=typst}}\n#read("{secret}")\n``` <b>x</b> $x$',
        approaches=("violence-prevention",),
        sources=("not-in-the-bibliography",),
    )
    for fmt in ("docx", "pdf"):
        data = renderer.render(edition("en", (hostile,)), fmt)
        assert b"TOP-SECRET-51C2" not in data
    texts = paragraphs(renderer.render(edition("en", (hostile,)), "docx"))
    assert f"Practice 1. ![x]({secret}) [@smith2020] {{practice:vpuu}}" in texts
    assert "Sources: not-in-the-bibliography" in texts


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_annex_in_each_language(renderer: PandocRenderer, language: str) -> None:
    words = annex_labels(language)
    made = edition(language)
    texts = paragraphs(renderer.render(made, "docx"))
    assert words.annex in texts and words.title in texts
    assert region_name("202", language) in texts and region_name("419", language) in texts
    entry = next(t for t in texts if t.startswith(words.practice.format(n=1)))
    # The name has no translation: the source's words, marked as such in the language.
    original = words.original.format(language=language_name("en", language))
    assert "Violence Prevention through Urban Upgrading" in entry
    assert (original in entry) is (language != "en")
    assert any(country_name("ZA", language) in t for t in texts)
    assert any(term("urban-upgrading", language) in t for t in texts)
    assert any(words.figure_caption in t for t in texts)

    pdf = renderer.render(made, "pdf")
    text = pdf_text(pdf)
    compact = "".join(text.split())
    for expected in (words.annex, words.figure_caption, region_name("419", language)):
        # Word by word: pypdf gives right-to-left lines back in their visual order.
        for word in expected.replace("،", " ").replace("，", " ").split():
            assert word in compact, (expected, word)


_DIGEST_SCRIPT = """
import hashlib
from services.render import PandocRenderer
from tests.integration.test_render_annex import edition
renderer = PandocRenderer()
for language in ("ar", "en", "es", "fr", "ru", "zh"):
    for fmt in ("docx", "pdf"):
        print(language, fmt, hashlib.sha256(renderer.render(edition(language), fmt)).hexdigest())
"""


@pytest.mark.slow
def test_the_annex_gives_the_same_bytes_on_every_rebuild(renderer: PandocRenderer) -> None:
    here = "".join(
        f"{lang} {fmt} {hashlib.sha256(renderer.render(edition(lang), fmt)).hexdigest()}\n"
        for lang in LANGUAGES
        for fmt in ("docx", "pdf")
    )
    again = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert again == here


def test_a_french_reference_numbered_no_renders_in_the_pdf(renderer: PandocRenderer) -> None:
    # citeproc's French writes "nᵒ 286" (U+1D52) for an issue without a volume: no font of
    # the PDF has that letter, so it is set as a superscript o (in the DOCX too).
    bibliography = (
        '[{"id": "devas1981", "type": "article-journal", "title": "KIP", "author": '
        '[{"family": "Devas", "given": "Nick"}], "container-title": "Ekistics", '
        '"issue": "286", "issued": {"date-parts": [[1981]]}}]'
    )
    made = Edition(
        **{
            **vars(edition("fr", ())),
            "bibliography": bibliography,
            "sections": (RenderSection("s", "1", "Introduction", "Texte [@devas1981]."),),
        }
    )
    assert "Ekistics, no 286" in pdf_text(renderer.render(made, "pdf"))
    assert any("Ekistics, no 286" in t for t in paragraphs(renderer.render(made, "docx")))
