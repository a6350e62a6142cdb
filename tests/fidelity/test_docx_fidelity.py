"""The DOCX in six languages, read as a UN editor would: its XML, then LibreOffice's pages."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]

from services.render.fonts import WORD_CODE_FACE, WORD_FACES
from services.render.labels import labels_for
from tests.fidelity.conftest import Rendered, pdf_lines
from tests.fidelity.paper import LANGUAGES, TEXTS

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4E00-\u9FFF]")


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def text(element: etree._Element) -> str:
    return (
        "".join(element.itertext())
        if element.tag == f"{W}t"
        else "".join(t.text or "" for t in element.iter(f"{W}t"))
    )


def style_of(paragraph: etree._Element) -> str | None:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return None if found is None else found.get(f"{W}val")


def style(data: bytes, style_id: str) -> etree._Element:
    found = part(data, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def on(properties: etree._Element | None, tag: str) -> bool:
    """Whether a toggle property (w:b, w:bCs, ...) is set on."""
    if properties is None:
        return False
    found = properties.find(f"w:{tag}", NS)
    return found is not None and found.get(f"{W}val", "1") not in ("0", "false")


@pytest.mark.parametrize("language", LANGUAGES)
def test_contents_are_filled_and_stay_a_field_word_refreshes(
    rendered: dict[str, Rendered], language: str
) -> None:
    body = part(rendered[language].docx, "word/document.xml").find("w:body", NS)
    headings = [text(p) for p in body.iter(f"{W}p") if style_of(p) == "Heading1"]
    entries = [p for p in body.iter(f"{W}p") if style_of(p) in ("TOC1", "TOC2")]
    assert [text(p) for p in entries if style_of(p) == "TOC1"] == headings
    # Each entry links to its heading's bookmark, inside the TOC field that Word updates.
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    for entry in entries:
        assert entry.find("w:hyperlink", NS).get(f"{W}anchor") in bookmarks
    kinds = [c.get(f"{W}fldCharType") for p in entries for c in p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert entries[0].find(".//w:instrText", NS).text.strip().startswith("TOC \\o")


@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_converts_the_docx_and_shows_its_contents(
    libreoffice_pdfs: dict, language: str
) -> None:
    lines = pdf_lines(libreoffice_pdfs[language])
    chapters = TEXTS[language]["chapters"]
    contents = labels_for(language).contents
    start = lines.index(contents)
    # The entries follow the "Contents" title: a reader that does not update fields
    # (LibreOffice, previews) sees them.
    listed = " ".join(lines[start + 1 : start + 5])
    for chapter in chapters:  # type: ignore[attr-defined]
        assert chapter in listed, (chapter, listed)


def test_arabic_titles_headings_forum_and_draft_mark_keep_their_weight_and_size(
    rendered: dict[str, Rendered],
) -> None:
    data = rendered["ar"].docx
    for style_id in ("Title", "Heading1", "Heading2"):
        properties = style(data, style_id).find("w:rPr", NS)
        assert on(properties, "b") and on(properties, "bCs"), style_id
        sizes = {properties.find(f"w:{t}", NS).get(f"{W}val") for t in ("sz", "szCs")}
        assert len(sizes) == 1, (style_id, sizes)
    body = part(data, "word/document.xml").find("w:body", NS)
    forum = next(p for p in body.iter(f"{W}p") if TEXTS["ar"]["forum"] == text(p))
    for run in forum.iter(f"{W}r"):
        properties = run.find("w:rPr", NS)
        assert on(properties, "b") and on(properties, "bCs")
        assert properties.find("w:szCs", NS) is not None
    header = part(data, "word/header1.xml")
    mark = next(r for r in header.iter(f"{W}r") if "مسودة" in text(r))
    assert on(mark.find("w:rPr", NS), "bCs")


def test_arabic_paragraphs_keep_the_body_style_and_the_page_is_right_to_left(
    rendered: dict[str, Rendered],
) -> None:
    data = rendered["ar"].docx
    body = part(data, "word/document.xml").find("w:body", NS)
    sentence = TEXTS["ar"]["sentence"]
    paragraphs = [p for p in body.findall("w:p", NS) if sentence in text(p).replace("ُ", "")]
    assert paragraphs
    for paragraph in paragraphs:
        assert style_of(paragraph) in ("BodyText", "FirstParagraph")
        assert paragraph.find("w:pPr/w:bidi", NS) is not None
    body_style = style(data, "BodyText").find("w:pPr", NS)
    assert body_style.find("w:jc", NS).get(f"{W}val") == "both"
    assert body_style.find("w:spacing", NS).get(f"{W}after") == "120"
    section = body.find("w:sectPr", NS)
    assert section.find("w:bidi", NS) is not None


def test_latin_words_in_arabic_are_latin_runs_and_latin_references_left_to_right(
    rendered: dict[str, Rendered],
) -> None:
    body = part(rendered["ar"].docx, "word/document.xml").find("w:body", NS)
    latin_runs = 0
    for run in body.iter(f"{W}r"):
        words = text(run)
        if LATIN.search(words):
            latin_runs += 1
            # One script per run, and the Latin ones not marked right to left: Word
            # lays them out and breaks them as Latin words.
            assert not ARABIC.search(words), words
            assert run.find("w:rPr/w:rtl", NS) is None, words
    assert latin_runs >= 4  # the name, two citations, the address, the references
    references = [p for p in body.iter(f"{W}p") if style_of(p) == "Bibliography"]
    assert len(references) == 2
    for reference in references:
        assert reference.find("w:pPr/w:bidi", NS) is None, text(reference)


@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_are_start_aligned_ragged_unhyphenated_and_sized_to_their_content(
    rendered: dict[str, Rendered], language: str
) -> None:
    data = rendered[language].docx
    table = part(data, "word/document.xml").find(".//w:tbl", NS)
    assert table.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "autofit"
    assert table.find("w:tblPr/w:tblW", NS).get(f"{W}type") == "auto"
    widths = [int(c.get(f"{W}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    # City, approach, result: the approach (the longest text) gets the most room, the
    # city (one word) the least.
    assert widths[1] == max(widths) and widths[0] == min(widths) < widths[1] // 2, widths
    assert sum(widths) <= 9071  # within the A4 text width
    cells = {style_of(p) for p in table.iter(f"{W}p")}
    assert cells == {"Compact"}
    compact = style(data, "Compact").find("w:pPr", NS)
    assert compact.find("w:jc", NS).get(f"{W}val") == "left"  # the start, mirrored in RTL
    assert compact.find("w:suppressAutoHyphens", NS) is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_and_forum_are_ragged_and_never_hyphenated(
    rendered: dict[str, Rendered], language: str
) -> None:
    data = rendered[language].docx
    title = style(data, "Title").find("w:pPr", NS)
    assert title.find("w:jc", NS).get(f"{W}val") == "center"
    assert title.find("w:suppressAutoHyphens", NS) is not None
    for heading in ("Heading1", "Heading2"):
        properties = style(data, heading).find("w:pPr", NS)
        assert properties.find("w:jc", NS).get(f"{W}val") == "left"
        assert properties.find("w:suppressAutoHyphens", NS) is not None
    body = part(data, "word/document.xml").find("w:body", NS)
    forum = next(p for p in body.iter(f"{W}p") if text(p) == TEXTS[language]["forum"])
    assert forum.find("w:pPr/w:suppressAutoHyphens", NS) is not None
    assert forum.find("w:pPr/w:jc", NS).get(f"{W}val") == "left"
    # Word hyphenates only with automatic hyphenation on; it is never turned on.
    settings = part(data, "word/settings.xml")
    assert not on(settings, "autoHyphenation")


EN_LINES = ("Distr.: General", "12 July 2016")
MASTHEADS = {
    "en": ("United Nations", "General Assembly", (*EN_LINES, "Original: English")),
    "fr": (
        "Nations Unies",
        "Assemblée générale",
        ("Distr. générale", "12 juillet 2016", "Français", "Original : anglais"),
    ),
    "es": (
        "Naciones Unidas",
        "Asamblea General",
        ("Distr. general", "12 de julio de 2016", "Español", "Original: inglés"),
    ),
    "ru": (
        "Организация Объединенных Наций",
        "Генеральная Ассамблея",
        (*EN_LINES, "Russian", "Original: English"),
    ),
    "zh": ("联合国", "大会", (*EN_LINES, "Chinese", "Original: English")),
    "ar": ("الأمم المتحدة", "الجمعية العامة", (*EN_LINES, "Arabic", "Original: English")),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_masthead_follows_the_manual_in_each_language(
    rendered: dict[str, Rendered], language: str
) -> None:
    document = docx.Document(io.BytesIO(rendered[language].docx))
    united, organ, lines = MASTHEADS[language]
    first = document.paragraphs[0].text
    assert first == f"{united}\t{organ}\tA/CONF.226/PC.3/14"
    assert tuple(p.text for p in document.paragraphs[1 : 1 + len(lines)]) == lines
    assert document.paragraphs[1 + len(lines)].text == TEXTS[language]["forum"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_and_figures_are_labelled_and_pages_numbered_with_the_symbol_above(
    rendered: dict[str, Rendered], language: str
) -> None:
    data = rendered[language].docx
    labels = labels_for(language)
    body = part(data, "word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    table_caption = next(p for p in paragraphs if style_of(p) == "TableCaption")
    assert text(table_caption).startswith(labels.table(1))
    figure_caption = next(p for p in paragraphs if style_of(p) == "ImageCaption")
    assert text(figure_caption) == labels.figure(1) + TEXTS[language]["figure"]
    # The figure's label and title stand above it, as in the PDF.
    assert style_of(figure_caption.getnext()) == "CaptionedFigure"
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "A/CONF.226/PC.3/14" in [p.text for p in section.header.paragraphs]
    assert "A/CONF.226/PC.3/14" not in [p.text for p in section.first_page_header.paragraphs]
    for footer in (section.footer, section.first_page_footer):
        codes = [t.text.strip() for t in footer._element.iter(f"{W}instrText")]
        assert codes == ["PAGE"]


def test_chinese_has_no_italics_but_emphasis_dots_zh_cn_and_song_and_no_added_spaces(
    rendered: dict[str, Rendered],
) -> None:
    data = rendered["zh"].docx
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "zh-CN"
    defaults = part(data, "word/styles.xml").find("w:docDefaults", NS)
    assert defaults.find(".//w:lang", NS).get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(".//w:rFonts", NS).get(f"{W}eastAsia") == "SimSun"  # a Song face
    assert defaults.find(".//w:autoSpaceDE", NS).get(f"{W}val") == "0"
    assert defaults.find(".//w:autoSpaceDN", NS).get(f"{W}val") == "0"
    body = part(data, "word/document.xml").find("w:body", NS)
    emphasis = [r for r in body.iter(f"{W}r") if r.find("w:rPr/w:em", NS) is not None]
    assert [text(r) for r in emphasis] == ["人居署"]
    for run in body.iter(f"{W}r"):
        if CJK.search(text(run)):
            assert not on(run.find("w:rPr", NS), "i"), text(run)
    for caption in ("TableCaption", "ImageCaption"):
        assert not on(style(data, caption).find("w:rPr", NS), "i")
    words = text(body)
    assert "（UN-Habitat 2016年）" in words and "（Muggah 2012年）" in words
    assert "空间（UN-Habitat" in words  # no space before a citation in Chinese


@pytest.mark.parametrize("language", LANGUAGES)
def test_fonts_are_faces_word_readers_have(rendered: dict[str, Rendered], language: str) -> None:
    data = rendered[language].docx
    faces = part(data, "word/styles.xml").find("w:docDefaults//w:rFonts", NS)
    assert {k: faces.get(f"{W}{k}") for k in WORD_FACES} == WORD_FACES
    # No style or run names another face: what Word shows is what the file names.
    for name in ("word/styles.xml", "word/document.xml"):
        for element in part(data, name).iter(f"{W}rFonts"):
            named = {element.get(f"{W}{k}") for k in WORD_FACES} - {None}
            assert named <= {*WORD_FACES.values(), WORD_CODE_FACE}, named


@pytest.mark.parametrize("language", LANGUAGES)
def test_house_style_numbers_chapters_in_roman_and_every_paragraph(
    rendered: dict[str, Rendered], language: str
) -> None:
    document = docx.Document(io.BytesIO(rendered[language].docx))
    chapters = TEXTS[language]["chapters"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [f"{n}. {t}" for n, t in zip(("I", "II", "III"), chapters, strict=True)]  # type: ignore[call-overload]
    numbered = [p.text for p in document.paragraphs if re.match(r"^\d+\. ", p.text)]
    assert [t.split(".")[0] for t in numbered] == ["1", "2"]
