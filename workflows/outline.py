"""The outline of a paper: its sections, their order, titles and authors."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.access import Action, authorize
from drafts.commands import AddSection, ReorderOutline, RetireSection, UpdateSection
from drafts.errors import AlreadyExists, InvalidRequest, NotFound
from drafts.events import OutlineReordered, SectionAdded, SectionRetired, SectionUpdated
from drafts.model import Paper, Role, Section, Track, check_slug, check_titles
from workflows.papers import load_paper
from workflows.ports import UnitOfWork

MAX_SECTIONS = 1000


def _check_authors(paper: Paper, authors: tuple[str, ...]) -> tuple[str, ...]:
    not_authors = [a for a in authors if Role.AUTHOR not in paper.roles_of(a)]
    if not_authors:
        raise InvalidRequest(
            f"{', '.join(map(repr, not_authors))} must be members of the paper with the "
            "author role before being assigned a section"
        )
    if len(set(authors)) != len(authors):
        raise InvalidRequest("an author is listed twice")
    return authors


async def load_section(uow: UnitOfWork, paper: Paper, key: str) -> Section:
    section = await uow.sections.get(paper, key)
    if section is None:
        raise NotFound(f"paper {paper.slug!r} has no section {key!r}")
    return section


async def add_section(cmd: AddSection, uow: UnitOfWork) -> Section:
    """The new section, placed at `position` (1-based) or last, with a track per language."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    check_slug(cmd.key, "section key")
    titles = check_titles(cmd.titles, paper.languages, "titles")
    if paper.source_language not in titles:
        raise InvalidRequest("a section needs a title in the paper's source language")
    authors = _check_authors(paper, cmd.authors)
    existing = await uow.sections.get(paper, cmd.key)
    if existing is not None:
        if existing.retired:
            raise AlreadyExists(
                f"section {cmd.key!r} was retired and keeps its key (its history is read by "
                "it); choose another key"
            )
        raise AlreadyExists(f"section {cmd.key!r} already exists")
    sections = await uow.sections.list(paper)
    if len(sections) >= MAX_SECTIONS:
        raise InvalidRequest(f"a paper has at most {MAX_SECTIONS} sections")
    position = len(sections) + 1 if cmd.position is None else cmd.position
    if not 1 <= position <= len(sections) + 1:
        raise InvalidRequest(f"position must be between 1 and {len(sections) + 1}")
    for later in sections[position - 1 :]:
        later.position += 1
        await uow.sections.update(paper, later)
    section = await uow.sections.add(
        paper, Section(key=cmd.key, position=position, titles=titles, authors=authors)
    )
    for language in paper.languages:
        await uow.tracks.add(section, Track(section=section.key, language=language))
    uow.record(
        SectionAdded(
            actor=cmd.actor,
            paper=paper.slug,
            section=section.key,
            position=position,
            titles=titles,
            authors=authors,
        )
    )
    return section


async def update_section(cmd: UpdateSection, uow: UnitOfWork) -> Section:
    """The section with new titles (merged per language) and/or a new list of authors."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    section = await load_section(uow, paper, cmd.key)
    section.require_open()
    changes: dict[str, object] = {}
    if cmd.titles is not None:
        section.titles = {
            **section.titles,
            **check_titles(cmd.titles, paper.languages, "titles"),
        }
        changes["titles"] = cmd.titles
    if cmd.authors is not None:
        section.authors = _check_authors(paper, cmd.authors)
        changes["authors"] = list(cmd.authors)
    if changes:
        await uow.sections.update(paper, section)
        uow.record(
            SectionUpdated(actor=cmd.actor, paper=paper.slug, section=section.key, changes=changes)
        )
    return section


async def reorder_outline(cmd: ReorderOutline, uow: UnitOfWork) -> list[Section]:
    """The sections in the new order, which must name every section once."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    sections = {s.key: s for s in await uow.sections.list(paper)}
    if sorted(cmd.order) != sorted(sections):
        raise InvalidRequest("order must name every section of the paper exactly once")
    for position, key in enumerate(cmd.order, start=1):
        if sections[key].position != position:
            sections[key].position = position
            await uow.sections.update(paper, sections[key])
    uow.record(OutlineReordered(actor=cmd.actor, paper=paper.slug, order=cmd.order))
    return [sections[k] for k in cmd.order]


async def retire_section(cmd: RetireSection, uow: UnitOfWork) -> Section:
    """The section, retired: out of the outline, the status and every new version, while
    its texts, comments and reviews stay readable and the versions that hold it keep it."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    section = await load_section(uow, paper, cmd.key)
    section.require_open()
    for later in await uow.sections.list(paper):
        if later.position > section.position:
            later.position -= 1
            await uow.sections.update(paper, later)
    section.retired_at = datetime.now(UTC)
    await uow.sections.update(paper, section)
    uow.record(SectionRetired(actor=cmd.actor, paper=paper.slug, section=section.key))
    return section


async def list_sections(
    uow: UnitOfWork, slug: str, user: str, *, include_retired: bool = False
) -> list[Section]:
    """The outline, in order (with `include_retired`, the retired sections too)."""
    paper = await load_paper(uow, slug, user)
    return await uow.sections.list(paper, include_retired=include_retired)
