"""The images a paper's text shows as `![caption](name)`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import JSONResponse

from drafts.commands import StoreImage
from services.api.deps import CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.image_schemas import ImageOut
from services.api.schemas import PageOut
from services.imaging import PillowDecoder
from workflows.images import Stored, image_file, list_images, store_image

router = APIRouter(tags=["images"])
DECODER = PillowDecoder()

IMAGES = "/papers/{paper}/images"
ImageName = Annotated[str, Path(max_length=100, examples=["map-1.png"])]
_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.put(
    IMAGES + "/{name}",
    status_code=201,
    response_model=ImageOut,
    responses={200: {"model": ImageOut, "description": "Replaced, or the same bytes again"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: _BINARY for t in ("image/png", "image/jpeg", "image/gif")},
        }
    },
)
async def put_image(
    paper: str, name: ImageName, request: Request, uow: UowDep, caller: CurrentUser
) -> JSONResponse:
    """Store the request body (a PNG, JPEG or GIF file) as the image `name` (authors,
    translators, secretariat). 201 for a new name; 200 when it replaces the image under
    the name (for versions requested from now on) or is the same file again."""
    data = await request.body()

    async def act() -> Answer:
        image, stored = await store_image(
            StoreImage(actor=caller.name, paper=paper, name=name, data=data), uow, DECODER
        )
        out = ImageOut.of(paper, image)
        status = 201 if stored is Stored.CREATED else 200
        return Answer(status, out.model_dump(mode="json"), {"Location": out.url})

    return await commit_once(request, uow, caller, act)


@router.get(IMAGES, response_model=PageOut[ImageOut])
async def get_images(paper: str, uow: UowDep, caller: CurrentUser) -> PageOut[ImageOut]:
    """The paper's images by name (a paper holds few enough for one page)."""
    images = await list_images(uow, paper, caller.name)
    return PageOut(items=[ImageOut.of(paper, i) for i in images], next=None)


@router.get(
    IMAGES + "/{name}",
    response_class=Response,
    responses={200: {"content": {t: _BINARY for t in ("image/png", "image/jpeg", "image/gif")}}},
)
async def get_image(
    paper: str,
    name: ImageName,
    uow: UowDep,
    caller: CurrentUser,
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The image file as it is now."""
    image, data = await image_file(uow, paper, caller.name, name)
    headers = {
        "ETag": f'"{image.sha256}"',
        # The name may point at other bytes tomorrow: ask again, cheaply, every time.
        "Cache-Control": "private, no-cache",
        # Sent as the kind its bytes proved to be, never sniffed as anything else.
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'inline; filename="{image.name}"',
    }
    if if_none_match == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=image.media_type, headers=headers)
