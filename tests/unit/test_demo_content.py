"""The demo paper's data holds together: languages, people, comments, citations, mirroring,
and translations that say what the approved English says once the review round is over."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from drafts.practice_citations import citation
from drafts.regions import region_of, top_region
from services.demo import content
from services.demo.content import DemoComment, DemoSection, approved_body
from services.demo.practices import PRACTICES

LANGUAGES = ("en", "es", "fr")
USER_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
# A pandoc citation key after "@": alphanumerics and "_", with internal punctuation.
CITATION = re.compile(r"(?<![\w.@])@([\w](?:[\w:.#$%&+?<>~/-]*[\w])?)")
INLINE_NOTE = re.compile(r"\^\[")
REFERENCE_NOTE = re.compile(r"\[\^[^\]\s]+\](?!:)")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) ", re.MULTILINE)
TABLE_ROW = re.compile(r"^\|", re.MULTILINE)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")

PEOPLE = {
    "AUTHORS": content.AUTHORS,
    "REVIEWERS": content.REVIEWERS,
    "TRANSLATORS": content.TRANSLATORS,
    "SECRETARIAT": content.SECRETARIAT,
}
SECTIONS = {section.key: section for section in content.SECTIONS}
SUGGESTIONS = [comment for comment in content.COMMENTS if comment.replacement is not None]
# A section's text in one language at each stage of the demo: drafted, then approved.
STAGES: dict[str, Callable[[DemoSection, str], str]] = {
    "first-drafts": lambda section, lang: section.bodies[lang],
    "approved": approved_body,
}


def citations(text: str) -> list[str]:
    return CITATION.findall(text)


def footnotes(text: str) -> int:
    return len(INLINE_NOTE.findall(text)) + len(REFERENCE_NOTE.findall(text))


def change(comment: DemoComment, lang: str) -> tuple[str, str]:
    """What an accepted suggestion replaces in the text of `lang`: (exact, replacement)."""
    if lang == "en":
        assert comment.replacement is not None
        return comment.exact, comment.replacement
    return comment.translations[lang]


def changed_lines(before: str, after: str) -> list[int]:
    """The lines (paragraphs, list items, table rows) that differ between two drafts."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new), "a block was added or removed"
    return [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def names(group: tuple[tuple[str, str, str], ...]) -> set[str]:
    return {name for name, _full, _email in group}


def bibliography() -> list[dict[str, Any]]:
    parsed = json.loads(content.BIBLIOGRAPHY)
    assert isinstance(parsed, list)
    return parsed


def english_texts() -> list[tuple[str, str]]:
    """(what, text) for every English body and second draft."""
    texts = [(f"{s.key}/en", s.bodies["en"]) for s in content.SECTIONS]
    texts += [
        (f"{s.key}/second-draft/en", approved_body(s, "en"))
        for s in content.SECTIONS
        if s.second_draft
    ]
    return texts


def all_texts() -> list[tuple[str, str]]:
    """(what, text) for every text the demo saves, in every language."""
    texts = [(f"{s.key}/{lang}", s.bodies[lang]) for s in content.SECTIONS for lang in s.bodies]
    texts += [
        (f"{s.key}/approved/{lang}", approved_body(s, lang))
        for s in content.SECTIONS
        for lang in LANGUAGES
    ]
    return texts


def test_paper_describes_a_trilingual_paper_in_english() -> None:
    paper = content.PAPER
    assert SLUG.match(paper["slug"])
    assert paper["source_language"] == "en"
    assert tuple(paper["languages"]) == LANGUAGES
    assert set(paper["titles"]) == set(LANGUAGES)
    assert set(paper["forum"]) == set(LANGUAGES)
    assert all(paper["titles"][lang].strip() and paper["forum"][lang].strip() for lang in LANGUAGES)
    assert paper["symbol"].startswith("A/CONF.226/")
    assert dt.date.fromisoformat(paper["date"]) == dt.date(2016, 7, 25)


def test_people_have_unique_lower_case_user_names_and_example_emails() -> None:
    everyone = [person for group in PEOPLE.values() for person in group]
    user_names = [name for name, _full, _email in everyone]
    emails = [email for _name, _full, email in everyone]
    assert len(set(user_names)) == len(user_names)
    assert len(set(emails)) == len(emails)
    for name, full_name, email in everyone:
        assert USER_NAME.match(name), name
        assert name == name.lower()
        assert full_name.strip()
        assert email.endswith("@example.org") and email.count("@") == 1
    assert [len(group) for group in PEOPLE.values()] == [3, 2, 2, 1]


def test_sections_have_unique_keys_titles_bodies_and_known_authors() -> None:
    keys = [section.key for section in content.SECTIONS]
    assert len(set(keys)) == len(keys)
    assert 6 <= len(keys) <= 10
    assert keys[0] == "introduction" and keys[-1] == "recommendations"
    for section in content.SECTIONS:
        assert SLUG.match(section.key), section.key
        assert set(section.titles) == set(LANGUAGES), section.key
        assert set(section.bodies) == set(LANGUAGES), section.key
        for lang in LANGUAGES:
            assert section.titles[lang].strip(), (section.key, lang)
            assert section.bodies[lang].strip(), (section.key, lang)
            assert section.titles[lang] == section.titles[lang].strip()
        assert section.author in names(content.AUTHORS), section.key
    assert {section.author for section in content.SECTIONS} == names(content.AUTHORS)


@pytest.mark.parametrize(("what", "text"), english_texts())
def test_english_text_is_of_section_length(what: str, text: str) -> None:
    assert 150 <= len(WORD.findall(text)) <= 350, what


def test_second_drafts_come_in_every_language_and_each_edit_applies_once() -> None:
    drafts = [section for section in content.SECTIONS if section.second_draft]
    assert drafts
    for section in drafts:
        assert set(section.second_draft) == set(LANGUAGES), section.key
        for lang in LANGUAGES:
            # The second draft is made on the text with its suggestions accepted.
            text = section.bodies[lang]
            for exact, replacement in content.suggested_edits(section, lang):
                text = text.replace(exact, replacement)
            assert section.second_draft[lang], (section.key, lang)
            for exact, replacement in section.second_draft[lang]:
                assert text.count(exact) == 1, (section.key, lang, exact)
                assert replacement != exact, (section.key, lang)
                text = text.replace(exact, replacement)
            assert text == approved_body(section, lang)
            assert footnotes(text) == footnotes(section.bodies[lang]), (section.key, lang)


def test_comments_quote_their_section_once_and_come_from_reviewers() -> None:
    assert 4 <= len(content.COMMENTS) <= 6
    assert any(comment.replacement is not None for comment in content.COMMENTS)
    assert any(comment.replacement is None for comment in content.COMMENTS)
    for comment in content.COMMENTS:
        assert comment.section in SECTIONS, comment.section
        assert comment.reviewer in names(content.REVIEWERS), comment.reviewer
        assert comment.body.strip()
        assert SECTIONS[comment.section].bodies["en"].count(comment.exact) == 1, comment.exact
        assert comment.replacement != comment.exact


def test_every_suggestion_has_its_counterpart_in_each_translation() -> None:
    for comment in content.COMMENTS:
        if comment.replacement is None:
            assert comment.translations == {}, comment.section
            continue
        assert set(comment.translations) == {"es", "fr"}, comment.section
        section = SECTIONS[comment.section]
        for lang in LANGUAGES:
            exact, replacement = change(comment, lang)
            assert replacement != exact, (comment.section, lang)
            assert section.bodies[lang].count(exact) == 1, (comment.section, lang, exact)
            assert replacement not in section.bodies[lang], (comment.section, lang)
            # The demo accepts every suggestion, then saves any second draft over the result:
            # the approved text, second draft or not, carries the change.
            approved = approved_body(section, lang)
            assert approved.count(replacement) == 1, (comment.section, lang, replacement)
            assert exact not in approved, (comment.section, lang, exact)


@pytest.mark.parametrize("section", content.SECTIONS, ids=lambda s: s.key)
def test_translations_change_exactly_where_the_english_changed(section: DemoSection) -> None:
    english = changed_lines(section.bodies["en"], approved_body(section, "en"))
    reviewed = bool(section.second_draft) or any(c.section == section.key for c in SUGGESTIONS)
    assert bool(english) == reviewed, section.key
    for lang in ("es", "fr"):
        assert changed_lines(section.bodies[lang], approved_body(section, lang)) == english, lang


def test_no_reviewer_approves_a_text_they_co_wrote_by_a_suggestion() -> None:
    # The demo approves the English text of section i with reviewer i % 2; an accepted
    # suggestion makes its reviewer a co-author of the text unless a second draft follows.
    reviewers = [name for name, _full, _email in content.REVIEWERS]
    for i, section in enumerate(content.SECTIONS):
        if section.second_draft:
            continue
        suggesters = {
            c.reviewer
            for c in content.COMMENTS
            if c.section == section.key and c.replacement is not None
        }
        assert reviewers[i % len(reviewers)] not in suggesters, section.key


def test_bibliography_is_csl_json_with_unique_ids() -> None:
    entries = bibliography()
    assert 4 <= len(entries) <= 12
    ids = [entry["id"] for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert isinstance(entry["id"], str) and CITATION.fullmatch("@" + entry["id"]), entry
        assert entry["type"] and entry["title"], entry["id"]
        # A web page may name no date; every publication does.
        assert entry["type"] == "webpage" or entry["issued"]["date-parts"], entry["id"]


def test_every_citation_names_a_reference_and_every_reference_is_cited() -> None:
    known = {entry["id"] for entry in bibliography()}
    cited: set[str] = set()
    for what, text in all_texts():
        for key in citations(text):
            assert key in known, f"{what} cites unknown @{key}"
            cited.add(key)
    assert cited == known


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("section", content.SECTIONS, ids=lambda s: s.key)
def test_translations_mirror_the_english_structure(section: DemoSection, stage: str) -> None:
    text = STAGES[stage]
    english = text(section, "en")
    for lang in ("es", "fr"):
        body = text(section, lang)
        assert footnotes(body) == footnotes(english), lang
        assert citations(body) == citations(english), lang
        assert len(TABLE_ROW.findall(body)) == len(TABLE_ROW.findall(english)), lang
        assert len(LIST_ITEM.findall(body)) == len(LIST_ITEM.findall(english)), lang
        assert body.count("\n\n") == english.count("\n\n"), lang


def test_the_paper_uses_footnotes_a_table_a_list_and_citations() -> None:
    english = [section.bodies["en"] for section in content.SECTIONS]
    assert sum(footnotes(body) > 0 for body in english) >= 3
    assert sum(bool(TABLE_ROW.search(body)) for body in english) >= 1
    assert any(re.search(r"^- ", body, re.MULTILINE) for body in english)
    assert sum(bool(citations(body)) for body in english) >= 4


@pytest.mark.parametrize(("what", "text"), all_texts())
def test_markdown_stays_plain(what: str, text: str) -> None:
    assert "<" not in text and ">" not in text, f"{what}: no raw HTML"
    assert "\\" not in text and "$" not in text, f"{what}: no TeX"
    assert "\r" not in text and "\t" not in text, what
    assert text == text.strip() and "\n\n\n" not in text, what
    assert all(line == line.rstrip() for line in text.split("\n")), what


def _pandoc_counts(markdown: str) -> list[Counter[str]]:
    """Element counts per level-1 section, as pandoc reads the Markdown."""
    pypandoc = pytest.importorskip("pypandoc")
    out = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sections: list[Counter[str]] = []

    def walk(node: Any, counts: Counter[str]) -> None:
        if isinstance(node, dict):
            if "t" in node:
                counts[node["t"]] += 1
            for value in node.values():
                walk(value, counts)
        elif isinstance(node, list):
            for value in node:
                walk(value, counts)

    for block in json.loads(out)["blocks"]:
        if block["t"] == "Header" and block["c"][0] == 1:
            sections.append(Counter())
        else:
            walk(block, sections[-1])
    return sections


@pytest.mark.parametrize("stage", STAGES)
def test_pandoc_reads_the_same_structure_in_every_language(stage: str) -> None:
    kinds = (
        "Header",
        "Note",
        "Cite",
        "Table",
        "BulletList",
        "OrderedList",
        "Para",
        "RawInline",
        "RawBlock",
    )
    text = STAGES[stage]
    read = {
        lang: _pandoc_counts("\n\n".join(f"# {s.key}\n\n{text(s, lang)}" for s in content.SECTIONS))
        for lang in LANGUAGES
    }
    for lang in LANGUAGES:
        assert len(read[lang]) == len(content.SECTIONS)
    for i, section in enumerate(content.SECTIONS):
        english = read["en"][i]
        assert english["RawInline"] == english["RawBlock"] == 0, section.key
        assert english["Note"] == footnotes(text(section, "en")), section.key
        assert english["Cite"] == len(citations(text(section, "en"))), section.key
        for lang in ("es", "fr"):
            assert [read[lang][i][k] for k in kinds] == [english[k] for k in kinds], (
                section.key,
                lang,
            )


def test_an_installed_accord_carries_every_text_file() -> None:
    # The texts are package data: each file must match a pattern pyproject ships.
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["services.demo"]
    folder = root / "services" / "demo"
    files = [p.relative_to(folder).as_posix() for p in (folder / "text").rglob("*") if p.is_file()]
    assert len(files) == 1 + len(content.SECTIONS) * len(content.PAPER["languages"])
    unshipped = [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    assert unshipped == []


def test_the_practices_are_cited_with_their_sources_from_three_regions() -> None:
    known = {entry["id"] for entry in bibliography()}
    english = "\n".join(content.approved_body(s, "en") for s in content.SECTIONS)
    regions = set()
    for practice in PRACTICES:
        assert set(practice.sources) <= known, practice.key
        assert len(practice.evidence) == len(practice.texts["en"][2]), practice.key
        for lang in ("en", "es", "fr"):
            body = "\n".join(content.approved_body(s, lang) for s in content.SECTIONS)
            assert citation(practice.key) in body, (practice.key, lang)
            assert len(practice.texts[lang][2]) == len(practice.texts["en"][2])
        # Each practice's sources are cited where the practice is.
        for source in practice.sources:
            assert f"@{source}" in english
        regions.add(top_region(region_of(practice.country) or ""))
    assert regions == {"002", "019", "142"}  # Africa, the Americas (Latin America), Asia
