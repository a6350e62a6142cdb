"""What the practices a paper cites cover, and where its evidence is thin.

The working group exchanges practice "between urban contexts in Latin America, Africa and
Asia": a paper that has no verified practice from one of them stands on thin evidence
there, as it does for an approach whose practices show their outcomes only by accounts
or descriptions (no comparison, `Evidence.QUASI_EXPERIMENTAL` or better).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drafts.practices import Practice
from drafts.regions import PARENTS, WORLD, ancestry
from drafts.vocabularies import Actor, Approach, Evidence, evidence_rank

# The regions the working group's exchange is about (UN M49): Latin America and the
# Caribbean, Africa, Asia.
FOCUS_REGIONS = ("419", "002", "142")
# The weakest evidence that compares: below it, outcomes are told or described only.
COMPARED = Evidence.QUASI_EXPERIMENTAL


def annex_group(region: str) -> str:
    """The area a practice is counted and listed under: the M49 sub-region holding its
    area ("005" South America → "419" Latin America and the Caribbean), or the region
    itself when the practice names only a region."""
    chain = ancestry(region)
    below = [code for code in chain if PARENTS.get(code) != WORLD]
    if below:
        return below[-1]
    return chain[-1] if chain else region


def strongest(practice: Practice) -> Evidence | None:
    """The strongest evidence any outcome of the practice has; None with no outcome."""
    return max(practice.facts.evidence, key=evidence_rank, default=None)


@dataclass(frozen=True)
class Tally:
    """The cited practices of one region, approach or actor."""

    code: str
    practices: tuple[str, ...]
    verified: tuple[str, ...]
    strongest: Evidence | None  # among the verified ones


@dataclass(frozen=True)
class Thin:
    """A place where the paper's evidence is thin."""

    kind: str  # "region" or "approach"
    code: str
    reason: str  # "no-practice", "no-verified-practice" or "weak-evidence-only"


@dataclass(frozen=True)
class Coverage:
    cited: tuple[str, ...]  # keys of the cited practices of the catalogue, in key order
    unknown: tuple[str, ...]  # keys cited that the catalogue does not have
    uncited: tuple[str, ...]  # practices of the catalogue no text cites
    regions: tuple[Tally, ...]
    approaches: tuple[Tally, ...]
    actors: tuple[Tally, ...]
    thin: tuple[Thin, ...]


def _tally(code: str, practices: list[Practice]) -> Tally:
    verified = [p for p in practices if p.verified]
    evidence = [e for p in verified if (e := strongest(p)) is not None]
    return Tally(
        code,
        tuple(p.key for p in practices),
        tuple(p.key for p in verified),
        max(evidence, key=evidence_rank, default=None),
    )


def _thin(kind: str, tally: Tally) -> Thin | None:
    if not tally.practices:
        return Thin(kind, tally.code, "no-practice")
    if not tally.verified:
        return Thin(kind, tally.code, "no-verified-practice")
    if tally.strongest is None or evidence_rank(tally.strongest) < evidence_rank(COMPARED):
        return Thin(kind, tally.code, "weak-evidence-only")
    return None


def coverage(catalogue: Iterable[Practice], cited_keys: Iterable[str]) -> Coverage:
    """The coverage of the practices cited (`cited_keys`, from every text) among those
    of the catalogue."""
    practices = {p.key: p for p in catalogue}
    wanted = set(cited_keys)
    cited = sorted((practices[k] for k in wanted if k in practices), key=lambda p: p.key)
    groups: dict[str, list[Practice]] = {}
    for practice in cited:
        groups.setdefault(annex_group(practice.facts.region), []).append(practice)
    regions = [_tally(code, groups[code]) for code in sorted(groups)]
    focus = [
        _tally(code, [p for p in cited if code in ancestry(p.facts.region)])
        for code in FOCUS_REGIONS
    ]
    approaches = [_tally(a.value, [p for p in cited if a in p.facts.approaches]) for a in Approach]
    actors = [_tally(a.value, [p for p in cited if a in p.facts.actors]) for a in Actor]
    thin = [t for tally in focus if (t := _thin("region", tally)) is not None]
    thin += [
        t
        for tally in regions
        if tally.code not in FOCUS_REGIONS and (t := _thin("region", tally)) is not None
    ]
    thin += [t for tally in approaches if (t := _thin("approach", tally)) is not None]
    return Coverage(
        cited=tuple(p.key for p in cited),
        unknown=tuple(sorted(k for k in wanted if k not in practices)),
        uncited=tuple(sorted(k for k in practices if k not in wanted)),
        regions=tuple(regions),
        approaches=tuple(t for t in approaches if t.practices),
        actors=tuple(t for t in actors if t.practices),
        thin=tuple(thin),
    )
