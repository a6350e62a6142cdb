"""Practices put straight into the catalogue's store, for tests of what cites them."""

from __future__ import annotations

from datetime import UTC, datetime

from drafts.practice_facts import check_facts
from drafts.practices import new_practice
from drafts.vocabularies import Actor, Approach, Evidence
from services.bootstrap import Accord
from workflows.papers import load_paper

BIBLIOGRAPHY = (
    '[{"id": "cerda2012", "type": "article-journal", "title": "Reducing violence by '
    'transforming neighborhoods", "author": [{"family": "Cerdá", "given": "Magdalena"}], '
    '"container-title": "American Journal of Epidemiology", "issued": {"date-parts": [[2012]]}}]'
)


async def add_practice(
    accord: Accord,
    paper: str,
    key: str,
    *,
    country: str = "CO",
    approaches: tuple[Approach, ...] = (Approach.URBAN_UPGRADING,),
    actors: tuple[Actor, ...] = (Actor.MUNICIPAL_GOVERNMENT,),
    evidence: tuple[Evidence, ...] = (Evidence.QUASI_EXPERIMENTAL,),
    sources: tuple[str, ...] = ("cerda2012",),
    verified: bool = False,
) -> None:
    async with accord.transaction() as uow:
        loaded = await load_paper(uow, paper, "sec")
        facts = check_facts(
            country=country,
            region=None,
            city="Medellín" if country == "CO" else "",
            start_year=2004,
            end_year=2006,
            actors=actors,
            approaches=approaches,
            evidence=evidence,
            sources=sources,
            bibliography=frozenset({"cerda2012"}),
        )
        now = datetime(2026, 1, 1, tzinfo=UTC)
        practice = new_practice(
            key,
            "en",
            facts,
            f"Practice {key}",
            "What was done.",
            tuple(f"Outcome {i}" for i in range(len(evidence))),
            "sec",
            now,
        )
        if verified:
            practice = practice.verified_now("sec", now)
        await uow.practices.add(loaded, practice)
