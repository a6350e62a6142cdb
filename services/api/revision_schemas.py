"""The JSON shapes of a text's revisions: one saved and read, the changes between two, and
the state of each language of a section."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from drafts.model import Revision
from services.api.schemas import Number, Strict


class RevisionIn(Strict):
    body: str = Field(description="pandoc Markdown")
    base_revision: Number | None = Field(
        default=None,
        description="The revision the text was edited from; required once one exists "
        "(or send If-Match with its ETag)",
    )
    source_revision: Number | None = Field(
        default=None,
        description="For a translation: the source-language revision it translates "
        "(default: the approved source revision)",
    )


class RevisionSummaryOut(BaseModel):
    number: int
    content_hash: str
    author: str
    created_at: dt.datetime
    parent: int | None
    base: int | None
    merged: bool
    source_revision: int | None

    @classmethod
    def of(cls, revision: Revision) -> RevisionSummaryOut:
        return cls(
            number=revision.number,
            content_hash=revision.content_hash,
            author=revision.author,
            created_at=revision.created_at,
            parent=revision.parent,
            base=revision.base,
            merged=revision.merged,
            source_revision=revision.source_revision,
        )


class RevisionOut(RevisionSummaryOut):
    section: str
    language: str
    body: str

    @classmethod
    def full(cls, revision: Revision, section: str, language: str) -> RevisionOut:
        return cls(
            **RevisionSummaryOut.of(revision).model_dump(),
            section=section,
            language=language,
            body=revision.body,
        )


class WordChangeOut(BaseModel):
    op: Literal["equal", "insert", "delete"]
    text: str


class DiffOut(BaseModel):
    section: str
    language: str
    old: int
    new: int
    unified: str
    words: list[WordChangeOut]


class SourceDistanceOut(BaseModel):
    made_from: int | None = Field(description="The source revision the translation was made from")
    current_revision: int = Field(description="The source's latest revision")
    approved_revision: int | None = Field(description="The source's approved revision")
    revisions_behind: int = Field(
        description="Source revisions saved since the one the translation was made from"
    )
    moved: bool = Field(description="The source changed since the translation was made")


class LanguageStatusOut(BaseModel):
    section: str
    language: str
    is_source: bool
    state: str
    current_revision: RevisionSummaryOut | None
    approved_revision: int | None
    approvals: list[str] = Field(description="Who approved the current revision (not void)")
    open_comments: int
    stale: bool = Field(
        description="A translation made from a source revision that is not the approved one"
    )
    source: SourceDistanceOut | None = Field(
        description="For a translation whose source has text: how far the source moved"
    )
