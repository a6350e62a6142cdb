"""Putting the caller's images where pandoc's filter and Typst may read them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from workflows.rendering import RenderFailed, RenderImage

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

# Recognised by their first bytes, never by the name the caller gave: these three are
# what both Word and Typst show. SVG is left out on purpose: it can point at other files.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
)


def stage_images(images: Iterable[RenderImage], folder: Path) -> dict[str, dict[str, str]]:
    """Write each image into the folder under a name of our own; return, per name the
    text uses, the file and its media type (what the pandoc filter expects)."""
    staged: dict[str, dict[str, str]] = {}
    for number, image in enumerate(images, start=1):
        if not _NAME.fullmatch(image.name):
            raise RenderFailed(
                f"image name {image.name!r} is not a plain file name (letters, digits, . _ -)"
            )
        if image.name in staged:
            raise RenderFailed(f"two images are named {image.name!r}")
        kind = next((s for s in _SIGNATURES if image.data.startswith(s[0])), None)
        if kind is None:
            raise RenderFailed(f"image {image.name!r} is not a PNG, JPEG or GIF file")
        _, extension, mime = kind
        file = f"image-{number}.{extension}"
        (folder / file).write_bytes(image.data)
        staged[image.name] = {"file": file, "mime": mime}
    return staged
