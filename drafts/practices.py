"""The practices a paper stands on: what was done where, by whom, and how we know.

A practice has facts (where, when, who, how, the strength of the evidence of each outcome,
its sources in the paper's bibliography) and texts (its name, summary and outcome
statements), written first in the paper's source language and translated into the others.

Translations go stale as section translations do: the source text carries a revision
number that grows with each change of it, a translation records the source revision it
was made from, and it is stale while the two differ.

Verification is the secretariat's word that the facts and the source text hold: any later
change of either un-verifies the practice, which the secretariat then verifies again. A
translation changes neither, so it leaves the verification as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from drafts.errors import InvalidRequest, InvalidTransition
from drafts.model import check_slug
from drafts.regions import place
from drafts.text import check_storable
from drafts.vocabularies import Actor, Approach, Evidence

MAX_NAME = 300
MAX_SUMMARY = 4000
MAX_OUTCOME = 1000
MAX_OUTCOMES = 20
MAX_CITY = 120
MAX_SOURCES = 50
MAX_SOURCE_KEY = 200
FIRST_YEAR, LAST_YEAR = 1900, 2100

# The fields of a practice's text, as `LocalizedText.from_source` names them.
TEXT_FIELDS = ("name", "summary", "outcomes")


def _line(
    value: str, what: str, limit: int, *, required: bool = True, one_line: bool = True
) -> str:
    value = value.strip()
    check_storable(value, what)
    # A name or an outcome is one line: a spreadsheet's cell holds the outcomes one per
    # line, so a line break inside one would split it in two.
    if one_line and ("\n" in value or "\r" in value):
        raise InvalidRequest(f"{what} is one line: it holds a line break")
    if required and not value:
        raise InvalidRequest(f"{what} is empty")
    if len(value) > limit:
        raise InvalidRequest(f"{what} is longer than {limit} characters")
    return value


@dataclass(frozen=True)
class Facts:
    """What a practice is, in no language: checked when made (`check_facts`)."""

    region: str  # UN M49 code of the smallest area known ("005" South America)
    country: str | None = None  # ISO 3166-1 alpha-2
    city: str = ""
    start_year: int | None = None
    end_year: int | None = None
    actors: tuple[Actor, ...] = ()
    approaches: tuple[Approach, ...] = ()
    # The strength of the evidence of each outcome, in the order of the texts' outcomes.
    evidence: tuple[Evidence, ...] = ()
    sources: tuple[str, ...] = ()  # ids of entries of the paper's CSL bibliography


def check_facts(
    *,
    country: str | None,
    region: str | None,
    city: str,
    start_year: int | None,
    end_year: int | None,
    actors: tuple[Actor, ...],
    approaches: tuple[Approach, ...],
    evidence: tuple[Evidence, ...],
    sources: tuple[str, ...],
    bibliography: frozenset[str],
) -> Facts:
    """Facts that hold together: the region holds the country (or is the country's own,
    when none is given), the period is in order, every source is in the bibliography."""
    checked_country, checked_region = place(country, region)
    for what, year in (("start_year", start_year), ("end_year", end_year)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidRequest(f"{what} must be between {FIRST_YEAR} and {LAST_YEAR}")
    if start_year is not None and end_year is not None and end_year < start_year:
        raise InvalidRequest("end_year is before start_year")
    if len(evidence) > MAX_OUTCOMES:
        raise InvalidRequest(f"a practice has at most {MAX_OUTCOMES} outcomes")
    if len(sources) > MAX_SOURCES:
        raise InvalidRequest(f"a practice has at most {MAX_SOURCES} sources")
    keys = tuple(dict.fromkeys(s.strip() for s in sources))
    for key in keys:
        _line(key, "source", MAX_SOURCE_KEY)
    unknown = [k for k in keys if k not in bibliography]
    if unknown:
        raise InvalidRequest(
            "sources: not in the paper's bibliography: " + ", ".join(map(repr, unknown[:10]))
        )
    return Facts(
        region=checked_region,
        country=checked_country,
        city=_line(city, "city", MAX_CITY, required=False),
        start_year=start_year,
        end_year=end_year,
        actors=actors,
        approaches=approaches,
        evidence=evidence,
        sources=keys,
    )


def bibliography_keys(csl_json: str | None) -> frozenset[str]:
    """The ids of the entries of a paper's CSL JSON bibliography (checked when it was set)."""
    if not csl_json:
        return frozenset()
    items = json.loads(csl_json)
    return frozenset(item["id"] for item in items if isinstance(item, dict) and "id" in item)


@dataclass(frozen=True)
class PracticeText:
    """A practice's words in one language.

    For the source language, `revision` counts the changes of this text and
    `source_revision` is None; for a translation, `source_revision` is the source revision
    it was made from (and `revision` counts the translation's own changes)."""

    name: str
    summary: str
    outcomes: tuple[str, ...] = ()
    author: str = ""
    revision: int = 1
    source_revision: int | None = None


def check_text(
    name: str, summary: str, outcomes: tuple[str, ...], what: str
) -> tuple[str, str, tuple[str, ...]]:
    if len(outcomes) > MAX_OUTCOMES:
        raise InvalidRequest(f"{what}: at most {MAX_OUTCOMES} outcomes")
    return (
        _line(name, f"{what}.name", MAX_NAME),
        _line(summary, f"{what}.summary", MAX_SUMMARY, required=False, one_line=False),
        tuple(_line(o, f"{what}.outcomes[{i}]", MAX_OUTCOME) for i, o in enumerate(outcomes)),
    )


@dataclass(frozen=True)
class LocalizedText:
    """A practice's text as a document in `language` shows it.

    A field without a usable translation shows the source's words: `from_source` names
    those fields (all three for a language not translated yet, `outcomes` alone for a
    translation made before the outcomes were added or removed). `stale` says the
    translation shown was made from an older source text."""

    language: str
    name: str
    summary: str
    outcomes: tuple[tuple[str, Evidence], ...]
    from_source: frozenset[str]
    stale: bool

    @property
    def falls_back(self) -> bool:
        return bool(self.from_source)


@dataclass
class Practice:
    key: str
    source_language: str
    facts: Facts
    texts: dict[str, PracticeText]
    proposed_by: str
    proposed_at: datetime
    verified_by: str | None = None
    verified_at: datetime | None = None
    retired_at: datetime | None = None
    version: int = 1  # grows with every change: the ETag of the practice
    id: int | None = None

    def __post_init__(self) -> None:
        check_slug(self.key, "practice key")

    @property
    def verified(self) -> bool:
        return self.verified_by is not None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def source(self) -> PracticeText:
        return self.texts[self.source_language]

    def is_stale(self, language: str) -> bool:
        """Whether the translation into `language` was made from an older source text."""
        text = self.texts.get(language)
        if text is None or language == self.source_language:
            return False
        return text.source_revision != self.source.revision

    def text_in(self, language: str) -> LocalizedText:
        """The practice's words in `language`, the source's where there are none."""
        source = self.source
        text = self.texts.get(language, source)
        fell_back = set() if text is not source else set(TEXT_FIELDS)
        outcomes = text.outcomes
        if len(outcomes) != len(self.facts.evidence):
            outcomes, fell_back = source.outcomes, fell_back | {"outcomes"}
        if language == self.source_language:
            fell_back = set()
        return LocalizedText(
            language=language,
            name=text.name,
            summary=text.summary,
            outcomes=tuple(zip(outcomes, self.facts.evidence, strict=True)),
            from_source=frozenset(fell_back),
            stale=text is not source and self.is_stale(language),
        )

    def require_open(self) -> None:
        if self.retired:
            raise InvalidTransition(
                f"practice {self.key!r} is retired: it can be read, not changed"
            )

    def revised(
        self, actor: str, facts: Facts, name: str, summary: str, outcomes: tuple[str, ...]
    ) -> tuple[Practice, tuple[str, ...]]:
        """The practice with new facts and source text, and the fields that changed.

        A change un-verifies it; a new source text makes its translations stale."""
        self.require_open()
        if len(outcomes) != len(facts.evidence):
            raise InvalidRequest("each outcome needs its strength of evidence, and no more")
        changed = [
            f for f in Facts.__dataclass_fields__ if getattr(facts, f) != getattr(self.facts, f)
        ]
        source = self.source
        new_source = source
        if (name, summary, outcomes) != (source.name, source.summary, source.outcomes):
            changed += [
                f
                for f, old, new in zip(
                    TEXT_FIELDS,
                    (source.name, source.summary, source.outcomes),
                    (name, summary, outcomes),
                    strict=True,
                )
                if old != new
            ]
            new_source = PracticeText(name, summary, outcomes, actor, source.revision + 1)
        if not changed:
            return self, ()
        texts = {**self.texts, self.source_language: new_source}
        return replace(
            self,
            facts=facts,
            texts=texts,
            verified_by=None,
            verified_at=None,
            version=self.version + 1,
        ), tuple(changed)

    def translated(
        self,
        actor: str,
        language: str,
        name: str,
        summary: str,
        outcomes: tuple[str, ...],
        source_revision: int | None = None,
    ) -> tuple[Practice, bool]:
        """The practice with its text in `language`, made from `source_revision` (the
        current source when not named); and whether anything changed."""
        self.require_open()
        if language == self.source_language:
            raise InvalidRequest(f"{language} is the practice's source language: edit it instead")
        made_from = self.source.revision if source_revision is None else source_revision
        if not 1 <= made_from <= self.source.revision:
            raise InvalidRequest(f"source revision {made_from} does not exist")
        if made_from == self.source.revision and len(outcomes) != len(self.facts.evidence):
            raise InvalidRequest(
                f"the source has {len(self.facts.evidence)} outcomes; translate each of them"
            )
        old = self.texts.get(language)
        if old is not None and (old.name, old.summary, old.outcomes, old.source_revision) == (
            name,
            summary,
            outcomes,
            made_from,
        ):
            return self, False
        text = PracticeText(
            name, summary, outcomes, actor, (old.revision + 1) if old else 1, made_from
        )
        return replace(self, texts={**self.texts, language: text}, version=self.version + 1), True

    def verified_now(self, actor: str, at: datetime) -> Practice:
        self.require_open()
        if self.verified:
            raise InvalidTransition(f"practice {self.key!r} is already verified")
        return replace(self, verified_by=actor, verified_at=at, version=self.version + 1)

    def retired_now(self, at: datetime) -> Practice:
        self.require_open()
        return replace(self, retired_at=at, version=self.version + 1)


def new_practice(
    key: str,
    source_language: str,
    facts: Facts,
    name: str,
    summary: str,
    outcomes: tuple[str, ...],
    actor: str,
    at: datetime,
) -> Practice:
    """A practice as a member proposes it: unverified, with its source text only."""
    if len(outcomes) != len(facts.evidence):
        raise InvalidRequest("each outcome needs its strength of evidence, and no more")
    text = PracticeText(name, summary, outcomes, actor)
    return Practice(
        check_slug(key, "practice key"), source_language, facts, {source_language: text}, actor, at
    )
