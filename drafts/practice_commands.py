"""What callers ask of the catalogue of practices, and the checking of what they send."""

from __future__ import annotations

from dataclasses import dataclass

from drafts.commands import Command
from drafts.practice_facts import Facts, check_facts
from drafts.practice_texts import check_text
from drafts.vocabularies import Actor, Approach, check_evidence, check_terms


@dataclass(frozen=True)
class PracticeFields:
    """A practice's facts and source text as sent (by the API or a spreadsheet's row),
    not yet checked: `checked` checks them against the paper's bibliography."""

    name: str
    summary: str = ""
    country: str | None = None
    region: str | None = None
    city: str = ""
    start_year: int | None = None
    end_year: int | None = None
    actors: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()
    # Each outcome's statement, in the source language, and the strength of its evidence.
    outcomes: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()

    def checked(self, bibliography: frozenset[str]) -> tuple[Facts, str, str, tuple[str, ...]]:
        """The facts, the name, the summary and the outcome statements, all checked."""
        facts = check_facts(
            country=self.country,
            region=self.region,
            city=self.city,
            start_year=self.start_year,
            end_year=self.end_year,
            actors=check_terms(self.actors, Actor, "actors"),
            approaches=check_terms(self.approaches, Approach, "approaches"),
            evidence=tuple(
                check_evidence(e, f"outcomes[{i}].evidence")
                for i, (_, e) in enumerate(self.outcomes)
            ),
            sources=self.sources,
            bibliography=bibliography,
        )
        name, summary, outcomes = check_text(
            self.name, self.summary, tuple(o for o, _ in self.outcomes), "source text"
        )
        return facts, name, summary, outcomes


@dataclass(frozen=True, kw_only=True)
class ProposePractice(Command):
    paper: str
    key: str
    fields: PracticeFields


@dataclass(frozen=True, kw_only=True)
class EditPractice(Command):
    """New facts and source text for a practice (all of them, as a PUT sends them)."""

    paper: str
    key: str
    fields: PracticeFields
    if_version: int | None = None  # the version the caller changed (from its ETag)


@dataclass(frozen=True, kw_only=True)
class TranslatePractice(Command):
    paper: str
    key: str
    language: str
    name: str
    summary: str = ""
    outcomes: tuple[str, ...] = ()
    source_revision: int | None = None  # the source text translated; the current one if None


@dataclass(frozen=True, kw_only=True)
class VerifyPractice(Command):
    paper: str
    key: str


@dataclass(frozen=True, kw_only=True)
class RetirePractice(Command):
    paper: str
    key: str
