"""What one language of a version is made of, and the hash that says two renders are equal.

An edition is built only from the frozen version (its manifest and paper snapshot) and
the revisions and images it names, so the same version always gives the same edition.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date

from drafts.errors import NotFound
from drafts.house_style import HouseStyle
from drafts.model import Paper, Untranslated
from drafts.publications import ManifestEntry, Publication, PublicationKind
from workflows.ports import UnitOfWork
from workflows.practice_citations import render_practices
from workflows.rendering import Edition, RenderImage, RenderSection

# Bumped whenever the renderer's output changes for the same inputs, so that reuse never
# hands out a file made by an older renderer.
RENDERER_GENERATION = "3"  # 3: the UN Editorial Manual's house style in six languages


def images_shown(publication: Publication, bodies: dict[str, str]) -> dict[str, str]:
    """The SHA-256 of each of the version's images that these texts name, by name.

    Only these go into a language's file, so an image that another language's text shows
    neither changes this language's inputs nor is loaded to render it.
    """
    frozen: dict[str, str] = publication.paper.get("images", {})
    text = "\n".join(bodies.values())
    return {name: sha for name, sha in sorted(frozen.items()) if name in text}


def edition_of(
    publication: Publication,
    language: str,
    bodies: dict[str, str],
    images: dict[str, bytes] | None = None,
) -> Edition:
    """The document to render for one language, made only from the frozen version;
    `images` holds (at least) the bytes of the images its text shows, by SHA-256."""
    paper = publication.paper
    entries = sorted(
        (e for e in publication.manifest if e.language == language), key=lambda e: e.position
    )
    shown = tuple(
        RenderImage(name, (images or {})[sha])
        for name, sha in images_shown(publication, bodies).items()
    )
    titles: dict[str, str] = paper["titles"]
    style = HouseStyle.from_dict(paper.get("house_style"))
    return Edition(
        paper_title=titles.get(language) or titles[paper["source_language"]],
        symbol=paper["symbol"],
        forum=paper.get("forums", {}).get(language) or paper["forum"],
        date=date.fromisoformat(paper["date"]) if paper["date"] else publication.created_at.date(),
        language=language,
        source_language=paper["source_language"],
        version=publication.version,
        kind="final" if publication.kind is PublicationKind.FINAL else "draft",
        distribution=paper.get("distribution", "general"),
        sections=tuple(
            _section(e, str(n), bodies[e.section], paper.get("untranslated", "source"))
            for n, e in enumerate(entries, start=1)
        ),
        bibliography=paper.get("bibliography"),
        images=shown,
        united_nations=style.united_nations,
        organ=style.organ,
        chapter_numbering=style.chapter_numbering,
        numbered_paragraphs=style.numbered_paragraphs,
        practices=render_practices(paper.get("practices"), language),
    )


def _section(entry: ManifestEntry, number: str, body: str, untranslated: str) -> RenderSection:
    """One section as printed, with what stands in for a text not written yet."""
    if entry.revision == 0:
        return RenderSection(entry.section, number, entry.title, "", missing="unwritten")
    if entry.text_language is None:
        return RenderSection(entry.section, number, entry.title, body)
    if untranslated == Untranslated.PLACEHOLDER.value:
        return RenderSection(entry.section, number, entry.title, "", missing="untranslated")
    return RenderSection(
        entry.section,
        number,
        entry.title,
        body,
        missing="untranslated",
        body_language=entry.text_language,
    )


def input_hash(edition: Edition, fmt: str) -> str:
    """Identifies everything a render depends on: equal hashes give equal files.

    The version number is left out: it names the file but is not printed in it, so a
    language whose text did not change between versions is reused, not rendered again.
    """
    inputs = {**asdict(edition), "version": None}
    # Left out when there are none, so that papers without practices keep their hashes.
    if not edition.practices:
        del inputs["practices"]
    # An image counts by its digest: equal, and far cheaper to hash than its bytes.
    inputs["images"] = [
        {"name": image.name, "sha256": hashlib.sha256(image.data).hexdigest()}
        for image in edition.images
    ]
    canonical = json.dumps(
        {"edition": inputs, "format": fmt, "generation": RENDERER_GENERATION},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def artifact_path(slug: str, publication: Publication, language: str, fmt: str) -> str:
    return f"{slug}/{publication.version}/{download_name(publication, language, fmt)}"


def download_name(publication: Publication, language: str, fmt: str) -> str:
    """A file name made of the symbol, version and language, as people file them."""
    stem = file_stem(str(publication.paper.get("symbol") or ""))
    return f"{stem}-{publication.version}-{language}.{fmt}"


def file_stem(symbol: str) -> str:
    """The document symbol as the start of a file name: A/CONF.226/14 → A-CONF.226-14."""
    stem = "".join(c if c.isalnum() or c in ".-" else "-" for c in symbol).strip("-")
    return stem or "paper"


async def load_edition(
    uow: UnitOfWork, paper: Paper, publication: Publication, language: str
) -> Edition:
    """One language of the version, with the texts and images it was frozen with."""
    bodies = await _bodies(uow, paper, publication, language)
    images = await uow.images.data(list(images_shown(publication, bodies).values()))
    return edition_of(publication, language, bodies, images)


async def _bodies(
    uow: UnitOfWork, paper: Paper, publication: Publication, language: str
) -> dict[str, str]:
    """The text each section shows in `language`, by section key: its own revision, the
    source's where it is not translated yet, nothing where no text exists yet."""
    entries = [e for e in publication.manifest if e.language == language]
    wanted: dict[str, list[tuple[str, int]]] = {}
    for entry in entries:
        if entry.revision:
            wanted.setdefault(entry.text_language or language, []).append(
                (entry.section, entry.revision)
            )
    found = {lang: await uow.revisions.bodies(paper, lang, pairs) for lang, pairs in wanted.items()}
    bodies: dict[str, str] = {}
    for entry in entries:
        if not entry.revision:
            bodies[entry.section] = ""
            continue
        text_language = entry.text_language or language
        row = found[text_language].get(entry.section)
        if row is None or row[1] != entry.content_hash:
            raise NotFound(
                f"revision {entry.revision} of {entry.section}/{text_language} is missing"
            )
        bodies[entry.section] = row[2]
    return bodies
