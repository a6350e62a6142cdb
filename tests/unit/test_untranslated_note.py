"""The note a draft prints where a section is not translated, in the six languages."""

from __future__ import annotations

import datetime

import pytest

from services.render.assemble import NOTE_CLASS, assemble
from services.render.labels import labels_for
from services.render.untranslated import language_name, note_for
from workflows.rendering import Edition, RenderSection

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def edition(language: str, *sections: RenderSection) -> Edition:
    return Edition(
        paper_title="Paper",
        symbol="A/1",
        forum="Forum",
        date=datetime.date(2016, 7, 25),
        language=language,
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="General",
        sections=sections,
    )


SOURCE = RenderSection("a", "1", "A", "Cities lead.", missing="untranslated", body_language="en")
PLACEHOLDER = RenderSection("a", "1", "A", "", missing="untranslated")
UNWRITTEN = RenderSection("a", "1", "A", "", missing="unwritten")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_three_notes_and_names_the_source(language: str) -> None:
    notes = [note_for(s, language) for s in (SOURCE, PLACEHOLDER, UNWRITTEN)]
    assert all(notes) and len(set(notes)) == 3
    assert language_name("en", language) in (notes[0] or "")
    others = [note_for(SOURCE, other) for other in LANGUAGES if other != language]
    assert notes[0] not in others


def test_a_section_with_its_own_text_has_no_note() -> None:
    assert note_for(RenderSection("a", "1", "A", "Text."), "fr") is None


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_source_text_stands_under_the_note_in_its_own_language(language: str) -> None:
    markdown = assemble(edition(language, SOURCE), labels_for(language))
    note = note_for(SOURCE, language) or ""
    at_note = markdown.index(f"::: {{.{NOTE_CLASS}}}")
    at_text = markdown.index("Cities lead.")
    assert at_note < at_text
    assert 'lang="en-GB" dir="ltr"' in markdown[at_note:at_text]
    assert note.split()[0].strip(".") in markdown.replace("\\", "")


def test_a_placeholder_prints_the_note_alone() -> None:
    markdown = assemble(edition("fr", PLACEHOLDER), labels_for("fr"))
    assert "Pas encore traduit" in markdown and "lang=" not in markdown
