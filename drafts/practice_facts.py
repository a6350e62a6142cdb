"""What a practice is in no language: where, when, who, how, the strength of the evidence
of each outcome and its sources in the paper's bibliography; checked when made."""

from __future__ import annotations

import json
from dataclasses import dataclass

from drafts.errors import InvalidRequest
from drafts.practice_texts import MAX_OUTCOMES, _line
from drafts.regions import place
from drafts.vocabularies import Actor, Approach, Evidence

MAX_CITY = 120


MAX_SOURCES = 50


MAX_SOURCE_KEY = 200


FIRST_YEAR, LAST_YEAR = 1900, 2100


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
