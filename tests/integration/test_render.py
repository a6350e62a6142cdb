"""The real renderer: pandoc, python-docx and Typst, in all six languages, no stand-ins.

Small documents, one renderer shared by the module, so the whole file takes seconds.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Literal

import docx
import pypdf
import pytest

from services.render import PandocRenderer
from services.render.pandoc import run_pandoc
from services.render.typst_pdf import TypstPdf
from tests.images import png
from workflows.rendering import Edition, RenderFailed, RenderImage, RenderSection

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Format = Literal["docx", "pdf"]

BIBLIOGRAPHY = """[{"id": "smith2020", "type": "book", "title": "Cities and Peace",
  "author": [{"family": "Smith", "given": "Jane"}], "issued": {"date-parts": [[2020]]},
  "publisher": "UN Press"}]"""

# language: (first title, second title, sample sentence, footnote, words the PDF must give back)
SAMPLES: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "en": (
        "Introduction",
        "Scope",
        "Cities are where peace is built.",
        "A footnote in English.",
        ("Cities are where peace is built",),
    ),
    "es": (
        "Introducción",
        "Alcance",
        "Las ciudades son donde se construye la paz.",
        "Una nota al pie.",
        ("Las ciudades son donde se construye la paz",),
    ),
    "fr": (
        "Introduction",
        "Portée",
        "Les villes sont le lieu où se construit la paix.",
        "Une note de bas de page.",
        ("Les villes sont le lieu où se construit la paix",),
    ),
    "ru": (
        "Введение",
        "Сфера охвата",
        "Города — это место, где строится мир.",
        "Сноска на русском.",
        ("Города — это место, где строится мир",),
    ),
    "zh": ("导言", "范围", "城市是建设和平的地方。", "中文脚注。", ("城市是建设和平的地方",)),
    # pypdf gives Arabic back word by word in visual order: look for the words.
    "ar": (
        "مقدمة",
        "النطاق",
        "المدن هي المكان الذي يبنى فيه السلام.",
        "حاشية باللغة العربية.",
        ("المدن", "المكان", "يبنى", "السلام"),
    ),
}
DRAFT = {
    "en": "DRAFT",
    "es": "BORRADOR",
    "fr": "PROJET",
    "ru": "ПРОЕКТ",
    "zh": "草稿",
    "ar": "مسودة",
}


def edition(
    language: str,
    *,
    kind: Literal["draft", "final"] = "draft",
    sections: tuple[RenderSection, ...] | None = None,
    images: tuple[RenderImage, ...] = (),
) -> Edition:
    """A two-section edition with a footnote, a table and a citation."""
    first, second, sentence, note, _ = SAMPLES[language]
    default = (
        RenderSection(
            "intro",
            "1",
            first,
            f"{sentence}[^1] [@smith2020]\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
            f": {first}\n\n[^1]: {note}\n",
        ),
        RenderSection("scope", "2", second, f"## {second} 2.1\n\n{sentence}\n"),
    )
    return Edition(
        paper_title="Urban security and peacebuilding",
        symbol="A/CONF.226/PC.3/14",
        forum="Third United Nations Conference on Housing and Sustainable Urban Development",
        date=datetime.date(2016, 3, 7),
        language=language,
        source_language="en",
        version="0.1",
        kind=kind,
        distribution="General",
        sections=sections or default,
        bibliography=BIBLIOGRAPHY,
        images=images,
    )


@pytest.fixture(scope="module")
def renderer() -> PandocRenderer:
    return PandocRenderer()


@pytest.fixture(scope="module")
def rendered(renderer: PandocRenderer) -> dict[tuple[str, str], bytes]:
    fmts: tuple[Format, ...] = ("docx", "pdf")
    return {(lang, fmt): renderer.render(edition(lang), fmt) for lang in SAMPLES for fmt in fmts}


def docx_text(data: bytes) -> str:
    """Every text node of every part of the DOCX (body, footnotes, header)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf sometimes gives presentation forms and stray bidi controls back.
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@pytest.mark.parametrize("language", list(SAMPLES))
def test_docx_has_cover_toc_numbered_headings_footnote_and_language(
    rendered: dict[tuple[str, str], bytes], language: str
) -> None:
    data = rendered[language, "docx"]
    first, second, sentence, note, _ = SAMPLES[language]
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    assert paragraphs[0].text.endswith("A/CONF.226/PC.3/14")
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:2] == [f"1. {first}", f"2. {second}"]
    assert any(p.style is not None and p.style.name == "Heading 2" for p in paragraphs)
    assert any(sentence in p.text for p in paragraphs)
    assert len(document.tables) == 1
    xml = docx_text(data)
    assert note in xml  # the footnote's text, in word/footnotes.xml
    assert "TOC \\o" in xml  # pandoc's table of contents field
    assert "Smith" in xml and "Cities and Peace" in xml  # citation and bibliography
    lang = document.styles.element.find(f"{W}docDefaults").find(f".//{W}lang")
    tags = {lang.get(f"{W}val"), lang.get(f"{W}eastAsia"), lang.get(f"{W}bidi")}
    assert any(tag and tag.startswith(language) for tag in tags), tags
    assert document.core_properties.language.startswith(language)
    assert document.sections[0].header.paragraphs[0].text == DRAFT[language]
    # In Arabic every paragraph is right to left but those wholly in Latin script (the
    # masthead's English lines, the references): they are set left to right.
    body = [p for p in paragraphs if p.text.strip()]
    arabic = [p for p in body if any("\u0600" <= c <= "\u06ff" for c in p.text)]
    with_bidi = [p for p in body if p._p.pPr is not None and p._p.pPr.find(f"{W}bidi") is not None]
    assert with_bidi == (arabic if language == "ar" else [])
    table = document.tables[0]._tbl.tblPr
    assert (table.find(f"{W}bidiVisual") is not None) == (language == "ar")


@pytest.mark.parametrize("language", list(SAMPLES))
def test_pdf_has_the_language_text_and_a_draft_mark_that_is_no_text(
    rendered: dict[tuple[str, str], bytes], language: str
) -> None:
    data = rendered[language, "pdf"]
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for words in SAMPLES[language][4]:
        assert words in text, (words, text)
    # The mark is drawn on every page, never text among the paragraphs.
    assert DRAFT[language] not in text
    assert "A/CONF.226/PC.3/14" in text
    assert "Smith" in text  # the citation, resolved by citeproc


def test_a_final_version_has_no_draft_mark(renderer: PandocRenderer) -> None:
    final = edition("en", kind="final")
    final_pdf, draft_pdf = renderer.render(final, "pdf"), renderer.render(edition("en"), "pdf")
    # Same text; the draft's pages hold the drawn mark on top of it.
    assert pdf_text(final_pdf) == pdf_text(draft_pdf)
    for final_page, draft_page in zip(
        pypdf.PdfReader(io.BytesIO(final_pdf)).pages,
        pypdf.PdfReader(io.BytesIO(draft_pdf)).pages,
        strict=True,
    ):
        assert (
            len(draft_page.get_contents().get_data())
            > len(final_page.get_contents().get_data()) + 500
        )
    document = docx.Document(io.BytesIO(renderer.render(final, "docx")))
    assert "DRAFT" not in " ".join(p.text for p in document.sections[0].header.paragraphs)


_DIGEST_SCRIPT = """
import hashlib
from services.render import PandocRenderer
from tests.integration.test_render import edition
renderer = PandocRenderer()
for language in ("en", "ar", "zh"):
    for fmt in ("docx", "pdf"):
        data = renderer.render(edition(language), fmt)
        print(language, fmt, hashlib.sha256(data).hexdigest())
"""


def test_the_same_edition_gives_the_same_bytes_in_other_processes(
    rendered: dict[tuple[str, str], bytes],
) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for _ in range(2)
    ]
    here = "".join(
        f"{lang} {fmt} {hashlib.sha256(rendered[lang, fmt]).hexdigest()}\n"
        for lang in ("en", "ar", "zh")
        for fmt in ("docx", "pdf")
    )
    assert runs[0] == runs[1] == here


def hostile_sections(secret: Path) -> tuple[RenderSection, ...]:
    relative = Path(*([".."] * len(Path.cwd().parts))) / secret.relative_to(secret.anchor)
    bodies = [
        f".. include:: {secret}\n\n```{{.include}}\n{secret}\n```\n\n!include {secret}\n",
        f"![x](/etc/passwd) ![y](../../secret) ![z]({secret}) ![w]({relative})\n\n"
        f"[link](file://{secret})\n",
        f"\\input{{{secret}}}\n\n\\include{{{secret}}}\n\n$\\input{{{secret}}}$\n",
        f'```{{=typst}}\n#read("{secret}")\n```\n\n`#include "{secret}"`{{=typst}}\n\n'
        f'```{{=openxml}}\n<w:altChunk r:id="x"/>\n```\n\n'
        f'<iframe src="file://{secret}"></iframe>\n\n#read("{secret}") $#read("{secret}")$\n',
        f"---\nbibliography: {secret}\nheader-includes: x\n---\n\n"
        f'```{{.lua}}\nfunction Pandoc(d) return pandoc.read(io.open("{secret}"):read("a")) end\n'
        f"```\n\n--lua-filter={secret}\n\n[@nothing]\n",
    ]
    return tuple(
        RenderSection(f"s{n}", str(n), "Hostile", body) for n, body in enumerate(bodies, 1)
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_section_text_cannot_read_files_or_run_code(
    renderer: PandocRenderer, tmp_path: Path, fmt: Format
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("TOP-SECRET-7F3A9\n")
    data = renderer.render(edition("en", sections=hostile_sections(secret)), fmt)
    assert b"TOP-SECRET-7F3A9" not in data
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert not [n for n in archive.namelist() if n.startswith("word/media/")]
            for name in archive.namelist():
                assert b"TOP-SECRET-7F3A9" not in archive.read(name), name
        text = docx_text(data)
    else:
        assert not [img for page in pypdf.PdfReader(io.BytesIO(data)).pages for img in page.images]
        text = pdf_text(data)
    assert "TOP-SECRET-7F3A9" not in text
    assert "image not available" in text  # the refused images, as notes
    assert "#read(" in text  # Typst code in the text stays text


def test_a_character_no_font_covers_fails_the_pdf_naming_it(renderer: PandocRenderer) -> None:
    sections = (RenderSection("a", "1", "Scripts", "Ugaritic 𐎀 is not covered."),)
    with pytest.raises(RenderFailed) as failure:
        renderer.render(edition("en", sections=sections), "pdf")
    assert str(failure.value) == "no configured font covers U+10380 '𐎀' (1 character)"


def test_only_the_callers_images_are_embedded(renderer: PandocRenderer) -> None:
    body = "![Map of the city](map.png)\n\nText ![lost](missing.png) here.\n"
    sections = (RenderSection("a", "1", "Maps", body),)
    shown = edition("en", sections=sections, images=(RenderImage("map.png", png()),))
    docx_data = renderer.render(shown, "docx")
    with zipfile.ZipFile(io.BytesIO(docx_data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    assert "image not available" in docx_text(docx_data)
    pdf = pypdf.PdfReader(io.BytesIO(renderer.render(shown, "pdf")))
    assert sum(len(page.images) for page in pdf.pages) == 1
    assert "Map of the city" in pdf_text(renderer.render(shown, "pdf"))


def test_an_image_that_is_not_one_is_refused(renderer: PandocRenderer) -> None:
    bad = edition("en", images=(RenderImage("map.png", b"#!/bin/sh\n"),))
    with pytest.raises(RenderFailed, match="not a PNG, JPEG or GIF"):
        renderer.render(bad, "pdf")
    with pytest.raises(RenderFailed, match="plain file name"):
        renderer.render(edition("en", images=(RenderImage("../x.png", png()),)), "docx")


def test_failures_of_typst_and_pandoc_are_short_reasons(renderer: PandocRenderer) -> None:
    typst_pdf: TypstPdf = renderer.workspace.typst_pdf()
    with pytest.raises(RenderFailed) as typst_failure:
        typst_pdf.compile("#let broken = (", datetime.date(2016, 3, 7))
    assert str(typst_failure.value).startswith("Typst could not typeset the document:")
    assert "\n" not in str(typst_failure.value)
    # Were Typst code ever to get through, Typst still reads nothing outside its root.
    for path in ("/etc/passwd", "../../../../../../etc/passwd"):
        with pytest.raises(RenderFailed):
            typst_pdf.compile(f'#read("{path}")', datetime.date(2016, 3, 7))
    with pytest.raises(RenderFailed) as pandoc_failure:
        run_pandoc("text", "no-such-format", day=datetime.date(2016, 3, 7))
    assert str(pandoc_failure.value).startswith("pandoc could not convert the document:")
    assert "Traceback" not in str(pandoc_failure.value)
    with pytest.raises(RenderFailed, match="not valid CSL JSON"):
        renderer.render(Edition(**{**edition("en").__dict__, "bibliography": "{oops"}), "docx")
    with pytest.raises(RenderFailed, match="language 'de'"):
        renderer.render(Edition(**{**edition("en").__dict__, "language": "de"}), "pdf")
