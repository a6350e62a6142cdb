"""The images a paper's text shows, as `![caption](name)`.

A name points at the image stored under it now; storing other bytes under the name
replaces it for the next version, while every version already requested keeps the bytes
it was frozen with (they are kept by hash and never removed).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum

from drafts.access import Action, authorize
from drafts.commands import StoreImage
from drafts.errors import InvalidRequest, NotFound
from drafts.events import ImageStored
from drafts.images import MAX_IMAGES_PER_PAPER, PaperImage, check_image_name, inspect_image
from workflows.image_ports import ImageDecoder
from workflows.papers import load_paper
from workflows.ports import UnitOfWork


class Stored(StrEnum):
    CREATED = "created"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"  # the same bytes again: nothing is written, no event


async def store_image(
    cmd: StoreImage, uow: UnitOfWork, decoder: ImageDecoder | None = None
) -> tuple[PaperImage, Stored]:
    """The image now under the name, and what this call did.

    With a decoder, the image's data is decoded before it is kept (only once the caller
    is known to be allowed: decoding costs time).
    """
    paper = await load_paper(uow, cmd.paper, cmd.actor)
    authorize(paper, cmd.actor, Action.ADD_IMAGE)
    name = check_image_name(cmd.name)
    kind = inspect_image(cmd.data)
    digest = hashlib.sha256(cmd.data).hexdigest()
    current = await uow.images.get(paper, name)
    if current is not None and current.sha256 == digest:
        return current, Stored.UNCHANGED
    if decoder is not None:
        await decoder.verify(cmd.data, kind.media_type)
    if current is None and len(await uow.images.list(paper)) >= MAX_IMAGES_PER_PAPER:
        raise InvalidRequest(f"a paper holds at most {MAX_IMAGES_PER_PAPER} images")
    image = PaperImage(
        name=name,
        sha256=digest,
        media_type=kind.media_type,
        size=len(cmd.data),
        width=kind.width,
        height=kind.height,
        stored_by=cmd.actor,
        stored_at=datetime.now(UTC),
    )
    await uow.images.put(paper, image, cmd.data)
    uow.record(
        ImageStored(
            actor=cmd.actor,
            paper=paper.slug,
            image=name,
            sha256=digest,
            media_type=kind.media_type,
            size=len(cmd.data),
            replaced=current is not None,
        )
    )
    return image, Stored.REPLACED if current else Stored.CREATED


async def list_images(uow: UnitOfWork, slug: str, user: str) -> list[PaperImage]:
    """Every image of the paper, by name; any member may see them."""
    paper = await load_paper(uow, slug, user)
    return await uow.images.list(paper)


async def image_file(uow: UnitOfWork, slug: str, user: str, name: str) -> tuple[PaperImage, bytes]:
    """The image under the name and its bytes; any member may read them."""
    paper = await load_paper(uow, slug, user)
    image = await uow.images.get(paper, name)
    if image is None:
        raise NotFound(f"paper {slug!r} has no image {name[:120]!r}")
    data = await uow.images.data([image.sha256])
    return image, data[image.sha256]
