"""The DOCX made from section pieces: the bytes of a cold render, and a sound package.

Real pandoc: one renderer renders a paper, then the paper changed (a section edited,
added, removed, moved), mostly from its cached pieces; a fresh renderer renders the
changed paper cold; the files must be equal byte for byte. The sections hold footnotes,
lists (bulleted, numbered, nested), tables, links (in the text and in notes) and links
between sections, in English, Arabic and Chinese. Then the package itself: every id that
is numbered through the document (footnotes, bookmarks, lists, relationships, table
labels) is unique and points at what it names.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from lxml import etree

from services.render import PandocRenderer, segments
from services.render.docx_pieces import TABLE_NUMERAL
from services.render.labels import labels_for
from services.render.segments import piecewise
from workflows.rendering import Edition, RenderSection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

TEXT = {
    "en": ("Cities are where peace is built.", "A note.", "One more sentence."),
    "ar": ("المدن هي المكان الذي يبنى فيه السلام UN-Habitat.", "حاشية.", "جملة جديدة."),
    "zh": ("城市是建设和平的地方。", "中文脚注。", "新加的一句话。"),
}


def body(lang: str, n: int) -> str:
    sentence, note, _ = TEXT[lang]
    parts = [
        f"{sentence} {n}[^a] *{sentence[:5]}* [UN](https://un.org/{n}) [next](#sec-s{n + 1}).",
        f"[^a]: {note} [source](https://example.org/{n % 3})",
        f"- {sentence}\n    - {n}\n- {note}",
        f"1. {sentence}\n2. {note}",
        f"Second note^[{note} {n}].",
    ]
    if n % 2 == 0:
        parts.append(f"| A | B |\n|---|---:|\n| {sentence} | {n} |\n\n: {note}")
    return "\n\n".join(parts) + "\n"


def paper(lang: str, count: int = 7) -> Edition:
    sections = tuple(
        RenderSection(
            key=f"s{n}", number=str(n), title=f"{TEXT[lang][0][:8]} {n}", body=body(lang, n)
        )
        for n in range(1, count + 1)
    )
    return Edition(
        paper_title="Pieces",
        symbol="A/CONF.226/2",
        forum="Habitat III",
        date=datetime.date(2016, 7, 12),
        language=lang,
        source_language=lang,
        version="0.3",
        kind="draft",
        distribution="general",
        sections=sections,
    )


def edited(ed: Edition) -> Edition:
    sections = list(ed.sections)
    sections[2] = dataclasses.replace(
        sections[2], body=sections[2].body + f"\n{TEXT[ed.language][2]}^[{TEXT[ed.language][1]}]\n"
    )
    return dataclasses.replace(ed, sections=tuple(sections))


def added(ed: Edition) -> Edition:
    new = dataclasses.replace(ed.sections[1], key="s-new", title="New", body=body(ed.language, 40))
    return dataclasses.replace(ed, sections=(*ed.sections[:3], new, *ed.sections[3:]))


def removed(ed: Edition) -> Edition:
    return dataclasses.replace(ed, sections=ed.sections[:1] + ed.sections[2:])


def reordered(ed: Edition) -> Edition:
    first, second, *rest = ed.sections
    return dataclasses.replace(ed, sections=(second, first, *rest))


CHANGES: dict[str, Callable[[Edition], Edition]] = {
    "edited": edited,
    "added": added,
    "removed": removed,
    "reordered": reordered,
}


@pytest.fixture(scope="module")
def warm() -> PandocRenderer:
    return PandocRenderer()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_docx_from_cached_pieces_equals_a_cold_render(
    warm: PandocRenderer, lang: str, change: str
) -> None:
    before = paper(lang)
    after = CHANGES[change](before)
    assert piecewise(before) and piecewise(after)
    warm.render(before, "docx")
    hits = warm.pieces.hits
    incremental = warm.render(after, "docx")
    # A section's piece is kept while its Markdown is: its footnote labels carry its
    # place in the paper, so the sections after one added or removed are made again.
    assert warm.pieces.hits - hits >= (len(before.sections) - 1 if change == "edited" else 1)
    cold = PandocRenderer()
    assert incremental == cold.render(after, "docx")
    assert cold.pieces.hits == 0
    check_package(incremental, after)


def test_pieces_do_not_depend_on_the_batch_they_were_made_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ed = paper("en")
    together = PandocRenderer()
    data = together.render(ed, "docx")
    monkeypatch.setattr(segments, "BATCH", 2)
    apart = PandocRenderer()
    assert apart.render(ed, "docx") == data


def check_package(data: bytes, ed: Edition) -> None:
    files = parts(data)
    document = etree.fromstring(files["word/document.xml"])
    notes = etree.fromstring(files["word/footnotes.xml"])
    numbering = etree.fromstring(files["word/numbering.xml"])
    # Footnotes: each reference has a note of its own, in order.
    references = [r.get(f"{W}id") for r in document.iter(f"{W}footnoteReference")]
    note_ids = [n.get(f"{W}id") for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert references == note_ids
    written = sum(s.body.count("^[") + s.body.count("[^a]:") for s in ed.sections)
    assert len(set(references)) == len(references) == written
    # Bookmarks: unique ids, each start with its end; one per section, named for it.
    starts = [b.get(f"{W}id") for b in document.iter(f"{W}bookmarkStart")]
    ends = [b.get(f"{W}id") for b in document.iter(f"{W}bookmarkEnd")]
    assert len(set(starts)) == len(starts) and sorted(starts) == sorted(ends)
    names = [b.get(f"{W}name") for b in document.iter(f"{W}bookmarkStart")]
    assert [f"sec-{s.key}" for s in ed.sections] == [n for n in names if n.startswith("sec-")]
    # Lists: every list of every section is an instance of its own, defined.
    nums = {n.get(f"{W}numId"): n for n in numbering.iter(f"{W}num")}
    abstracts = {a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")}
    assert len(nums) == len(numbering.findall(f"{W}num"))
    used: list[str] = []
    for root in (document, notes):
        for element in root.iter(f"{W}numId"):
            assert element.get(f"{W}val") in nums
            used.append(element.get(f"{W}val"))
    for num in nums.values():
        assert num.find(f"{W}abstractNumId").get(f"{W}val") in abstracts
    # Three lists a section (bulleted, its nested level, numbered), none shared.
    assert len(set(used)) >= 3 * len(ed.sections)
    tags = [child.tag for child in numbering]
    assert tags == sorted(tags, key=lambda tag: tag != f"{W}abstractNum")
    # Links: each relationship id names an external link of its own part.
    for part, root in (("document", document), ("footnotes", notes)):
        rels = etree.fromstring(files[f"word/_rels/{part}.xml.rels"])
        targets = {r.get("Id"): r for r in rels.iter(f"{PKG}Relationship")}
        for link in root.iter(f"{W}hyperlink"):
            if link.get(f"{R}id") is not None:
                rel = targets[link.get(f"{R}id")]
                assert rel.get("TargetMode") == "External"
                assert rel.get("Target").startswith(("https://un.org/", "https://example.org/"))
    anchors = {a.get(f"{W}anchor") for a in document.iter(f"{W}hyperlink")} - {None}
    assert anchors and all(anchor.startswith("sec-s") for anchor in anchors)
    # Table labels numbered through the document, no placeholder left.
    xml = files["word/document.xml"].decode()
    assert TABLE_NUMERAL not in xml and "\ue000" not in xml
    labels = labels_for(ed.language)
    tables = len(list(document.iter(f"{W}tbl")))
    captions = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in document.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
        and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "TableCaption"
    ]
    assert [c.startswith(labels.table(n)) for n, c in enumerate(captions, start=1)] == [
        True
    ] * tables
    # The contents list every section, in order.
    contents = re.findall(r'w:anchor="(sec-[^"]+)" w:history', xml)
    assert contents == [f"sec-{s.key}" for s in ed.sections]


def test_a_section_whose_docx_cannot_be_cut_renders_whole(warm: PandocRenderer) -> None:
    # A Word comment lives in a part of its own that pieces do not carry.
    ed = paper("en", 3)
    commented = dataclasses.replace(
        ed.sections[1],
        body='Text [seen]{.comment-start id="1" author="A"} here []{.comment-end id="1"}.\n',
    )
    ed = dataclasses.replace(ed, sections=(ed.sections[0], commented, ed.sections[2]))
    assert piecewise(ed)
    data = warm.render(ed, "docx")
    assert data == PandocRenderer().render(ed, "docx")
    comments = etree.fromstring(parts(data)["word/comments.xml"])
    assert [c.get(f"{W}author") for c in comments.iter(f"{W}comment")] == ["A"]
