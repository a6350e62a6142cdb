"""The JSON shapes of review: comments, suggestions, reviews, status and source changes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from drafts.comments import Comment
from services.api.citation_schemas import PracticeCitationOut
from services.api.revision_schemas import WordChangeOut
from services.api.schemas import LanguageCode, Number, Offset, Strict
from workflows.revision_ports import HeadSummary
from workflows.status import Cell

Text = Annotated[str, StringConstraints(max_length=20_000)]


class CommentIn(Strict):
    language: LanguageCode | None = Field(
        default=None, description="Default: the paper's source language"
    )
    body: Text
    revision: Number | None = Field(
        default=None, description="The revision quoted (default: the current one)"
    )
    exact: Annotated[str, StringConstraints(max_length=5000)] | None = Field(
        default=None,
        description="The quoted text (W3C TextQuoteSelector); a new thread gives it, "
        "a position (`start` and `end`), or both",
    )
    prefix: Annotated[str, StringConstraints(max_length=5000)] = Field(
        default="", description="The text just before the quote"
    )
    suffix: Annotated[str, StringConstraints(max_length=5000)] = Field(
        default="", description="The text just after the quote"
    )
    start: Offset | None = Field(
        default=None,
        description="Character offset where the passage starts (W3C TextPositionSelector); "
        "without it the quote is looked for, and several matches answer 422 with candidates",
    )
    end: Offset | None = Field(
        default=None, description="Character offset where the passage ends (exclusive)"
    )
    parent: Number | None = None
    replacement: Text | None = Field(
        default=None, description="Makes the comment a suggestion to replace the quote"
    )


class CommentPatch(Strict):
    body: Text | None = None
    replacement: Text | None = Field(default=None, description="A suggestion's new replacement")


class SettleIn(Strict):
    note: Text | None = None


class RejectIn(Strict):
    reason: Text


class QuoteOut(BaseModel):
    exact: str
    prefix: str
    suffix: str
    start: int


class AnchorOut(BaseModel):
    revision: int | None
    status: Literal["exact", "fuzzy", "orphaned"]
    start: int | None
    end: int | None
    text: str | None = Field(description="What stands there in the current revision now")


class CommentOut(BaseModel):
    id: int
    section: str
    language: str
    revision: int
    author: str
    body: str
    created_at: dt.datetime
    parent: int | None
    quote: QuoteOut | None
    replacement: str | None
    status: str
    disposition: str | None
    disposition_note: str | None
    resolved_by: str | None
    edited_at: dt.datetime | None = Field(
        default=None, description="When its author last edited it; null if never"
    )
    anchor: AnchorOut | None

    @classmethod
    def of(
        cls, comment: Comment, section: str, language: str, current: tuple[int, str] | None
    ) -> CommentOut:
        anchor = None
        if comment.anchor is not None:
            a = comment.anchor
            text = None
            if current and comment.anchor_revision == current[0] and a.start is not None:
                text = current[1][a.start : a.end]
            anchor = AnchorOut(
                revision=comment.anchor_revision,
                status=a.status,
                start=a.start,
                end=a.end,
                text=text,
            )
        q = comment.quote
        assert comment.id is not None
        return cls(
            id=comment.id,
            section=section,
            language=language,
            revision=comment.revision,
            author=comment.author,
            body=comment.body,
            created_at=comment.created_at,
            parent=comment.parent,
            quote=QuoteOut(exact=q.exact, prefix=q.prefix, suffix=q.suffix, start=q.start)
            if q
            else None,
            replacement=comment.replacement,
            status=comment.status.value,
            disposition=comment.disposition.value if comment.disposition else None,
            disposition_note=comment.disposition_note,
            resolved_by=comment.resolved_by,
            edited_at=comment.edited_at,
            anchor=anchor,
        )


class ReviewIn(Strict):
    language: LanguageCode | None = Field(
        default=None, description="Default: the paper's source language"
    )
    revision: Number
    decision: Literal["approve", "request_changes"]
    note: Text = ""


class ReviewOut(BaseModel):
    section: str
    language: str
    revision: int
    content_hash: str
    reviewer: str
    decision: str
    note: str
    created_at: dt.datetime
    state: str = Field(description="The text's state after this review")


class SubmitOut(BaseModel):
    section: str
    language: str
    state: str
    revision: int


class CellOut(BaseModel):
    state: str
    current_revision: int | None
    content_hash: str | None
    approved_revision: int | None
    approvals: list[str]
    open_comments: int
    stale: bool
    source_moved: bool = Field(
        description="For a translation: the source has a revision newer than the one it "
        "was made from (approved or not)"
    )

    @classmethod
    def of(cls, cell: Cell) -> CellOut:
        head: HeadSummary | None = cell.head
        return cls(
            state=cell.state.value,
            current_revision=head.number if head else None,
            content_hash=head.content_hash if head else None,
            approved_revision=cell.approved,
            approvals=cell.approvals,
            open_comments=cell.open_comments,
            stale=cell.stale,
            source_moved=cell.source_moved,
        )


class SectionStatusOut(BaseModel):
    key: str
    position: int
    titles: dict[str, str]
    languages: dict[str, CellOut]


class StatusOut(BaseModel):
    paper: str
    source_language: str
    languages: list[str]
    sections: list[SectionStatusOut]
    practice_citations: list[PracticeCitationOut] = Field(
        default_factory=list,
        description="Which practices the current text of each section cites, per language",
    )
    next: str | None = Field(
        default=None, description="With `limit`: the cursor of the next page of sections"
    )


class SourceChangesOut(BaseModel):
    section: str
    language: str
    made_from: int | None = Field(description="The source revision the translation was made from")
    source_revision: int | None = Field(description="The approved (else latest) source revision")
    up_to_date: bool
    unified: str
    words: list[WordChangeOut]
