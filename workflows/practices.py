"""The handlers of a paper's catalogue of practices: propose, edit, translate, verify,
retire, read and find. Each records its event; none commits."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.errors import AlreadyExists, InvalidRequest, NotFound, PreconditionFailed
from drafts.model import Paper, check_slug
from drafts.practice_access import PracticeAction, authorize_practice
from drafts.practice_commands import (
    EditPractice,
    ProposePractice,
    RetirePractice,
    TranslatePractice,
    VerifyPractice,
)
from drafts.practice_events import (
    PracticeEdited,
    PracticeProposed,
    PracticeRetired,
    PracticeTranslated,
    PracticeVerified,
)
from drafts.practice_facts import bibliography_keys
from drafts.practice_texts import check_text
from drafts.practices import Practice, new_practice
from drafts.regions import check_country, check_region, within
from drafts.vocabularies import Actor, Approach, check_terms
from workflows.pages import Page, page_of
from workflows.papers import load_paper
from workflows.practice_ports import PracticeFilter, PracticeUnitOfWork

MAX_QUERY = 200


def now() -> datetime:
    return datetime.now(UTC)


def proposed_event(actor: str, paper: Paper, practice: Practice) -> PracticeProposed:
    return PracticeProposed(
        actor=actor,
        paper=paper.slug,
        practice=practice.key,
        source_language=practice.source_language,
        version=practice.version,
    )


def edited_event(
    actor: str, paper: Paper, before: Practice, after: Practice, changed: tuple[str, ...]
) -> PracticeEdited:
    return PracticeEdited(
        actor=actor,
        paper=paper.slug,
        practice=after.key,
        changed=changed,
        unverified=before.verified,
        version=after.version,
    )


def translated_event(
    actor: str, paper: Paper, practice: Practice, language: str
) -> PracticeTranslated:
    made_from = practice.texts[language].source_revision
    assert made_from is not None
    return PracticeTranslated(
        actor=actor,
        paper=paper.slug,
        practice=practice.key,
        language=language,
        source_revision=made_from,
        version=practice.version,
    )


async def practice_of(
    uow: PracticeUnitOfWork, paper: Paper, key: str, *, lock: bool = False
) -> Practice:
    practice = await uow.practices.get(paper, key, lock=lock)
    if practice is None:
        raise NotFound(f"paper {paper.slug!r} has no practice {key!r}")
    return practice


async def get_practice(
    uow: PracticeUnitOfWork, slug: str, key: str, actor: str
) -> tuple[Paper, Practice]:
    paper = await load_paper(uow, slug, actor)
    authorize_practice(paper, actor, PracticeAction.VIEW)
    return paper, await practice_of(uow, paper, key)


async def propose_practice(cmd: ProposePractice, uow: PracticeUnitOfWork) -> Practice:
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize_practice(paper, cmd.actor, PracticeAction.PROPOSE)
    check_slug(cmd.key, "practice key")
    if await uow.practices.get(paper, cmd.key) is not None:
        raise AlreadyExists(f"paper {paper.slug!r} already has a practice {cmd.key!r}")
    facts, name, summary, outcomes = cmd.fields.checked(bibliography_keys(paper.bibliography))
    practice = new_practice(
        cmd.key, paper.source_language, facts, name, summary, outcomes, cmd.actor, now()
    )
    practice = await uow.practices.add(paper, practice)
    uow.record(proposed_event(cmd.actor, paper, practice))
    return practice


async def edit_practice(cmd: EditPractice, uow: PracticeUnitOfWork) -> tuple[Practice, bool]:
    """The practice with its new facts and source text, and whether anything changed."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    practice = await practice_of(uow, paper, cmd.key, lock=True)
    authorize_practice(paper, cmd.actor, PracticeAction.EDIT, practice=practice)
    if cmd.if_version is not None and cmd.if_version != practice.version:
        raise PreconditionFailed(
            f"practice {practice.key!r} is at version {practice.version}, not {cmd.if_version}"
        )
    facts, name, summary, outcomes = cmd.fields.checked(bibliography_keys(paper.bibliography))
    revised, changed = practice.revised(cmd.actor, facts, name, summary, outcomes)
    if not changed:
        return practice, False
    await uow.practices.save(revised)
    uow.record(edited_event(cmd.actor, paper, practice, revised, changed))
    return revised, True


async def translate_practice(
    cmd: TranslatePractice, uow: PracticeUnitOfWork
) -> tuple[Practice, bool]:
    """The practice with its text in a target language, and whether anything changed."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    language = paper.require_language(cmd.language)
    practice = await practice_of(uow, paper, cmd.key, lock=True)
    authorize_practice(
        paper, cmd.actor, PracticeAction.TRANSLATE, practice=practice, language=language
    )
    name, summary, outcomes = check_text(cmd.name, cmd.summary, cmd.outcomes, language)
    translated, changed = practice.translated(
        cmd.actor, language, name, summary, outcomes, cmd.source_revision
    )
    if not changed:
        return practice, False
    await uow.practices.save(translated)
    uow.record(translated_event(cmd.actor, paper, translated, language))
    return translated, True


async def verify_practice(cmd: VerifyPractice, uow: PracticeUnitOfWork) -> Practice:
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize_practice(paper, cmd.actor, PracticeAction.VERIFY)
    practice = await practice_of(uow, paper, cmd.key, lock=True)
    verified = practice.verified_now(cmd.actor, now())
    await uow.practices.save(verified)
    uow.record(
        PracticeVerified(
            actor=cmd.actor, paper=paper.slug, practice=verified.key, version=verified.version
        )
    )
    return verified


async def retire_practice(cmd: RetirePractice, uow: PracticeUnitOfWork) -> Practice:
    """The practice, out of lists and annexes; its key stays taken and it stays readable."""
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize_practice(paper, cmd.actor, PracticeAction.RETIRE)
    practice = await practice_of(uow, paper, cmd.key, lock=True)
    retired = practice.retired_now(now())
    await uow.practices.save(retired)
    uow.record(PracticeRetired(actor=cmd.actor, paper=paper.slug, practice=retired.key))
    return retired


def practice_filter(
    *,
    region: str | None = None,
    country: str | None = None,
    approach: str | None = None,
    actor: str | None = None,
    verified: bool | None = None,
    text: str | None = None,
    retired: bool = False,
) -> PracticeFilter:
    """The filter of a list, each criterion checked (a region takes in its sub-regions)."""
    if text is not None and len(text) > MAX_QUERY:
        raise InvalidRequest(f"q: at most {MAX_QUERY} characters")
    return PracticeFilter(
        regions=within(check_region(region)) if region else None,
        country=check_country(country) if country else None,
        approach=check_terms([approach], Approach, "approach")[0].value if approach else None,
        actor=check_terms([actor], Actor, "actor")[0].value if actor else None,
        verified=verified,
        text=text.strip() or None if text else None,
        retired=retired,
    )


async def list_practices(
    uow: PracticeUnitOfWork, slug: str, actor: str, where: PracticeFilter, after: int, limit: int
) -> tuple[Paper, Page[Practice]]:
    paper = await load_paper(uow, slug, actor)
    authorize_practice(paper, actor, PracticeAction.VIEW)
    rows = await uow.practices.page(paper, where, after, limit + 1)
    return paper, page_of(rows, limit, lambda p: p.id or 0)


async def practices_of(uow: PracticeUnitOfWork, paper: Paper) -> list[Practice]:
    """Every practice of the paper in use (not retired), in key order, with all its texts:
    what a printed version cites from (no caller: the version's render reads it)."""
    return await uow.practices.all_of(paper)
