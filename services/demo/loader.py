"""`accord demo`: a real paper taken from first draft to a published final version.

Everything goes through the same workflows the API uses, so the demo is also a smoke
test of the whole flow: drafting, comments and suggestions, review and approval,
translation, a draft version 0.1 and a final version 1.0 rendered to DOCX and PDF.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from drafts.commands import (
    AcceptSuggestion,
    AddComment,
    AddSection,
    CreatePaper,
    CreateUser,
    RecordReview,
    RequestPublication,
    ResolveComment,
    SaveRevision,
    SetBibliography,
    SetMemberRoles,
    SubmitText,
)
from services.bootstrap import Accord
from services.demo import content
from services.demo.practice_loader import load_practices
from services.demo.sign_in import announce_sign_in
from services.worker.inprocess import InProcessRunner
from workflows.comments import accept_suggestion, add_comment, resolve_comment
from workflows.drafting import get_revision, load_track, save_revision
from workflows.outline import add_section
from workflows.papers import create_paper, set_bibliography, set_member_roles
from workflows.review import record_review, submit_text
from workflows.users import SYSTEM_ACTOR, create_user, issue_token
from workflows.versions import get_publication, request_publication

Announce = Callable[[str], None]

SLUG = content.PAPER["slug"]
SOURCE = content.PAPER["source_language"]
SECRETARIAT = content.SECRETARIAT[0][0]
TRANSLATIONS = dict(zip(("es", "fr"), (t[0] for t in content.TRANSLATORS), strict=False))
REVIEWERS = [r[0] for r in content.REVIEWERS]


async def _people(accord: Accord) -> None:
    groups = [
        (content.SECRETARIAT, True),
        (content.AUTHORS, False),
        (content.REVIEWERS, False),
        (content.TRANSLATORS, False),
    ]
    async with accord.transaction() as uow:
        for group, admin in groups:
            for name, _full_name, email in group:
                if await uow.users.get(name) is None:
                    await create_user(
                        CreateUser(actor=SYSTEM_ACTOR, name=name, email=email, is_admin=admin),
                        uow,
                        accord.tokens,
                    )


async def _paper(accord: Accord) -> None:
    paper = content.PAPER
    async with accord.transaction() as uow:
        actor = await uow.users.get(SECRETARIAT)
        assert actor is not None
        await create_paper(
            CreatePaper(
                actor=SECRETARIAT,
                slug=SLUG,
                titles=paper["titles"],
                source_language=SOURCE,
                languages=tuple(paper["languages"]),
                symbol=paper["symbol"],
                forum=paper["forum"][SOURCE],
                forums={lang: text for lang, text in paper["forum"].items() if lang != SOURCE},
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
                    SetMemberRoles(actor=SECRETARIAT, paper=SLUG, user=name, roles=(role,)), uow
                )
        await set_bibliography(
            SetBibliography(actor=SECRETARIAT, paper=SLUG, csl_json=content.BIBLIOGRAPHY), uow
        )
        for section in content.SECTIONS:
            await add_section(
                AddSection(
                    actor=SECRETARIAT,
                    paper=SLUG,
                    key=section.key,
                    titles=section.titles,
                    authors=(section.author,),
                ),
                uow,
            )


async def _save(accord: Accord, actor: str, key: str, lang: str, body: str) -> None:
    async with accord.transaction() as uow:
        view = await load_track(uow, SLUG, key, lang, actor)
        base = view.track.head or None
        await save_revision(
            SaveRevision(
                actor=actor, paper=SLUG, section=key, language=lang, body=body, base_revision=base
            ),
            uow,
        )


async def _first_drafts(accord: Accord) -> None:
    for section in content.SECTIONS:
        await _save(accord, section.author, section.key, SOURCE, section.bodies[SOURCE])
        for lang, translator in TRANSLATIONS.items():
            await _save(accord, translator, section.key, lang, section.bodies[lang])


async def _review_round(accord: Accord, announce: Announce) -> None:
    authors = {s.key: s.author for s in content.SECTIONS}
    for note in content.COMMENTS:
        async with accord.transaction() as uow:
            view = await load_track(uow, SLUG, note.section, SOURCE, note.reviewer)
            head = await get_revision(uow, view, view.track.head)
            start = head.body.index(note.exact)
            _, comment = await add_comment(
                AddComment(
                    actor=note.reviewer,
                    paper=SLUG,
                    section=note.section,
                    language=SOURCE,
                    body=note.body,
                    exact=note.exact,
                    prefix=head.body[max(0, start - 32) : start],
                    start=start,
                    replacement=note.replacement,
                ),
                uow,
            )
        assert comment.id is not None
        author = authors[note.section]
        async with accord.transaction() as uow:
            if note.replacement is not None:
                await accept_suggestion(
                    AcceptSuggestion(
                        actor=author,
                        paper=SLUG,
                        section=note.section,
                        language=SOURCE,
                        comment=comment.id,
                    ),
                    uow,
                )
            else:
                await resolve_comment(
                    ResolveComment(
                        actor=author,
                        paper=SLUG,
                        section=note.section,
                        language=SOURCE,
                        comment=comment.id,
                        note="Addressed in the next revision.",
                    ),
                    uow,
                )
    announce(f"  {len(content.COMMENTS)} review comments answered (suggestions accepted)")
    revised = [section for section in content.SECTIONS if section.second_draft]
    for section in revised:
        second = content.approved_body(section, SOURCE)
        await _save(accord, section.author, section.key, SOURCE, second)
    announce(f"  second English drafts saved in {len(revised)} sections")


async def _approve(accord: Accord, key: str, lang: str, submitter: str, reviewer: str) -> None:
    async with accord.transaction() as uow:
        view = await submit_text(
            SubmitText(actor=submitter, paper=SLUG, section=key, language=lang), uow
        )
        await record_review(
            RecordReview(
                actor=reviewer,
                paper=SLUG,
                section=key,
                language=lang,
                revision=view.track.head,
                decision="approve",
                note="Agreed.",
            ),
            uow,
        )


async def _approve_everything(accord: Accord, announce: Announce) -> None:
    for i, section in enumerate(content.SECTIONS):
        await _approve(accord, section.key, SOURCE, section.author, REVIEWERS[i % 2])
        for lang, translator in TRANSLATIONS.items():
            # Only a translation made from the approved English may be approved, and it must
            # carry every change the review round made to that English.
            body = content.approved_body(section, lang)
            await _save(accord, translator, section.key, lang, body)
            await _approve(accord, section.key, lang, translator, REVIEWERS[(i + 1) % 2])
    changed = [s for s in content.SECTIONS if content.approved_body(s, SOURCE) != s.bodies[SOURCE]]
    announce(
        f"  English approved; its changes carried into Spanish and French in {len(changed)} "
        "sections"
    )


async def _publish(
    accord: Accord, runner: InProcessRunner, version: str, kind: str, announce: Announce
) -> list[str]:
    async with accord.transaction() as uow:
        await request_publication(
            RequestPublication(actor=SECRETARIAT, paper=SLUG, version=version, kind=kind), uow
        )
    announce(f"  version {version} ({kind}) requested; rendering DOCX and PDF in en, es, fr …")
    drain = asyncio.create_task(runner.drain())
    reported: set[tuple[str, str]] = set()
    while True:
        async with accord.uow() as uow:
            publication, artifacts = await get_publication(uow, SLUG, SECRETARIAT, version)
        for a in artifacts:
            if a.status.value != "pending" and (a.language, a.format) not in reported:
                reported.add((a.language, a.format))
                size = f"{a.size / 1024:.0f} KB" if a.size else a.error
                announce(f"    {a.language}.{a.format:4} {a.status.value:7} {size}")
        if drain.done():
            drain.result()
            if publication.status.value != "rendering":
                break
        await asyncio.sleep(0.2)
    if publication.status.value != "published":
        raise RuntimeError(f"version {version} failed: {publication.failure}")
    return [str(accord.files.local_path(a.path)) for a in artifacts if a.path is not None]


async def load_demo(accord: Accord, announce: Announce) -> str:
    """Load and publish the demo paper unless it is there; return a fresh secretariat token."""
    await _people(accord)
    async with accord.uow() as uow:
        exists = await uow.papers.get(SLUG) is not None
    if exists:
        announce(f"the demo paper {SLUG!r} is already loaded")
    else:
        runner = InProcessRunner(accord)
        announce(f"demo: {content.PAPER['titles'][SOURCE]}")
        await _paper(accord)
        announce(f"  outline of {len(content.SECTIONS)} sections; members and references set")
        count = await load_practices(accord, SLUG, SECRETARIAT, TRANSLATIONS)
        announce(f"  {count} practices proposed, translated into Spanish and French, verified")
        await _first_drafts(accord)
        announce("  first drafts saved in English; translated into Spanish and French")
        await _publish(accord, runner, "0.1", "draft", announce)
        await _review_round(accord, announce)
        await _approve_everything(accord, announce)
        announce("  every section approved in every language")
        files = await _publish(accord, runner, "1.0", "final", announce)
        announce("  files of version 1.0:")
        for path in sorted(files):
            announce(f"    {path}")
        if not accord.settings.smtp_host:
            mails = accord.settings.data_dir / "mail"
            count = len(list(mails.glob("*.eml")))
            announce(f"  {count} notification mails (no SMTP server set) in {mails}")
    async with accord.transaction() as uow:
        token = (await issue_token(SECRETARIAT, uow, accord.tokens)).secret
    settings = accord.settings
    base = f"http://{settings.host}:{settings.port}"
    announce("")
    announce(f"API docs:          {base}/docs")
    announce(f"demo paper:        {base}/api/v1/papers/{SLUG}/status")
    announce(f"secretariat token: {token}")
    announce(f"  (user {SECRETARIAT!r}; paste it into Authorize on /docs)")
    await announce_sign_in(accord, announce)
    return token
