"""Papers and their members."""

from __future__ import annotations

import json
from dataclasses import replace

from drafts.access import Action, authorize, require_member
from drafts.commands import CreatePaper, SetBibliography, SetMemberRoles, UpdatePaper
from drafts.errors import AlreadyExists, Forbidden, InvalidRequest, NotFound
from drafts.events import BibliographyChanged, MembershipChanged, PaperCreated, PaperUpdated
from drafts.model import Paper, Role, User
from drafts.text import check_storable
from workflows.pages import Page, page_of
from workflows.ports import UnitOfWork


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
    """The paper with new cover values: titles and forums merge per language, the rest
    (distribution and house style among it) is replaced. Versions already requested keep
    what they were frozen with."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    changes: dict[str, object] = {}
    updated = replace(
        paper,
        titles={**paper.titles, **(cmd.titles or {})},
        forums={**paper.forums, **(cmd.forums or {})},
        symbol=paper.symbol if cmd.symbol is None else cmd.symbol,
        forum=paper.forum if cmd.forum is None else cmd.forum,
        date=cmd.date or paper.date,
        distribution=paper.distribution if cmd.distribution is None else cmd.distribution,
        house_style=cmd.house_style or paper.house_style,
    )  # made anew, so that the model checks every value again
    for name in ("titles", "forums", "symbol", "forum", "date", "distribution", "house_style"):
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
    return updated


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
    remaining_secretariat = [
        name
        for name, held in {**paper.members, cmd.user: roles}.items()
        if Role.SECRETARIAT in held
    ]
    if not remaining_secretariat:
        raise InvalidRequest("a paper must keep at least one secretariat member")
    await uow.papers.set_member(paper, cmd.user, roles)
    if roles:
        paper.members[cmd.user] = roles
    else:
        paper.members.pop(cmd.user, None)
    uow.record(
        MembershipChanged(
            actor=cmd.actor, paper=paper.slug, user=cmd.user, roles=tuple(sorted(roles))
        )
    )
    return paper


async def list_papers(uow: UnitOfWork, user: str, after: int, limit: int) -> Page[Paper]:
    """The papers `user` is a member of, in creation order."""
    rows = await uow.papers.list_for(user, after, limit + 1)
    return page_of(rows, limit, lambda p: p.id or 0)


MAX_BIBLIOGRAPHY_BYTES = 1024 * 1024


async def set_bibliography(cmd: SetBibliography, uow: UnitOfWork) -> int:
    """The number of references now in the paper's CSL JSON bibliography."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.MANAGE)
    entries = 0
    if cmd.csl_json is not None:
        check_storable(cmd.csl_json, "bibliography")
        if len(cmd.csl_json.encode()) > MAX_BIBLIOGRAPHY_BYTES:
            raise InvalidRequest("the bibliography is larger than 1 MB")
        try:
            parsed = json.loads(cmd.csl_json)
        except ValueError:
            raise InvalidRequest("the bibliography must be CSL JSON (a JSON array)") from None
        if not isinstance(parsed, list) or not all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in parsed
        ):
            raise InvalidRequest("the bibliography must be a JSON array of items with an id")
        entries = len(parsed)
    await uow.papers.set_bibliography(paper, cmd.csl_json)
    uow.record(BibliographyChanged(actor=cmd.actor, paper=paper.slug, entries=entries))
    return entries
