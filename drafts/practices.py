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

from dataclasses import dataclass, replace
from datetime import datetime

from drafts.errors import InvalidRequest, InvalidTransition
from drafts.model import check_slug
from drafts.practice_facts import Facts
from drafts.practice_texts import TEXT_FIELDS, LocalizedText, PracticeText


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
