"""Publishing numbered versions and downloading their files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, JSONResponse

from drafts.commands import RequestPublication, SetBibliography
from drafts.publications import PublicationStatus
from services.api import cursors
from services.api.deps import AccordDep, After, CurrentUser, Limit, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.publication_schemas import BibliographyIn, PublicationIn, PublicationOut
from services.api.schemas import PageOut
from services.worker.probes import live_since
from workflows.editions import download_name
from workflows.papers import load_paper, set_bibliography
from workflows.versions import (
    artifact_for,
    get_publication,
    list_publications,
    request_publication,
)

router = APIRouter(tags=["publications"])

PUBLICATIONS = "/papers/{paper}/publications"
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@router.put("/papers/{paper}/bibliography")
async def put_bibliography(
    paper: str, body: BibliographyIn, uow: UowDep, caller: CurrentUser
) -> dict[str, int]:
    """Set the paper's references (CSL JSON), cited in section text as [@id] (secretariat)."""
    entries = await set_bibliography(
        SetBibliography(actor=caller.name, paper=paper, csl_json=body.csl_json), uow
    )
    return {"entries": entries}


@router.post(PUBLICATIONS, status_code=201, response_model=PublicationOut)
async def post_publication(
    paper: str, body: PublicationIn, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Freeze a numbered version and render it (secretariat). A final version needs every
    section approved and current and no open comment, else 409 lists every blocker; the
    same request again answers 200 with the same version."""

    async def act() -> Answer:
        publication, created = await request_publication(
            RequestPublication(
                actor=caller.name,
                paper=paper,
                version=body.version,
                kind=body.kind,
                languages=tuple(body.languages) if body.languages else None,
                formats=tuple(body.formats),
            ),
            uow,
        )
        artifacts = await uow.publications.artifacts(publication)
        out = PublicationOut.of(paper, publication, artifacts)
        return Answer(
            201 if created else 200,
            out.model_dump(mode="json"),
            {"Location": f"/api/v1{PUBLICATIONS.format(paper=paper)}/{publication.version}"},
        )

    return await commit_once(request, uow, caller, act)


@router.get(PUBLICATIONS, response_model=PageOut[PublicationOut])
async def get_publications(
    paper: str, uow: UowDep, caller: CurrentUser, after: After = None, limit: Limit = 20
) -> PageOut[PublicationOut]:
    """The versions of the paper, oldest first."""
    page = await list_publications(uow, paper, caller.name, cursors.decode(after), limit)
    items = [PublicationOut.of(paper, p, await uow.publications.artifacts(p)) for p in page.items]
    return PageOut(items=items, next=cursors.encode(page.next_after))


@router.get(PUBLICATIONS + "/{version}", response_model=PublicationOut)
async def get_one_publication(
    paper: str, version: str, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> PublicationOut:
    """A version: its status, manifest and files (size, SHA-256, download URL); while it
    renders with no worker alive, `waiting_for` says so."""
    publication, artifacts = await get_publication(uow, paper, caller.name, version)
    out = PublicationOut.of(paper, publication, artifacts)
    rendering = publication.status is PublicationStatus.RENDERING
    if (
        rendering
        and accord.settings.redis_url
        and not await uow.workers.seen_since(live_since(accord.settings))
    ):
        out.waiting_for = (
            "a worker: none is running, so nothing renders this version; "
            "its files are made as soon as one starts"
        )
    return out


@router.get(
    PUBLICATIONS + "/{version}/artifacts/{language}.{fmt}",
    response_class=FileResponse,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
async def get_artifact(
    paper: str,
    version: str,
    language: str,
    fmt: Annotated[str, Path(pattern="^(docx|pdf)$")],
    uow: UowDep,
    caller: CurrentUser,
    accord: AccordDep,
) -> FileResponse:
    """The file itself, named after the symbol, version and language."""
    await load_paper(uow, paper, caller.name)
    publication, artifact = await artifact_for(uow, paper, caller.name, version, language, fmt)
    assert artifact.path is not None
    return FileResponse(
        accord.files.local_path(artifact.path),
        media_type=MEDIA_TYPES[fmt],
        filename=download_name(publication, language, fmt),
        headers={
            "ETag": f'"{artifact.sha256}"',
            "Cache-Control": "private, max-age=31536000, immutable",
        },
    )
