"""The JSON shape of a paper's image."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from drafts.images import PaperImage


class ImageOut(BaseModel):
    name: str
    media_type: str
    size: int
    width: int
    height: int
    sha256: str
    stored_by: str
    stored_at: dt.datetime
    url: str

    @classmethod
    def of(cls, paper: str, image: PaperImage) -> ImageOut:
        return cls(
            name=image.name,
            media_type=image.media_type,
            size=image.size,
            width=image.width,
            height=image.height,
            sha256=image.sha256,
            stored_by=image.stored_by,
            stored_at=image.stored_at,
            url=f"/api/v1/papers/{paper}/images/{image.name}",
        )
