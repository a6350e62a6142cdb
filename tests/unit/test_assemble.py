"""Assembling an edition's Markdown, and the small pure parts of the renderer."""

from __future__ import annotations

import datetime

import pytest

from services.render.assemble import (
    assemble,
    cites,
    escape_inline,
    needs_filter,
    prepare_body,
    section_id,
)
from services.render.fonts import describe_uncovered, uncovered
from services.render.labels import labels_for
from services.render.typst_pdf import typst_string
from workflows.rendering import Edition, RenderFailed, RenderSection


def edition(*bodies: str, bibliography: str | None = None, language: str = "en") -> Edition:
    return Edition(
        paper_title="Safer *cities*",
        symbol="A/CONF.226/PC.3/14",
        forum="Habitat III",
        date=datetime.date(2016, 3, 7),
        language=language,
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="General",
        sections=tuple(
            RenderSection(f"k{n}", str(n), f"Title {n}", body) for n, body in enumerate(bodies, 1)
        ),
        bibliography=bibliography,
    )


def test_titles_are_escaped_so_they_stay_text() -> None:
    assert escape_inline("A [link](x) *and* @cite {#id}") == (
        "A \\[link\\]\\(x\\) \\*and\\* \\@cite \\{\\#id\\}"
    )
    assert escape_inline("two\nlines") == "two lines"


def test_sections_get_the_callers_numbers_and_a_class_the_filter_knows() -> None:
    markdown = assemble(edition("First body.", "Second body."), labels_for("en"))
    assert markdown.startswith("% Safer \\*cities\\*\n")
    assert "# 1. Title 1 {#sec-k1 .accord-section}\n\nFirst body." in markdown
    assert "# 2. Title 2 {#sec-k2 .accord-section}\n\nSecond body." in markdown


def test_footnote_labels_are_made_unique_per_section_but_not_in_code() -> None:
    body = "Text.[^1] `[^1]` here.\n\n```\n[^1]\n```\n\n[^1]: Note."
    assert prepare_body(body, "s2") == (
        "Text.[^s2-1] `[^1]` here.\n\n```\n[^1]\n```\n\n[^s2-1]: Note."
    )


def test_an_open_fence_or_div_is_closed_and_a_stray_closer_neutralised() -> None:
    assert prepare_body("```python\nprint(1)", "s1") == "```python\nprint(1)\n```"
    assert prepare_body("::: note\nText", "s1") == "::: note\nText\n:::"
    assert prepare_body(":::\nText", "s1") == "\\:::\nText"


def test_references_are_added_only_when_there_is_something_to_cite() -> None:
    bib = '[{"id": "a", "type": "book", "title": "T"}]'
    assert not cites(edition("No citation.", bibliography=bib))
    assert "{#refs}" not in assemble(edition("No citation.", bibliography=bib), labels_for("en"))
    cited = edition("See [@a].", bibliography=bib, language="fr")
    assert cites(cited)
    assert "# Références {#references .accord-section .unnumbered}" in assemble(
        cited, labels_for("fr")
    )
    assert not cites(edition("See [@a]."))


def test_section_ids_keep_only_safe_characters() -> None:
    assert section_id("intro") == "sec-intro"
    assert section_id("a b/../c") == "sec-a-b-c"
    assert section_id("«»") == "sec-section"


# The masthead as UN documents print it: its lines in English in the English, Russian,
# Chinese and Arabic versions, in French and Spanish in those two.
@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("en", ("Distr.: General", "7 March 2016", "English", "Original: French")),
        ("fr", ("Distr. générale", "7 mars 2016", "Français", "Original : anglais")),
        ("es", ("Distr. general", "7 de marzo de 2016", "Español", "Original: inglés")),
        ("ru", ("Distr.: General", "7 March 2016", "Russian", "Original: English")),
        ("zh", ("Distr.: General", "7 March 2016", "Chinese", "Original: English")),
        ("ar", ("Distr.: General", "7 March 2016", "Arabic", "Original: English")),
    ],
)
def test_masthead_lines_follow_the_un_forms_of_each_language(
    language: str, lines: tuple[str, str, str, str]
) -> None:
    labels = labels_for(language)
    source = "fr" if language == "en" else "en"
    assert labels.distribution("general") == lines[0]
    assert labels.date(datetime.date(2016, 3, 7)) == lines[1]
    assert labels.version_language() == lines[2]
    assert labels.original(source) == lines[3]


def test_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    assert labels_for("fr").date(datetime.date(2016, 7, 1)) == "1er juillet 2016"
    assert labels_for("fr").date(datetime.date(2016, 7, 2)) == "2 juillet 2016"


def test_distributions_are_the_three_of_the_manual_and_unknown_ones_refused() -> None:
    assert labels_for("fr").distribution("General") == "Distr. générale"
    assert labels_for("es").distribution("limited") == "Distr. limitada"
    assert labels_for("en").distribution("Restricted") == "Distr.: Restricted"
    assert labels_for("ru").distribution("restricted") == "Distr.: Restricted"
    with pytest.raises(RenderFailed):
        labels_for("en").distribution("secret")
    with pytest.raises(RenderFailed):
        labels_for("de")


def test_tables_count_in_arabic_numerals_and_figures_in_roman_ones() -> None:
    assert labels_for("en").table(3) == "Table 3"
    assert labels_for("en").figure(4) == "Figure IV"
    assert labels_for("es").table(1) == "Cuadro 1"
    assert labels_for("es").figure(2) == "Gráfico II"
    assert labels_for("zh").table(1) == "表1"
    assert labels_for("zh").figure(12) == "图十二"
    assert labels_for("ar").figure(2) == "الشكل الثاني"
    assert labels_for("en").chapter(14, "roman") == "XIV"
    assert labels_for("en").chapter(14, "arabic") == "14"


def test_principal_organs_are_named_in_each_language() -> None:
    assert labels_for("fr").organ("general-assembly") == "Assemblée générale"
    assert labels_for("zh").organ("security-council") == "安全理事会"
    assert labels_for("ru").united_nations == "Организация Объединенных Наций"
    with pytest.raises(RenderFailed):
        labels_for("en").organ("trusteeship")


def test_uncovered_characters_are_named_once_and_spaces_ignored() -> None:
    covered = frozenset(map(ord, "abc"))
    missing = uncovered("a b\u200f\nc\tdd\u00a0e", covered)
    assert missing == ["d", "e"]
    assert describe_uncovered(missing) == (
        "no configured font covers U+0064 'd', U+0065 'e' (2 characters)"
    )


def test_typst_strings_cannot_be_closed_early() -> None:
    assert typst_string('a"b\\c\n') == '"a\\"b\\\\c\\n"'


def test_authors_headings_nest_under_their_section_heading() -> None:
    assert prepare_body("# Context\n\ntext\n\n## Detail", "s1") == (
        "## Context\n\ntext\n\n### Detail"
    )
    assert prepare_body("### Deep\n\n#### Deeper", "s1") == "## Deep\n\n### Deeper"
    fenced = "```\n# not a heading\n```\n\n# Heading"
    assert prepare_body(fenced, "s1") == "```\n# not a heading\n```\n\n## Heading"
    assert prepare_body("#hashtag is text", "s1") == "#hashtag is text"


def test_only_text_that_needs_the_filter_gets_it() -> None:
    assert not needs_filter(edition("Plain text with a footnote.^[Note.]\n\n# Heading"))
    for body in (
        "![map](map.png)",
        "As shown [@unhabitat2007].",
        "Title\n=====",
        "Title\n-----",
        "> # quoted heading",
        "- # heading in a list",
    ):
        assert needs_filter(edition(body)), body
