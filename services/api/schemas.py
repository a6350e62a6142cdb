"""The JSON shapes of the API: what a request may hold and what an answer holds."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from drafts.model import MAX_NUMBER, Paper, Revision, Section, User
from workflows.ports import LoggedEvent

T = TypeVar("T")

Title = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
LanguageCode = Annotated[str, StringConstraints(min_length=2, max_length=8)]
Symbol = Annotated[str, StringConstraints(max_length=200)]
Forum = Annotated[str, StringConstraints(max_length=500)]
# A revision number, comment id or position a client sends; an offset may be 0.
Number = Annotated[int, Field(ge=1, le=MAX_NUMBER)]
Offset = Annotated[int, Field(ge=0, le=MAX_NUMBER)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- users -------------------------------------------------------------------------------


class UserIn(Strict):
    name: Name = Field(examples=["amina"])
    email: Annotated[str, StringConstraints(min_length=3, max_length=254)]
    is_admin: bool = False


class UserOut(BaseModel):
    name: str
    email: str
    is_admin: bool

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(name=user.name, email=user.email, is_admin=user.is_admin)


class NewUserOut(UserOut):
    token: str | None = Field(
        description="The bearer token, shown only in the first answer; null on a replay"
    )


class RevokedOut(BaseModel):
    user: str
    revoked: int = Field(description="How many tokens stopped working")


class MembershipOut(BaseModel):
    paper: str
    roles: list[str]


class MeOut(UserOut):
    memberships: list[MembershipOut]


# --- papers ------------------------------------------------------------------------------


class PaperIn(Strict):
    slug: Name = Field(examples=["habitat3-urban-safety"])
    titles: dict[LanguageCode, Title]
    source_language: LanguageCode = Field(examples=["en"])
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=6)]
    symbol: Symbol = ""
    forum: Forum = ""
    forums: dict[LanguageCode, Forum] = Field(
        default={}, description="The forum as the paper's other languages write it"
    )
    date: dt.date | None = None
    approvals_required: Annotated[int, Field(ge=1, le=20)] = 1
    secretariat_approval_required: bool = False


class PaperPatch(Strict):
    """What is printed on the cover; titles and forums merge per language."""

    titles: dict[LanguageCode, Title] | None = None
    symbol: Symbol | None = None
    forum: Forum | None = None
    forums: dict[LanguageCode, Forum] | None = None
    date: dt.date | None = None


class PaperOut(BaseModel):
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: list[str]
    target_languages: list[str]
    symbol: str
    forum: str
    forums: dict[str, str]
    date: dt.date | None
    approvals_required: int
    secretariat_approval_required: bool
    members: dict[str, list[str]]

    @classmethod
    def of(cls, paper: Paper) -> PaperOut:
        return cls(
            slug=paper.slug,
            titles=paper.titles,
            source_language=paper.source_language,
            languages=list(paper.languages),
            target_languages=list(paper.target_languages),
            symbol=paper.symbol,
            forum=paper.forum,
            forums=paper.forums,
            date=paper.date,
            approvals_required=paper.approvals_required,
            secretariat_approval_required=paper.secretariat_approval_required,
            members={name: sorted(roles) for name, roles in sorted(paper.members.items())},
        )


class MemberIn(Strict):
    roles: Annotated[list[Annotated[str, StringConstraints(max_length=32)]], Field(max_length=4)]


# --- outline -----------------------------------------------------------------------------


class SectionIn(Strict):
    key: Name = Field(examples=["prevention"])
    titles: dict[LanguageCode, Title]
    authors: Annotated[list[Name], Field(max_length=50)] = []
    position: Number | None = None


class SectionPatch(Strict):
    titles: dict[LanguageCode, Title] | None = None
    authors: Annotated[list[Name], Field(max_length=50)] | None = None


class OutlineIn(Strict):
    order: Annotated[list[Name], Field(max_length=1000)]


class SectionOut(BaseModel):
    key: str
    position: int
    titles: dict[str, str]
    authors: list[str]

    @classmethod
    def of(cls, section: Section) -> SectionOut:
        return cls(
            key=section.key,
            position=section.position,
            titles=section.titles,
            authors=list(section.authors),
        )


# --- revisions ---------------------------------------------------------------------------


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


class LanguageStatusOut(BaseModel):
    section: str
    language: str
    is_source: bool
    state: str
    current_revision: RevisionSummaryOut | None
    approved_revision: int | None


# --- events and pages --------------------------------------------------------------------


class EventOut(BaseModel):
    id: str
    type: str
    actor: str
    paper: str | None
    occurred_at: dt.datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, event: LoggedEvent) -> EventOut:
        return cls(
            id=event.id,
            type=event.name,
            actor=event.actor,
            paper=event.paper,
            occurred_at=event.occurred_at,
            data=event.payload,
        )


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(description="Pass as `after` for the next page; null at the end")
