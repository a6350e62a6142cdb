"""The annex of the practices a paper cites, and what the filter needs to print citations.

The annex follows the references: a heading, the figure (practices by region and
approach), then the practices grouped by region, each with its place, period, actors,
approaches, outcomes with the strength of their evidence, and its sources as citations
of the paper's bibliography (so that they are listed among the references too).

Every word of a practice is the catalogue's, written by members: it enters the Markdown
escaped (`escape_inline`), as section titles do, so it can open no markup, no link, no
image and no citation. Only the source ids, checked against the bibliography, become
citations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from services.render.annex_labels import (
    AnnexLabels,
    annex_labels,
    country_name,
    region_name,
    term,
)
from services.render.assemble import SECTION_CLASS, escape_inline
from services.render.figure import draw_svg, matrix_of
from services.render.fonts import FontSet
from services.render.labels import Labels
from services.render.untranslated import language_name
from workflows.practice_render import RenderPractice
from workflows.rendering import Edition

# The name the annex's Markdown gives its figure: a colon is in no image name a paper can
# have (`drafts.images.IMAGE_NAME`), so no image of the paper can take its place.
FIGURE_NAME = "accord:practices-figure"
ANNEX_ID = "accord-annex"
# What pandoc reads as one citation key without braces (its own rule, simplified: word
# characters with inner punctuation from its list).
_PLAIN_CITEKEY = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_:.#$%&+?<>~/-]*[A-Za-z0-9_])?")
_PPI = 200  # the DOCX's picture of the figure: sharp in print at its width of 16 cm


def anchor(key: str) -> str:
    """The identifier of a practice's entry in the annex (keys are slugs)."""
    return f"practice-{key}"


def has_annex(edition: Edition) -> bool:
    return bool(edition.practices)


def _bibliography_ids(edition: Edition) -> frozenset[str]:
    if not edition.bibliography:
        return frozenset()
    try:
        entries = json.loads(edition.bibliography)
    except ValueError:
        return frozenset()
    if not isinstance(entries, list):
        return frozenset()
    return frozenset(str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e)


def annex_cites(edition: Edition) -> bool:
    """Whether the annex cites entries of the bibliography (citeproc must then run)."""
    ids = _bibliography_ids(edition)
    return any(s in ids for p in edition.practices for s in p.sources)


def _citation(ids: list[str]) -> str:
    keys = [f"@{i}" if _PLAIN_CITEKEY.fullmatch(i) else f"@{{{_braced(i)}}}" for i in ids]
    return "[" + "; ".join(keys) + "]"


def _braced(key: str) -> str:
    # Inside @{...} pandoc ends the key at the first "}": none may be in it.
    return key.replace("}", "").replace("{", "")


def _period(practice: RenderPractice) -> str:
    start, end = practice.start_year, practice.end_year
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    if start:
        return f"{start}–"
    return f"–{end}" if end else ""


def _join(words: list[str], language: str) -> str:
    separator = {"zh": "、", "ar": "، "}.get(language, ", ")
    return separator.join(words)


def _mark(practice: RenderPractice, field: str, labels: Labels, words: AnnexLabels) -> str:
    """After a field shown in the source's words: the note saying so, as sections have."""
    source = practice.source_language
    if field not in practice.from_source or not source or source == labels.language:
        return ""
    name = language_name(practice.source_language, labels.language)
    return " *(" + escape_inline(words.original.format(language=name)) + ")*"


def _entry(practice: RenderPractice, edition: Edition, labels: Labels, ids: frozenset[str]) -> str:
    words = annex_labels(labels.language)
    language = labels.language
    title = escape_inline(words.practice.format(n=practice.number))
    heading = (
        f"### {title}. {escape_inline(practice.name)}{_mark(practice, 'name', labels, words)}"
        f" {{#{anchor(practice.key)} .unnumbered}}"
    )
    lines = [heading]
    if not practice.verified:
        lines.append(f"**\\[{escape_inline(words.unverified)}\\]**")
    if practice.summary:
        lines.append(escape_inline(practice.summary) + _mark(practice, "summary", labels, words))
    items: list[str] = []
    place = [practice.city] if practice.city else []
    if practice.country:
        place.append(country_name(practice.country, language))
    if place:
        items.append(_item(words.location, _join(place, language)))
    if period := _period(practice):
        items.append(_item(words.period, period))
    if practice.actors:
        actors = [term(a, language) for a in practice.actors]
        items.append(_item(words.actors, _join(actors, language)))
    if practice.approaches:
        approaches = [term(a, language) for a in practice.approaches]
        items.append(_item(words.approaches, _join(approaches, language)))
    if practice.outcomes:
        evidence = escape_inline(words.evidence)
        outcomes = "; ".join(
            f"{escape_inline(text)} ({evidence}: {escape_inline(term(strength, language))})"
            for text, strength in practice.outcomes
        )
        mark = _mark(practice, "outcomes", labels, words)
        items.append(f"- **{escape_inline(words.outcomes)}:** {outcomes}{mark}")
    cited = [s for s in practice.sources if s in ids]
    shown = [s for s in practice.sources if s not in ids]
    if cited or shown:
        parts = ([_citation(cited)] if cited else []) + [escape_inline(s) for s in shown]
        items.append(f"- **{escape_inline(words.sources)}:** " + _join(parts, language))
    if items:
        lines.append("\n".join(items))
    return "\n\n".join(lines)


def _item(label: str, value: str) -> str:
    return f"- **{escape_inline(label)}:** {escape_inline(value)}"


def groups(edition: Edition) -> list[tuple[str, list[RenderPractice]]]:
    """The practices by the area they are listed under, in annex order."""
    out: dict[str, list[RenderPractice]] = {}
    for practice in sorted(edition.practices, key=lambda p: p.number):
        out.setdefault(practice.group, []).append(practice)
    return list(out.items())


def _approach_order(edition: Edition) -> list[str]:
    seen: dict[str, None] = {}
    for practice in sorted(edition.practices, key=lambda p: p.number):
        for approach in practice.approaches:
            seen.setdefault(approach, None)
    return list(seen)


def has_figure(edition: Edition) -> bool:
    return bool(_approach_order(edition))


def annex_markdown(edition: Edition, labels: Labels) -> str:
    """The annex's Markdown, to follow the references."""
    words = annex_labels(labels.language)
    ids = _bibliography_ids(edition)
    parts = [
        f"# {escape_inline(words.annex)} {{#{ANNEX_ID} .{SECTION_CLASS} .unnumbered}}",
        f"**{escape_inline(words.title)}**",
    ]
    if has_figure(edition):
        parts.append(f"![{escape_inline(words.figure_caption)}]({FIGURE_NAME}){{width=100%}}")
    for group, practices in groups(edition):
        name = region_name(group, labels.language) if group else words.other_region
        parts.append(f"## {escape_inline(name)} {{.unnumbered}}")
        parts.extend(_entry(p, edition, labels, ids) for p in practices)
    return "\n\n".join(parts)


def figure_svg(edition: Edition, labels: Labels, fonts: FontSet) -> bytes:
    """The figure of the annex: practices by region (rows) and approach (columns)."""
    language = labels.language
    words = annex_labels(language)
    regions = [
        (group, region_name(group, language) if group else words.other_region)
        for group, _ in groups(edition)
    ]
    approaches = [(a, term(a, language)) for a in _approach_order(edition)]
    matrix = matrix_of(
        regions,
        approaches,
        [(p.group, p.approaches) for p in edition.practices],
        rtl=labels.rtl,
    )
    return draw_svg(matrix, fonts, language)


def figure_png_source(svg_file: str) -> str:
    """A Typst document that is only the figure, to be compiled to the DOCX's PNG: Typst
    shapes the words as it does in the PDF."""
    return (
        "#set page(width: auto, height: auto, margin: 0pt, fill: white)\n"
        f'#image("{svg_file}", format: "svg", width: 16cm)\n'
    )


def citation_config(edition: Edition, labels: Labels) -> dict[str, object]:
    """What the filter prints for each citation: a link to the practice's entry, with its
    label, marked in a draft when the practice is not verified; and the mark for a
    citation of no known practice."""
    words = annex_labels(labels.language)
    open_, close = ("（", "）") if labels.language == "zh" else ("(", ")")
    cited: dict[str, dict[str, object]] = {}
    for practice in edition.practices:
        label = words.practice.format(n=practice.number)
        entry: dict[str, object] = {"target": "#" + anchor(practice.key)}
        if practice.verified:
            entry["text"] = f"{open_}{label}{close}"
        else:
            entry["text"] = f"[{label}: {words.unverified}]"
            entry["marked"] = True
        cited[practice.key] = entry
    return {"practices": cited, "practice_unknown": "[" + words.unknown + "]"}


def stage_figure(
    edition: Edition,
    labels: Labels,
    fonts: FontSet,
    folder: Path,
    fmt: str,
    png: Callable[[str, Path, float], bytes],
) -> dict[str, dict[str, str]]:
    """Write the figure into the render's image folder: the SVG for Typst (PDF), a PNG
    made from it by `png(source, root, ppi)` for the DOCX. Returns the filter's image entry."""
    if not has_figure(edition):
        return {}
    svg = figure_svg(edition, labels, fonts)
    (folder / "practices-figure.svg").write_bytes(svg)
    if fmt == "pdf":
        return {FIGURE_NAME: {"file": "practices-figure.svg", "mime": "image/svg+xml"}}
    data = png(figure_png_source("practices-figure.svg"), folder, _PPI)
    (folder / "practices-figure.png").write_bytes(data)
    return {FIGURE_NAME: {"file": "practices-figure.png", "mime": "image/png"}}
