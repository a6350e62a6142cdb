"""The JSON shapes of the API: what a request may hold and what an answer holds."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from drafts.house_style import HouseStyle
from drafts.model import MAX_NUMBER, Paper, Section
from workflows.event_ports import LoggedEvent

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


# --- papers ------------------------------------------------------------------------------

Distribution = Literal["general", "limited", "restricted"]


class HouseStyleIn(Strict):
    """How the paper's files are set, after the UN Editorial Manual."""

    united_nations: bool = Field(
        default=False, description='The words "United Nations" at the head of the masthead'
    )
    organ: (
        Literal[
            "general-assembly", "security-council", "economic-and-social-council", "secretariat"
        ]
        | None
    ) = Field(default=None, description="The principal organ the masthead names, in each language")
    chapter_numbering: Literal["arabic", "roman"] = Field(
        default="arabic", description="Chapters numbered 1, 2 or I, II"
    )
    numbered_paragraphs: bool = Field(
        default=False, description="Every paragraph numbered through the document, to be cited"
    )

    def style(self) -> HouseStyle:
        return HouseStyle(**self.model_dump())


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
    distribution: Distribution = Field(
        default="general", description="The masthead's distribution; a version may set its own"
    )
    house_style: HouseStyleIn = Field(default_factory=HouseStyleIn)
    untranslated: Literal["source", "placeholder"] = "source"


class PaperPatch(Strict):
    """What is printed on the cover (titles and forums merge per language), the approval
    policy, how drafts show a text not yet translated, the distribution, and the house
    style (replaced as a whole)."""

    titles: dict[LanguageCode, Title] | None = None
    symbol: Symbol | None = None
    forum: Forum | None = None
    forums: dict[LanguageCode, Forum] | None = None
    date: dt.date | None = None
    distribution: Distribution | None = None
    house_style: HouseStyleIn | None = None
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
    distribution: str
    house_style: dict[str, Any]
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
            distribution=paper.distribution,
            house_style=paper.house_style.as_dict(),
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
