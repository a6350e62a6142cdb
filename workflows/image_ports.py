"""The ports of a paper's images: their store and the decoder that checks an upload."""

from __future__ import annotations

from typing import Protocol

from drafts.images import PaperImage
from drafts.model import Paper


class ImageRepository(Protocol):
    async def get(self, paper: Paper, name: str) -> PaperImage | None: ...
    async def put(self, paper: Paper, image: PaperImage, data: bytes) -> None: ...
    async def data(self, hashes: list[str]) -> dict[str, bytes]:
        """Image bytes by SHA-256, for any image ever stored."""
        ...

    async def list(self, paper: Paper) -> list[PaperImage]:
        """The paper's images, by name."""
        ...


class ImageDecoder(Protocol):
    """Decodes an image whose header passed, to prove its data is whole before it is kept
    (a file whose pixels cannot be decoded would fail every version that shows it)."""

    async def verify(self, data: bytes, media_type: str) -> None:
        """Return if the image decodes; raise UnsupportedImage saying why otherwise."""
        ...
