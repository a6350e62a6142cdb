"""Papers and their members."""

from __future__ import annotations

import json
from dataclasses import replace

from drafts.access import Action, authorize, require_member
from drafts.commands import CreatePaper, SetBibliography, SetMemberRoles, UpdatePaper
from drafts.errors import AlreadyExists, Forbidden, InvalidRequest, InvalidTransition, NotFound
from drafts.events import BibliographyChanged, MembershipChanged, PaperCreated, PaperUpdated
from drafts.model import LANGUAGE_ROLES, Paper, Role, Untranslated, User, check_languages
from drafts.practice_facts import bibliography_keys
from drafts.text import check_json_nesting, check_storable
from workflows.pages import Page, page_of
from workflows.policy import approve_where_policy_met
from workflows.ports import UnitOfWork
from workflows.practice_ports import PracticeUnitOfWork


async def load_paper(uow: UnitOfWork, slug: str, user: str) -> Paper:
    """The paper if `user` is a member of it; NotFound otherwise, as if it did not exist."""
    paper = await uow.papers.get(slug)
    if paper is None:
        raise NotFound(f"paper {slug!r} not found")
    require_member(paper, user)
    return paper


async def create_paper(cmd: CreatePaper, uow: UnitOfWork, actor: User) -> Paper:
    """The new paper, with its creator as its first secretariat member."""
    if not actor.is_admin:
        raise Forbidden("only an admin may create papers")
    paper = Paper(
        slug=cmd.slug,
        titles=cmd.titles,
        source_language=cmd.source_language,
        languages=cmd.languages,
        symbol=cmd.symbol,
        forum=cmd.forum,
        forums=cmd.forums,
        date=cmd.date,
        approvals_required=cmd.approvals_required,
        secretariat_approval_required=cmd.secretariat_approval_required,
        members={actor.name: frozenset({Role.SECRETARIAT})},
        distribution=cmd.distribution,
        house_style=cmd.house_style,
        untranslated=_untranslated(cmd.untranslated),
    )
    if await uow.papers.get(cmd.slug) is not None:
        raise AlreadyExists(f"paper {cmd.slug!r} already exists")
    paper = await uow.papers.add(paper)
    await uow.papers.set_member(paper, actor.name, frozenset({Role.SECRETARIAT}))
    uow.record(
        PaperCreated(
            actor=actor.name,
            paper=paper.slug,
            titles=paper.titles,
            source_language=paper.source_language,
            languages=paper.languages,
        ),
        MembershipChanged(
            actor=actor.name, paper=paper.slug, user=actor.name, roles=(Role.SECRETARIAT,)
        ),
    )
    return paper


async def update_paper(cmd: UpdatePaper, uow: UnitOfWork) -> Paper:
    """The paper with new values: titles and forums merge per language, the rest
    (distribution and house style among it) is replaced. Versions already requested keep
    what they were frozen with. An approval policy made easier approves the texts in
    review that now meet it."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    untranslated = _untranslated(cmd.untranslated or paper.untranslated)
    changes: dict[str, object] = {}
    updated = replace(
        paper,
        titles={**paper.titles, **(cmd.titles or {})},
        forums={**paper.forums, **(cmd.forums or {})},
        symbol=paper.symbol if cmd.symbol is None else cmd.symbol,
        forum=paper.forum if cmd.forum is None else cmd.forum,
        date=cmd.date or paper.date,
        approvals_required=cmd.approvals_required or paper.approvals_required,
        secretariat_approval_required=paper.secretariat_approval_required
        if cmd.secretariat_approval_required is None
        else cmd.secretariat_approval_required,
        untranslated=untranslated,
        distribution=paper.distribution if cmd.distribution is None else cmd.distribution,
        house_style=cmd.house_style or paper.house_style,
    )  # made anew, so that the model checks every value again
    for name in (*_COVER, *_POLICY, "untranslated", "distribution", "house_style"):
        if getattr(updated, name) != getattr(paper, name):
            value = getattr(updated, name)
            if name == "date":
                value = value.isoformat()
            elif name == "house_style":
                value = value.as_dict()
            changes[name] = value
    if changes:
        await uow.papers.update(updated)
        uow.record(PaperUpdated(actor=cmd.actor, paper=paper.slug, changes=changes))
    if any(name in changes for name in _POLICY):
        await approve_where_policy_met(uow, updated, cmd.actor)
    return updated


def _untranslated(value: str) -> Untranslated:
    try:
        return Untranslated(value)
    except ValueError:
        raise InvalidRequest("untranslated must be 'source' or 'placeholder'") from None


_COVER = ("titles", "forums", "symbol", "forum", "date")
_POLICY = ("approvals_required", "secretariat_approval_required")


async def set_member_roles(cmd: SetMemberRoles, uow: UnitOfWork) -> Paper:
    """The paper after giving `user` exactly `roles` (none removes the membership)."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    unknown = [r for r in cmd.roles if r not in {role.value for role in Role}]
    if unknown:
        raise InvalidRequest(
            f"unknown role {', '.join(map(repr, unknown))}; use " + ", ".join(r.value for r in Role)
        )
    if await uow.users.get(cmd.user) is None:
        raise NotFound(f"user {cmd.user!r} not found")
    roles = frozenset(Role(r) for r in cmd.roles)
    languages = _role_languages(paper, roles, cmd.languages)
    remaining_secretariat = [
        name
        for name, held in {**paper.members, cmd.user: roles}.items()
        if Role.SECRETARIAT in held
    ]
    if not remaining_secretariat:
        raise InvalidRequest("a paper must keep at least one secretariat member")
    await uow.papers.set_member(
        paper, cmd.user, roles, {role.value: langs for role, langs in languages.items()}
    )
    paper.member_languages.pop(cmd.user, None)
    if roles:
        paper.members[cmd.user] = roles
        if languages:
            paper.member_languages[cmd.user] = languages
    else:
        paper.members.pop(cmd.user, None)
    uow.record(
        MembershipChanged(
            actor=cmd.actor,
            paper=paper.slug,
            user=cmd.user,
            roles=tuple(sorted(roles)),
            languages={role.value: list(langs) for role, langs in sorted(languages.items())},
        )
    )
    return paper


def _role_languages(
    paper: Paper, roles: frozenset[Role], asked: dict[str, tuple[str, ...]]
) -> dict[Role, tuple[str, ...]]:
    """The languages each role is limited to, checked against the roles and the paper."""
    limited: dict[Role, tuple[str, ...]] = {}
    for name, codes in asked.items():
        role = next((r for r in roles if r.value == name), None)
        if role is None:
            raise InvalidRequest(f"languages name the role {name!r}, which is not given")
        if role not in LANGUAGE_ROLES:
            raise InvalidRequest(
                f"the {name} role cannot be limited to languages; only "
                + " and ".join(sorted(r.value for r in LANGUAGE_ROLES))
            )
        if not codes:
            raise InvalidRequest(f"languages of {name}: name at least one, or leave it out")
        check_languages(list(codes), f"languages of {name}")
        for code in codes:
            if code not in paper.languages:
                raise InvalidRequest(
                    f"languages of {name}: {code!r} is not a language of this paper"
                )
            if role is Role.TRANSLATOR and code == paper.source_language:
                raise InvalidRequest(
                    f"{code!r} is the source language: its authors write it, not translators"
                )
        limited[role] = tuple(code for code in paper.languages if code in codes)
    return limited


async def list_papers(uow: UnitOfWork, user: str, after: int, limit: int) -> Page[Paper]:
    """The papers `user` is a member of, in creation order."""
    rows = await uow.papers.list_for(user, after, limit + 1)
    return page_of(rows, limit, lambda p: p.id or 0)


MAX_BIBLIOGRAPHY_BYTES = 1024 * 1024
# CSL JSON is a list of items holding names and dates: four or five levels deep. Far more
# is no bibliography, and past about a thousand the parser itself runs out of stack.
MAX_BIBLIOGRAPHY_NESTING = 32


async def _keep_cited_sources(uow: PracticeUnitOfWork, paper: Paper, csl_json: str | None) -> None:
    """Refuse a bibliography without an entry that a practice in use cites as a source:
    the practice (and the annex that prints it) would cite nothing."""
    kept = bibliography_keys(csl_json)
    lost = {
        p.key: sorted(set(p.facts.sources) - kept)
        for p in await uow.practices.all_of(paper)
        if set(p.facts.sources) - kept
    }
    if lost:
        raise InvalidTransition(
            f"{len(lost)} practice(s) cite entries this bibliography lacks: "
            + "; ".join(f"{key}: {', '.join(ids)}" for key, ids in sorted(lost.items())[:10]),
            practices=lost,
        )


async def set_bibliography(cmd: SetBibliography, uow: PracticeUnitOfWork) -> int:
    """The number of references now in the paper's CSL JSON bibliography."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    entries = 0
    if cmd.csl_json is not None:
        check_storable(cmd.csl_json, "bibliography")
        if len(cmd.csl_json.encode()) > MAX_BIBLIOGRAPHY_BYTES:
            raise InvalidRequest("the bibliography is larger than 1 MB")
        check_json_nesting(cmd.csl_json, MAX_BIBLIOGRAPHY_NESTING, "bibliography")
        try:
            parsed = json.loads(cmd.csl_json)
        except ValueError:
            raise InvalidRequest("the bibliography must be CSL JSON (a JSON array)") from None
        if not isinstance(parsed, list) or not all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in parsed
        ):
            raise InvalidRequest("the bibliography must be a JSON array of items with an id")
        entries = len(parsed)
    await _keep_cited_sources(uow, paper, cmd.csl_json)
    await uow.papers.set_bibliography(paper, cmd.csl_json)
    uow.record(BibliographyChanged(actor=cmd.actor, paper=paper.slug, entries=entries))
    return entries
