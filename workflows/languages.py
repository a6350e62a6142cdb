"""The languages of a paper: adding one, and retiring one that holds no text."""

from __future__ import annotations

from dataclasses import replace

from drafts.access import Action, authorize
from drafts.commands import AddLanguage, RetireLanguage
from drafts.errors import InvalidTransition
from drafts.events import LanguageAdded, LanguageRetired, MembershipChanged
from drafts.model import Paper, Role, Track, check_languages
from workflows.papers import load_paper
from workflows.ports import UnitOfWork
from workflows.practice_ports import PracticeUnitOfWork


async def add_language(cmd: AddLanguage, uow: UnitOfWork) -> tuple[Paper, bool]:
    """The paper with the language added (a text per section, none written yet), and
    whether it was new: adding a language the paper has changes nothing."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    check_languages([cmd.language], "language")
    if cmd.language in paper.languages:
        return paper, False
    updated = replace(paper, languages=(*paper.languages, cmd.language))
    await uow.papers.update(updated)
    for section in await uow.sections.list(paper, include_retired=True):
        await uow.tracks.add(section, Track(section=section.key, language=cmd.language))
    uow.record(LanguageAdded(actor=cmd.actor, paper=paper.slug, language=cmd.language))
    return updated, True


async def retire_language(cmd: RetireLanguage, uow: PracticeUnitOfWork) -> Paper:
    """The paper without the language. Only a language without any text may go (its
    titles go with it, kept in the event): text is history, and history is never lost.
    Versions already frozen keep the language and their files."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    language = paper.require_language(cmd.language)
    if language == paper.source_language:
        raise InvalidTransition(f"{language!r} is the source language; it cannot be retired")
    tracks = [t for t in await uow.tracks.for_paper(paper) if t.language == language]
    written = sorted({t.section for t in tracks if t.head})
    if written:
        raise InvalidTransition(
            f"{language!r} has text in {len(written)} section(s); a language with text "
            "cannot be retired",
            sections=written,
        )
    translated = sorted(
        p.key for p in await uow.practices.all_of(paper, retired=True) if language in p.texts
    )
    if translated:
        raise InvalidTransition(
            f"{language!r} has the text of {len(translated)} practice(s); a language with "
            "text cannot be retired",
            practices=translated,
        )
    sections = await uow.sections.list(paper, include_retired=True)
    section_titles = {s.key: s.titles[language] for s in sections if language in s.titles}
    for section in sections:
        if language in section.titles:
            section.titles = {k: v for k, v in section.titles.items() if k != language}
            await uow.sections.update(paper, section)
    for track in tracks:
        await uow.tracks.remove(track)
    updated = replace(
        paper,
        languages=tuple(lang for lang in paper.languages if lang != language),
        titles={k: v for k, v in paper.titles.items() if k != language},
        forums={k: v for k, v in paper.forums.items() if k != language},
    )
    await uow.papers.update(updated)
    await _narrow_members(uow, updated, language, cmd.actor)
    uow.record(
        LanguageRetired(
            actor=cmd.actor,
            paper=paper.slug,
            language=language,
            title=paper.titles.get(language),
            forum=paper.forums.get(language),
            section_titles=section_titles,
        )
    )
    return updated


async def _narrow_members(uow: UnitOfWork, paper: Paper, language: str, actor: str) -> None:
    """Roles limited to the retired language lose it; a role left with none goes."""
    for user, limits in list(paper.member_languages.items()):
        if not any(language in langs for langs in limits.values()):
            continue
        roles = set(paper.members[user])
        kept: dict[Role, tuple[str, ...]] = {}
        for role, langs in limits.items():
            rest = tuple(lang for lang in langs if lang != language)
            if rest:
                kept[role] = rest
            else:
                roles.discard(role)
        await uow.papers.set_member(
            paper, user, frozenset(roles), {r.value: v for r, v in kept.items()}
        )
        paper.members[user] = frozenset(roles)
        paper.member_languages[user] = kept
        uow.record(
            MembershipChanged(
                actor=actor,
                paper=paper.slug,
                user=user,
                roles=tuple(sorted(roles)),
                languages={r.value: list(v) for r, v in sorted(kept.items())},
            )
        )
