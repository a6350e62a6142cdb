"""`accord demo`: load the demo paper through the same workflows the API uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drafts.commands import AddSection, CreatePaper, CreateUser, SaveRevision, SetMemberRoles
from services.bootstrap import Accord
from services.demo import content
from workflows.drafting import save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_member_roles
from workflows.users import SYSTEM_ACTOR, create_user, issue_token

Announce = Callable[[str], None]


async def _ensure_users(accord: Accord) -> None:
    people = [
        (content.SECRETARIAT, "secretariat", True),
        (content.AUTHORS, "author", False),
        (content.REVIEWERS, "reviewer", False),
        (content.TRANSLATORS, "translator", False),
    ]
    async with accord.uow() as uow:
        for group, _role, admin in people:
            for name, _full_name, email in group:
                if await uow.users.get(name) is None:
                    await create_user(
                        CreateUser(actor=SYSTEM_ACTOR, name=name, email=email, is_admin=admin),
                        uow,
                        accord.tokens,
                    )
        await uow.commit()


async def _create_paper(accord: Accord, secretariat: str) -> None:
    paper = content.PAPER
    async with accord.uow() as uow:
        actor = await uow.users.get(secretariat)
        assert actor is not None
        await create_paper(
            CreatePaper(
                actor=secretariat,
                slug=paper["slug"],
                titles=paper["titles"],
                source_language=paper["source_language"],
                languages=tuple(paper["languages"]),
                symbol=paper["symbol"],
                forum=paper["forum"][paper["source_language"]],
                date=dt.date.fromisoformat(paper["date"]),
            ),
            uow,
            actor,
        )
        for role, group in (
            ("author", content.AUTHORS),
            ("reviewer", content.REVIEWERS),
            ("translator", content.TRANSLATORS),
        ):
            for name, _full, _email in group:
                await set_member_roles(
                    SetMemberRoles(
                        actor=secretariat, paper=paper["slug"], user=name, roles=(role,)
                    ),
                    uow,
                )
        for section in content.SECTIONS:
            await add_section(
                AddSection(
                    actor=secretariat,
                    paper=paper["slug"],
                    key=section.key,
                    titles=section.titles,
                    authors=(section.author,),
                ),
                uow,
            )
        await uow.commit()


async def _draft_sections(accord: Accord) -> None:
    slug = content.PAPER["slug"]
    source = content.PAPER["source_language"]
    translators = {
        lang: name
        for (name, _full, _email), lang in zip(content.TRANSLATORS, ("es", "fr"), strict=False)
    }
    async with accord.uow() as uow:
        for section in content.SECTIONS:
            await save_revision(
                SaveRevision(
                    actor=section.author,
                    paper=slug,
                    section=section.key,
                    language=source,
                    body=section.bodies[source],
                ),
                uow,
            )
            for lang, translator in translators.items():
                await save_revision(
                    SaveRevision(
                        actor=translator,
                        paper=slug,
                        section=section.key,
                        language=lang,
                        body=section.bodies[lang],
                    ),
                    uow,
                )
        await uow.commit()


async def load_demo(accord: Accord, announce: Announce) -> str:
    """Load the demo paper unless it is there; return a fresh secretariat token."""
    secretariat = content.SECRETARIAT[0][0]
    slug = content.PAPER["slug"]
    await _ensure_users(accord)
    async with accord.uow() as uow:
        exists = await uow.papers.get(slug) is not None
    if exists:
        announce(f"demo paper {slug!r} is already loaded")
    else:
        announce(f"loading the demo paper {slug!r} ({len(content.SECTIONS)} sections, en/es/fr)")
        await _create_paper(accord, secretariat)
        await _draft_sections(accord)
        announce("drafted every section in English, Spanish and French")
    async with accord.uow() as uow:
        token = await issue_token(secretariat, uow, accord.tokens)
        await uow.commit()
    settings = accord.settings
    announce("")
    announce(f"API docs:          http://{settings.host}:{settings.port}/docs")
    announce(f"demo paper:        http://{settings.host}:{settings.port}/api/v1/papers/{slug}")
    announce(f"secretariat token: {token}")
    announce(f"  (user {secretariat!r}; send it as 'Authorization: Bearer <token>')")
    return token
