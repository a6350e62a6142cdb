"""The JSON shapes of Word uploads: what a file added, and what it could not keep."""

from __future__ import annotations

from pydantic import BaseModel, Field

from drafts.comments import Comment
from services.api.revision_schemas import RevisionSummaryOut
from workflows.word_files import Dropped
from workflows.word_review import Outcome


class MarkOut(BaseModel):
    """A thread, suggestion or reply a Word comment or tracked change became."""

    id: int
    author: str
    parent: int | None = None
    exact: str | None = Field(None, description="The words it stands on (threads)")
    replacement: str | None = None

    @classmethod
    def of(cls, comment: Comment) -> MarkOut:
        assert comment.id is not None
        return cls(
            id=comment.id,
            author=comment.author,
            parent=comment.parent,
            exact=comment.quote.exact if comment.quote else None,
            replacement=comment.replacement,
        )


class DroppedOut(BaseModel):
    kind: str = Field(examples=["text-box"])
    count: int
    detail: str

    @classmethod
    def of(cls, dropped: Dropped) -> DroppedOut:
        return cls(kind=dropped.kind, count=dropped.count, detail=dropped.detail)


class ReviewMarksOut(BaseModel):
    threads: list[MarkOut]
    suggestions: list[MarkOut]
    replies: list[MarkOut]
    already_in: int = Field(description="Marks an earlier upload of the file brought in")
    unplaced: list[str] = Field(description="Marks whose words were not found, and why")
    credited: dict[str, str] = Field(description="Word author → the member credited")

    @classmethod
    def fields_of(cls, outcome: Outcome) -> dict[str, object]:
        return {
            "threads": [MarkOut.of(c) for c in outcome.threads],
            "suggestions": [MarkOut.of(c) for c in outcome.suggestions],
            "replies": [MarkOut.of(c) for c in outcome.replies],
            "already_in": outcome.already_in,
            "unplaced": outcome.unplaced,
            "credited": outcome.credits,
        }


class ImportOut(ReviewMarksOut):
    section: str
    language: str
    created: bool = Field(description="Whether the file's text made a new revision")
    merged: bool = Field(description="Whether that revision was merged with newer edits")
    revision: RevisionSummaryOut = Field(description="The current revision now")
    dropped: list[DroppedOut] = Field(description="What of the file the text cannot hold")


class ReviewCopyReturnedOut(ReviewMarksOut):
    language: str
