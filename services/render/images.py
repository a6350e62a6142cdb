"""Putting the caller's images where pandoc's filter and Typst may read them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from drafts.errors import DomainError
from drafts.images import IMAGE_NAME, inspect_image
from workflows.rendering import RenderFailed, RenderImage


def stage_images(images: Iterable[RenderImage], folder: Path) -> dict[str, dict[str, str]]:
    """Write each image into the folder under a name of our own; return, per name the
    text uses, the file and its media type (what the pandoc filter expects)."""
    staged: dict[str, dict[str, str]] = {}
    for number, image in enumerate(images, start=1):
        if not IMAGE_NAME.fullmatch(image.name):
            raise RenderFailed(
                f"image name {image.name!r} is not a plain file name (letters, digits, . _ -)"
            )
        if image.name in staged:
            raise RenderFailed(f"two images are named {image.name!r}")
        # Checked again here, by the bytes: the renderer trusts no caller.
        try:
            kind = inspect_image(image.data)
        except DomainError as refused:
            raise RenderFailed(f"image {image.name!r}: {refused.detail}") from None
        file = f"image-{number}.{kind.extension}"
        (folder / file).write_bytes(image.data)
        staged[image.name] = {"file": file, "mime": kind.media_type}
    return staged
