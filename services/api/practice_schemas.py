"""What the catalogue of practices sends and answers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from drafts.practice_commands import PracticeFields
from drafts.practice_facts import FIRST_YEAR, LAST_YEAR, MAX_CITY, MAX_SOURCE_KEY, MAX_SOURCES
from drafts.practice_texts import MAX_NAME, MAX_OUTCOME, MAX_OUTCOMES, MAX_SUMMARY
from drafts.practices import Practice
from drafts.vocabularies import Actor, Approach, Evidence

Term = Annotated[str, StringConstraints(max_length=60)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)]
Summary = Annotated[str, StringConstraints(max_length=MAX_SUMMARY)]
Statement = Annotated[str, StringConstraints(min_length=1, max_length=MAX_OUTCOME)]
SourceKey = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SOURCE_KEY)]


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Statement
    evidence: Term = Field(description=", ".join(e.value for e in Evidence) + " (weakest first)")


class PracticeIn(BaseModel):
    """A practice's facts and its text in the paper's source language."""

    model_config = ConfigDict(extra="forbid")
    name: Name
    summary: Summary = ""
    country: Annotated[str | None, StringConstraints(max_length=2)] = Field(
        default=None, description="ISO 3166-1 alpha-2, such as CO", examples=["CO"]
    )
    region: Annotated[str | None, StringConstraints(max_length=3)] = Field(
        default=None,
        description="UN M49 code; derived from the country when not given",
        examples=["419"],
    )
    city: Annotated[str, StringConstraints(max_length=MAX_CITY)] = ""
    start_year: Year | None = None
    end_year: Year | None = None
    actors: Annotated[list[Term], Field(max_length=len(Actor))] = Field(
        default_factory=list, description=", ".join(a.value for a in Actor)
    )
    approaches: Annotated[list[Term], Field(max_length=len(Approach))] = Field(
        default_factory=list, description=", ".join(a.value for a in Approach)
    )
    outcomes: Annotated[list[OutcomeIn], Field(max_length=MAX_OUTCOMES)] = Field(
        default_factory=list
    )
    sources: Annotated[list[SourceKey], Field(max_length=MAX_SOURCES)] = Field(
        default_factory=list, description="ids of entries of the paper's bibliography"
    )

    def fields(self) -> PracticeFields:
        return PracticeFields(
            name=self.name,
            summary=self.summary,
            country=self.country,
            region=self.region,
            city=self.city,
            start_year=self.start_year,
            end_year=self.end_year,
            actors=tuple(self.actors),
            approaches=tuple(self.approaches),
            outcomes=tuple((o.text, o.evidence) for o in self.outcomes),
            sources=tuple(self.sources),
        )


class NewPracticeIn(PracticeIn):
    key: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        examples=["medellin-integral-urban-projects"]
    )


class TranslationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    summary: Summary = ""
    outcomes: Annotated[list[Statement], Field(max_length=MAX_OUTCOMES)] = Field(
        default_factory=list, description="each of the source's outcomes, in its order"
    )
    source_revision: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = Field(
        default=None, description="the source text translated; the current one if omitted"
    )


class OutcomeOut(BaseModel):
    text: str
    evidence: str


class TextOut(BaseModel):
    name: str
    summary: str
    outcomes: list[str]
    author: str
    revision: int
    source_revision: int | None = Field(
        description="For a translation: the source text's revision it was made from"
    )
    stale: bool = Field(description="A translation made from an older source text")


class PracticeOut(BaseModel):
    key: str
    version: int
    source_language: str
    name: str = Field(description="In the source language")
    summary: str
    country: str | None
    region: str
    city: str
    start_year: int | None
    end_year: int | None
    actors: list[str]
    approaches: list[str]
    outcomes: list[OutcomeOut]
    sources: list[str]
    proposed_by: str
    proposed_at: str
    verified: bool
    verified_by: str | None
    verified_at: str | None
    retired: bool
    texts: dict[str, TextOut] = Field(description="Every language the practice is written in")
    untranslated: list[str] = Field(description="The paper's languages without a translation")

    @classmethod
    def of(cls, practice: Practice, languages: tuple[str, ...]) -> PracticeOut:
        facts, source = practice.facts, practice.source
        return cls(
            key=practice.key,
            version=practice.version,
            source_language=practice.source_language,
            name=source.name,
            summary=source.summary,
            country=facts.country,
            region=facts.region,
            city=facts.city,
            start_year=facts.start_year,
            end_year=facts.end_year,
            actors=[a.value for a in facts.actors],
            approaches=[a.value for a in facts.approaches],
            outcomes=[
                OutcomeOut(text=t, evidence=e.value)
                for t, e in zip(source.outcomes, facts.evidence, strict=True)
            ],
            sources=list(facts.sources),
            proposed_by=practice.proposed_by,
            proposed_at=practice.proposed_at.isoformat(),
            verified=practice.verified,
            verified_by=practice.verified_by,
            verified_at=practice.verified_at.isoformat() if practice.verified_at else None,
            retired=practice.retired,
            texts={
                lang: TextOut(
                    name=t.name,
                    summary=t.summary,
                    outcomes=list(t.outcomes),
                    author=t.author,
                    revision=t.revision,
                    source_revision=t.source_revision,
                    stale=practice.is_stale(lang),
                )
                for lang, t in sorted(practice.texts.items())
            },
            untranslated=[lang for lang in languages if lang not in practice.texts],
        )


class ImportOut(BaseModel):
    changed: bool = Field(description="False when every row matched what was stored")
    rows: int
    proposed: int
    edited: int
    translated: int = Field(description="Translations added or changed")
    unchanged: int = Field(description="Rows that changed nothing")
