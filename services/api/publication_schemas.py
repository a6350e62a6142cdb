"""The JSON shapes of publishing."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from drafts.publications import Artifact, Publication
from services.api.schemas import LanguageCode, Strict
from workflows.editions import download_name


class PublicationIn(Strict):
    version: Annotated[str, StringConstraints(max_length=16)] = Field(examples=["1.0"])
    kind: Literal["draft", "final"]
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=6)] | None = None
    formats: Annotated[list[Literal["docx", "pdf"]], Field(min_length=1, max_length=2)] = [
        "docx",
        "pdf",
    ]


class BibliographyIn(Strict):
    csl_json: str | None = Field(
        description="The paper's references as CSL JSON (a JSON array), or null to remove them"
    )


class ManifestEntryOut(BaseModel):
    section: str
    position: int
    language: str
    revision: int = Field(description="0 in a draft where no text exists yet, in any language")
    content_hash: str
    title: str
    text_language: str | None = Field(
        default=None,
        description="In a draft, where the section is not translated yet: the language "
        "whose revision is shown instead (the source); null for a text of its own",
    )


class ArtifactOut(BaseModel):
    language: str
    format: str
    status: str
    size: int | None
    sha256: str | None
    error: str | None
    url: str | None
    filename: str


class PublicationOut(BaseModel):
    version: str
    kind: str
    status: str
    failure: str | None
    languages: list[str]
    formats: list[str]
    requested_by: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    manifest: list[ManifestEntryOut]
    artifacts: list[ArtifactOut]
    # Why a version still rendering makes no progress, when the service knows (no worker
    # alive to render it); null otherwise.
    waiting_for: str | None = None

    @classmethod
    def of(cls, slug: str, publication: Publication, artifacts: list[Artifact]) -> PublicationOut:
        base = f"/api/v1/papers/{slug}/publications/{publication.version}/artifacts"
        return cls(
            version=publication.version,
            kind=publication.kind.value,
            status=publication.status.value,
            failure=publication.failure,
            languages=list(publication.languages),
            formats=list(publication.formats),
            requested_by=publication.requested_by,
            created_at=publication.created_at,
            published_at=publication.published_at,
            manifest=[ManifestEntryOut(**vars(e)) for e in publication.manifest],
            artifacts=[
                ArtifactOut(
                    language=a.language,
                    format=a.format,
                    status=a.status.value,
                    size=a.size,
                    sha256=a.sha256,
                    error=a.error,
                    url=f"{base}/{a.language}.{a.format}" if a.status.value == "done" else None,
                    filename=download_name(publication, a.language, a.format),
                )
                for a in artifacts
            ],
        )
