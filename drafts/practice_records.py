"""A practice as plain JSON-ready data and back: what a frozen version keeps of the
practices it cites, so that rendering it again reads exactly what it was frozen with."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from drafts.practice_facts import Facts
from drafts.practice_texts import PracticeText
from drafts.practices import Practice
from drafts.vocabularies import Actor, Approach, Evidence


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def practice_record(practice: Practice) -> dict[str, Any]:
    """The practice as JSON-ready data (enums as their values, times as ISO 8601)."""
    facts = practice.facts
    return {
        "key": practice.key,
        "source_language": practice.source_language,
        "facts": {
            **asdict(facts),
            "actors": [a.value for a in facts.actors],
            "approaches": [a.value for a in facts.approaches],
            "evidence": [e.value for e in facts.evidence],
            "sources": list(facts.sources),
        },
        "texts": {
            lang: {**asdict(text), "outcomes": list(text.outcomes)}
            for lang, text in sorted(practice.texts.items())
        },
        "proposed_by": practice.proposed_by,
        "proposed_at": _moment(practice.proposed_at),
        "verified_by": practice.verified_by,
        "verified_at": _moment(practice.verified_at),
        "retired_at": _moment(practice.retired_at),
        "version": practice.version,
    }


def practice_from_record(record: dict[str, Any]) -> Practice:
    """The practice `practice_record` made the record of."""
    facts = record["facts"]
    proposed_at = _parse(record["proposed_at"])
    assert proposed_at is not None
    return Practice(
        key=record["key"],
        source_language=record["source_language"],
        facts=Facts(
            region=facts["region"],
            country=facts["country"],
            city=facts["city"],
            start_year=facts["start_year"],
            end_year=facts["end_year"],
            actors=tuple(Actor(a) for a in facts["actors"]),
            approaches=tuple(Approach(a) for a in facts["approaches"]),
            evidence=tuple(Evidence(e) for e in facts["evidence"]),
            sources=tuple(facts["sources"]),
        ),
        texts={
            lang: PracticeText(**{**text, "outcomes": tuple(text["outcomes"])})
            for lang, text in record["texts"].items()
        },
        proposed_by=record["proposed_by"],
        proposed_at=proposed_at,
        verified_by=record["verified_by"],
        verified_at=_parse(record["verified_at"]),
        retired_at=_parse(record["retired_at"]),
        version=record["version"],
    )
