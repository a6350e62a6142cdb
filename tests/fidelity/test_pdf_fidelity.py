"""The PDF in six languages: its text layer (poppler and pypdf), its fonts and positions."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from services.render.labels import labels_for
from tests.fidelity.conftest import Rendered, pdf_lines
from tests.fidelity.paper import LANGUAGES, LINK, TEXTS

pytestmark = pytest.mark.slow

LEFT_MARGIN = 70.87  # 25 mm, in points
CELL_INSET = 5.0


def positions(data: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text pypdf reads on the page, in page coordinates."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((x, y, text.strip()))

    pypdf.PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


def x_of(data: bytes, start: str, page: int = 0) -> float:
    """Where the first piece of text that starts with `start` begins on the page."""
    return next(x for x, _, text in positions(data, page) if text.startswith(start))


def x_of_cell(data: bytes, cell: str, page: int = 0) -> float:
    """Where a table cell holding exactly `cell` begins."""
    return next(x for x, _, text in positions(data, page) if text == cell)


def font_names(data: bytes) -> set[str]:
    """The embedded fonts' PostScript names, without their subset prefix."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            name = str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            names.add(name.removesuffix("-Identity-H"))
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_draft_mark_is_drawn_but_is_no_text(
    rendered: dict[str, Rendered], language: str
) -> None:
    mark = labels_for(language).draft.upper()
    reader = pypdf.PdfReader(io.BytesIO(rendered[language].pdf))
    assert all(mark not in page.extract_text() for page in reader.pages)
    assert all(mark not in line for line in pdf_lines(rendered[language].pdf_path))


def test_arabic_words_come_back_whole(rendered: dict[str, Rendered]) -> None:
    arabic_run = re.compile(r"[\u0620-\u065F\u066E-\u06D3]+")  # letters and marks only
    words = set(arabic_run.findall(" ".join(pdf_lines(rendered["ar"].pdf_path))))
    texts = TEXTS["ar"]
    expected = " ".join([texts["title"], texts["forum"], *texts["chapters"]])  # type: ignore[list-item]
    for word in arabic_run.findall(expected):
        assert word in words, word


FACES = {
    "ar": {"Amiri-Regular", "Amiri-Bold"},
    "zh": {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "PTSerif-Regular", "PTSerif-Bold"},
    "en": {"PTSerif-Regular", "PTSerif-Bold", "PTSerif-Italic"},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_embedded_fonts_carry_their_true_names(
    rendered: dict[str, Rendered], language: str
) -> None:
    names = font_names(rendered[language].pdf)
    assert FACES.get(language, FACES["en"]) <= names, names
    # Static faces only: each name says its weight, and none is a variable font's
    # default ("Thin") standing for every weight.
    for name in names:
        assert re.fullmatch(
            r"(PTSerif|Amiri|NotoSerifCJKsc)-(Regular|Bold|Italic|BoldItalic)", name
        ), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_forum_cells_and_the_address_are_never_hyphenated(
    rendered: dict[str, Rendered], language: str
) -> None:
    lines = pdf_lines(rendered[language].pdf_path)
    text = " ".join(lines).replace("’", "'")
    texts = TEXTS[language]
    _, header, rows = texts["table"]  # type: ignore[misc]
    cells = " ".join([*header, *(c for row in rows for c in row)])
    words = f"{texts['title']} {texts['forum']} {cells}".replace("’", "'")
    # Words of letters only: poppler moves Arabic punctuation around, not letters.
    for word in re.findall(r"[^\W\d_][\w'-]*", words):
        assert word in text, word
    # An address breaks only after a slash: rejoined there, it is whole.
    assert LINK in "\n".join(lines).replace("/\n", "/")


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "zh"])
def test_tables_and_their_labels_start_at_the_margin(
    rendered: dict[str, Rendered], language: str
) -> None:
    data = rendered[language].pdf
    labels = labels_for(language)
    _, header, _ = TEXTS[language]["table"]  # type: ignore[misc]
    assert abs(x_of(data, labels.table_word) - LEFT_MARGIN) < 1
    assert abs(x_of_cell(data, header[0]) - LEFT_MARGIN - CELL_INSET) < 1


def test_latin_references_are_set_left_to_right_in_arabic(rendered: dict[str, Rendered]) -> None:
    data = rendered["ar"].pdf
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    # Left to right and ragged: each reference starts at the left margin (a right-to-left
    # one would start at the right), and ends with its full stop.
    starts = [
        x
        for page in range(pages)
        for x, _, t in positions(data, page)
        if t.startswith("Muggah, Robert")
    ]
    assert starts and abs(starts[0] - LEFT_MARGIN) < 1
    lines = pdf_lines(rendered["ar"].pdf_path)
    start = next(i for i, line in enumerate(lines) if line.startswith("Muggah, Robert. 2012."))
    assert lines[start + 1] == "Centre."


def test_chinese_dates_have_no_added_spaces_and_citations_full_width_parentheses(
    rendered: dict[str, Rendered],
) -> None:
    text = "".join(pdf_lines(rendered["zh"].pdf_path))
    assert "2016年10月20日" in text
    assert "（UN-Habitat 2016年）" in text and "（Muggah 2012年）" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_house_numbering_page_numbers_and_the_symbol_above(
    rendered: dict[str, Rendered], language: str
) -> None:
    labels = labels_for(language)
    reader = pypdf.PdfReader(io.BytesIO(rendered[language].pdf))
    lines = pdf_lines(rendered[language].pdf_path)
    assert labels.table(1) in lines and labels.figure(1) in lines
    chapters = TEXTS[language]["chapters"]
    # poppler gives a right-to-left heading's number after its full stop (".Iمقدمة").
    bare = {re.sub(r"[\s.]", "", line) for line in lines}
    for number, chapter in zip(("I", "II", "III"), chapters, strict=True):  # type: ignore[call-overload]
        assert f"{number}. {chapter}" in lines or number + chapter.replace(" ", "") in bare
    numbered = [line for line in lines if re.match(r"^[12]\. ", line)]
    if language != "ar":  # poppler gives Arabic lines' leading numbers at their end
        assert len(numbered) >= 2, numbered
    second = reader.pages[1].extract_text()
    assert "A/CONF.226/PC.3/14" in second
    assert reader.pages[0].extract_text().strip().endswith("1")
