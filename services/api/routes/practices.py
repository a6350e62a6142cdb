"""A paper's catalogue of practices: propose, edit, translate, verify, retire, find."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from drafts.errors import InvalidRequest
from drafts.practice_commands import (
    EditPractice,
    ProposePractice,
    RetirePractice,
    TranslatePractice,
    VerifyPractice,
)
from drafts.practices import Practice
from services.api import cursors
from services.api.deps import After, CurrentUser, Limit, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.practice_schemas import NewPracticeIn, PracticeIn, PracticeOut, TranslationIn
from services.api.schemas import LanguageCode, PageOut
from workflows.practices import (
    edit_practice,
    get_practice,
    list_practices,
    practice_filter,
    propose_practice,
    retire_practice,
    translate_practice,
    verify_practice,
)

router = APIRouter(tags=["practices"])

PRACTICES = "/papers/{paper}/practices"
PRACTICE = PRACTICES + "/{key}"


def _etag(practice: Practice) -> str:
    return f'"v{practice.version}"'


def _if_version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    tag = if_match.strip()
    if not (tag.startswith('"v') and tag.endswith('"') and tag[2:-1].isdigit() and len(tag) < 14):
        raise InvalidRequest(f'If-Match {if_match[:40]!r} is not an ETag of a practice, like "v3"')
    return int(tag[2:-1])


async def _languages(uow: UowDep, paper: str) -> tuple[str, ...]:
    found = await uow.papers.get(paper)
    return found.languages if found else ()


def _answer(practice: Practice, languages: tuple[str, ...], status: int = 200) -> JSONResponse:
    return JSONResponse(
        PracticeOut.of(practice, languages).model_dump(mode="json"),
        status_code=status,
        headers={"ETag": _etag(practice)},
    )


@router.post(PRACTICES, status_code=201, response_model=PracticeOut)
async def post_practice(
    paper: str, body: NewPracticeIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Propose a practice (any member): its facts and its text in the source language.
    It stays unverified until the secretariat verifies it."""

    async def act() -> Answer:
        practice = await propose_practice(
            ProposePractice(actor=caller.name, paper=paper, key=body.key, fields=body.fields()),
            uow,
        )
        languages = await _languages(uow, paper)
        return Answer(
            201,
            PracticeOut.of(practice, languages).model_dump(mode="json"),
            {
                "Location": f"/api/v1{PRACTICES.format(paper=paper)}/{practice.key}",
                "ETag": _etag(practice),
            },
        )

    return await commit_once(request, uow, caller, act)


@router.get(PRACTICES, response_model=PageOut[PracticeOut])
async def get_practices(
    paper: str,
    uow: UowDep,
    caller: CurrentUser,
    region: Annotated[
        str | None, Query(max_length=3, description="UN M49 code; its sub-regions are included")
    ] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    approach: Annotated[str | None, Query(max_length=60)] = None,
    actor: Annotated[str | None, Query(max_length=60)] = None,
    verified: bool | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in a key, city, name or summary")
    ] = None,
    retired: Annotated[bool, Query(description="List retired practices too")] = False,
    after: After = None,
    limit: Limit = 50,
) -> PageOut[PracticeOut]:
    """The paper's practices, oldest first, filtered by every criterion given."""
    where = practice_filter(
        region=region,
        country=country,
        approach=approach,
        actor=actor,
        verified=verified,
        text=q,
        retired=retired,
    )
    found, page = await list_practices(uow, paper, caller.name, where, cursors.decode(after), limit)
    return PageOut(
        items=[PracticeOut.of(p, found.languages) for p in page.items],
        next=cursors.encode(page.next_after),
    )


@router.get(PRACTICE, response_model=PracticeOut)
async def get_one_practice(paper: str, key: str, uow: UowDep, caller: CurrentUser) -> JSONResponse:
    """One practice with its texts in every language and whether each is stale."""
    found, practice = await get_practice(uow, paper, key, caller.name)
    return _answer(practice, found.languages)


@router.put(PRACTICE, response_model=PracticeOut)
async def put_practice(
    paper: str,
    key: str,
    body: PracticeIn,
    uow: UowDep,
    caller: CurrentUser,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Replace the facts and source text (its proposer or the secretariat). A change
    un-verifies a verified practice, and a new source text makes its translations stale."""
    practice, _ = await edit_practice(
        EditPractice(
            actor=caller.name,
            paper=paper,
            key=key,
            fields=body.fields(),
            if_version=_if_version(if_match),
        ),
        uow,
    )
    return _answer(practice, await _languages(uow, paper))


@router.put(PRACTICE + "/texts/{lang}", response_model=PracticeOut)
async def put_practice_text(
    paper: str, key: str, lang: LanguageCode, body: TranslationIn, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Translate the practice into a target language (its translators, the secretariat)."""
    practice, _ = await translate_practice(
        TranslatePractice(
            actor=caller.name,
            paper=paper,
            key=key,
            language=lang,
            name=body.name,
            summary=body.summary,
            outcomes=tuple(body.outcomes),
            source_revision=body.source_revision,
        ),
        uow,
    )
    return _answer(practice, await _languages(uow, paper))


@router.post(PRACTICE + "/verify", response_model=PracticeOut)
async def post_verify(paper: str, key: str, uow: UowDep, caller: CurrentUser) -> JSONResponse:
    """The secretariat vouches for the practice's facts and source text as they are."""
    practice = await verify_practice(VerifyPractice(actor=caller.name, paper=paper, key=key), uow)
    return _answer(practice, await _languages(uow, paper))


@router.post(PRACTICE + "/retire", response_model=PracticeOut)
async def post_retire(paper: str, key: str, uow: UowDep, caller: CurrentUser) -> JSONResponse:
    """Take the practice out of the catalogue (secretariat); it stays readable by its key."""
    practice = await retire_practice(RetirePractice(actor=caller.name, paper=paper, key=key), uow)
    return _answer(practice, await _languages(uow, paper))
