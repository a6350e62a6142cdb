"""The controlled vocabularies a practice is described with.

Fixed lists, so that practices from different cities can be compared and counted: who
took part, what they did, and how strong the evidence of each outcome is. A new term is
a change of this file (and of the annex's labels), never free text.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from drafts.errors import InvalidRequest


class Actor(StrEnum):
    """Who took part in a practice."""

    MUNICIPAL_GOVERNMENT = "municipal-government"
    NATIONAL_GOVERNMENT = "national-government"
    POLICE = "police"
    CIVIL_SOCIETY = "civil-society"
    COMMUNITY_ORGANISATIONS = "community-organisations"
    PRIVATE_SECTOR = "private-sector"
    MEDIATORS = "mediators"
    FAITH_LEADERS = "faith-leaders"
    YOUTH = "youth"
    WOMEN_S_ORGANISATIONS = "women-s-organisations"
    ACADEMIA = "academia"
    INTERNATIONAL_ORGANISATIONS = "international-organisations"


class Approach(StrEnum):
    """What a practice does."""

    DIALOGUE = "dialogue"
    TRUST_BUILDING = "trust-building"
    CONSENSUS_BUILDING = "consensus-building"
    MEDIATION = "mediation"
    VIOLENCE_PREVENTION = "violence-prevention"
    URBAN_UPGRADING = "urban-upgrading"
    COMMUNITY_POLICING = "community-policing"
    PARTICIPATORY_PLANNING = "participatory-planning"
    PUBLIC_SPACE = "public-space"
    YOUTH_PROGRAMMES = "youth-programmes"
    EARLY_WARNING = "early-warning"
    REINTEGRATION = "reintegration"


class Evidence(StrEnum):
    """How strongly an outcome is shown, weakest first (the order is `EVIDENCE_ORDER`).

    - anecdotal: told by those involved or by observers, without systematic data;
    - descriptive: monitoring data or a case study, before and after, with no comparison;
    - quasi-experimental: a comparison with similar places or people that had no such
      practice (difference in differences, matching, interrupted time series);
    - experimental: a randomized evaluation.
    """

    ANECDOTAL = "anecdotal"
    DESCRIPTIVE = "descriptive"
    QUASI_EXPERIMENTAL = "quasi-experimental"
    EXPERIMENTAL = "experimental"


EVIDENCE_ORDER: tuple[Evidence, ...] = tuple(Evidence)


def evidence_rank(evidence: Evidence) -> int:
    """0 for the weakest evidence, 3 for the strongest."""
    return EVIDENCE_ORDER.index(evidence)


E = TypeVar("E", bound=StrEnum)


def check_terms(values: Iterable[str], vocabulary: type[E], what: str) -> tuple[E, ...]:
    """The terms in vocabulary order, each known, without repeats."""
    given = [v.strip() for v in values]
    known = {term.value: term for term in vocabulary}
    unknown = [v for v in given if v not in known]
    if unknown:
        raise InvalidRequest(
            f"{what}: unknown term {', '.join(repr(v[:40]) for v in unknown[:5])}; "
            f"use {', '.join(known)}"
        )
    chosen = set(given)
    return tuple(term for term in vocabulary if term.value in chosen)


def check_evidence(value: str, what: str) -> Evidence:
    try:
        return Evidence(value.strip())
    except ValueError:
        raise InvalidRequest(
            f"{what}: unknown strength of evidence {value[:40]!r}; use "
            + ", ".join(e.value for e in Evidence)
        ) from None
