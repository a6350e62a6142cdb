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
# A revision number, comment id or position a client sends; an offset may be 0. Strict:
# JSON `true` or `"3"` is not a number (pydantic would otherwise take `true` as 1).
Number = Annotated[int, Field(ge=1, le=MAX_NUMBER, strict=True)]
Offset = Annotated[int, Field(ge=0, le=MAX_NUMBER, strict=True)]


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


class TokenOut(BaseModel):
    user: str
    token: str | None = Field(
        description="The new bearer token, shown only in the first answer; null on a replay"
    )


class RevokedOut(BaseModel):
    user: str
    revoked: int = Field(description="How many tokens stopped working")


class MembershipOut(BaseModel):
    paper: str
    roles: list[str]
    languages: dict[str, list[str]] = Field(
        default={}, description="The languages a role is limited to, by role"
    )


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
    untranslated: Literal["source", "placeholder"] = "source"


class PaperPatch(Strict):
    """What is printed on the cover (titles and forums merge per language), the approval
    policy, and how drafts show a text not yet translated."""

    titles: dict[LanguageCode, Title] | None = None
    symbol: Symbol | None = None
    forum: Forum | None = None
    forums: dict[LanguageCode, Forum] | None = None
    date: dt.date | None = None
    approvals_required: Annotated[int, Field(ge=1, le=20)] | None = Field(
        default=None,
        description="Approvals a text needs; texts in review that meet a lowered number "
        "are approved at once, approved texts stay approved when it is raised",
    )
    secretariat_approval_required: bool | None = None
    untranslated: Literal["source", "placeholder"] | None = Field(
        default=None,
        description="How a draft version shows a section not yet translated: the source "
        "text under a 'not yet translated' note, or the note alone",
    )


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
    untranslated: Literal["source", "placeholder"] = Field(
        description="How a draft version shows a section not yet translated: the source "
        "text under a 'not yet translated' note, or the note alone"
    )
    members: dict[str, list[str]]
    member_languages: dict[str, dict[str, list[str]]] = Field(
        description="The languages a member's role is limited to, by member and role; "
        "a role not named holds for every language"
    )

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
            untranslated=paper.untranslated.value,
            members={name: sorted(roles) for name, roles in sorted(paper.members.items())},
            member_languages={
                name: {role.value: list(langs) for role, langs in sorted(limits.items())}
                for name, limits in sorted(paper.member_languages.items())
            },
        )


class MemberIn(Strict):
    roles: Annotated[list[Annotated[str, StringConstraints(max_length=32)]], Field(max_length=4)]
    languages: Annotated[
        dict[
            Annotated[str, StringConstraints(max_length=32)],
            Annotated[list[LanguageCode], Field(max_length=6)],
        ],
        Field(max_length=4),
    ] = Field(
        default={},
        description='Limits a role to some languages: {"translator": ["es"]} makes a '
        "translator into Spanish only; translator and reviewer may be limited, a role not "
        "named holds for every language",
        examples=[{"translator": ["es", "fr"]}],
    )


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
    retired_at: dt.datetime | None = Field(
        default=None, description="When the section left the outline; null while in it"
    )

    @classmethod
    def of(cls, section: Section) -> SectionOut:
        return cls(
            key=section.key,
            position=section.position,
            titles=section.titles,
            authors=list(section.authors),
            retired_at=section.retired_at,
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
