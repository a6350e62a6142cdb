"""The practice model: where it lies, what it cites, and when its translations go stale."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from drafts.errors import InvalidRequest, InvalidTransition
from drafts.languages import LANGUAGES
from drafts.practice_facts import Facts, check_facts
from drafts.practice_records import practice_from_record, practice_record
from drafts.practices import Practice, new_practice
from drafts.regions import (
    COUNTRIES,
    COUNTRY_AREA,
    REGIONS,
    TOP_REGIONS,
    ancestry,
    place,
    territory_name,
    top_region,
    within,
)
from drafts.vocabularies import Actor, Approach, Evidence, check_terms, evidence_rank

NOW = datetime(2026, 12, 1, tzinfo=UTC)
BIB = frozenset({"cerdá2012", "unhabitat2019"})


def facts(**changes: object) -> Facts:
    given: dict[str, object] = {
        "country": "CO",
        "region": None,
        "city": "Medellín",
        "start_year": 2004,
        "end_year": 2011,
        "actors": (Actor.MUNICIPAL_GOVERNMENT,),
        "approaches": (Approach.URBAN_UPGRADING,),
        "evidence": (Evidence.QUASI_EXPERIMENTAL,),
        "sources": ("cerdá2012",),
        "bibliography": BIB,
    }
    return check_facts(**{**given, **changes})  # type: ignore[arg-type]


def practice() -> Practice:
    return new_practice(
        "medellin-pui",
        "en",
        facts(),
        "Integral urban projects",
        "Cable cars and public space in the poorest hillside districts.",
        ("Violence fell more than in comparable districts",),
        "author",
        NOW,
    )


def test_a_country_places_the_practice_in_its_smallest_m49_area() -> None:
    assert facts().region == "005"
    assert ancestry("005") == ("005", "419", "019")
    assert place("ke", None) == ("KE", "014")
    assert place("KE", "202") == ("KE", "202")
    assert "005" in within("419") and "021" not in within("419")


def test_a_region_that_does_not_hold_the_country_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="does not lie in region"):
        facts(region="002")
    with pytest.raises(InvalidRequest, match="ISO 3166-1"):
        facts(country="XX")
    with pytest.raises(InvalidRequest, match="M49"):
        facts(country=None, region="999")
    with pytest.raises(InvalidRequest, match="country or an M49 region"):
        facts(country=None, region=None)


def test_sources_must_be_entries_of_the_bibliography_and_years_in_order() -> None:
    with pytest.raises(InvalidRequest, match="bibliography"):
        facts(sources=("nobody2020",))
    with pytest.raises(InvalidRequest, match="before start_year"):
        facts(start_year=2012)


def test_vocabularies_are_closed_and_evidence_is_ordered() -> None:
    assert check_terms(["police", "civil-society"], Actor, "actors") == (
        Actor.POLICE,
        Actor.CIVIL_SOCIETY,
    )
    with pytest.raises(InvalidRequest, match="unknown term"):
        check_terms(["gangs"], Actor, "actors")
    ranks = [evidence_rank(e) for e in Evidence]
    assert ranks == sorted(ranks) and evidence_rank(Evidence.EXPERIMENTAL) == 3


def test_region_names_come_in_every_un_language() -> None:
    names = {lang: territory_name("419", lang) for lang in LANGUAGES}
    assert names["es"] == "Latinoamérica" and len(set(names.values())) == 6
    # Every country and area has a name of its own in each language (not its code).
    for code in COUNTRIES | REGIONS:
        assert all(territory_name(code, lang) != code for lang in LANGUAGES), code
    assert len(COUNTRIES) == 248 and all(
        top_region(c) in TOP_REGIONS for c in COUNTRY_AREA.values()
    )


def test_a_translation_goes_stale_when_the_source_changes_and_falls_back_when_missing() -> None:
    p = practice()
    fr = p.text_in("fr")
    assert fr.falls_back and fr.name == "Integral urban projects" and not fr.stale
    p, changed = p.translated("translator", "fr", "Projets urbains intégraux", "", ("Moins",))
    assert changed and not p.is_stale("fr") and not p.text_in("fr").falls_back
    p, fields = p.revised(
        "author", p.facts, "Integral Urban Projects", p.source.summary, p.source.outcomes
    )
    assert fields == ("name",) and p.is_stale("fr")
    assert p.text_in("fr").stale and p.text_in("fr").name == "Projets urbains intégraux"
    # Translating it again, from the new source, makes it current.
    p, _ = p.translated("translator", "fr", "Projets urbains intégraux", "", ("Moins",))
    assert not p.is_stale("fr")


def test_an_edit_of_the_facts_unverifies_and_a_translation_does_not() -> None:
    p = practice().verified_now("sec", NOW)
    p, _ = p.translated("translator", "es", "Proyectos urbanos integrales", "", ("Menos",))
    assert p.verified
    p, fields = p.revised(
        "author", facts(city="Medellin"), p.source.name, p.source.summary, p.source.outcomes
    )
    assert fields == ("city",) and not p.verified and not p.is_stale("es")
    unchanged, none = p.revised(
        "author", p.facts, p.source.name, p.source.summary, p.source.outcomes
    )
    assert none == () and unchanged is p


def test_outcomes_and_their_evidence_go_together() -> None:
    p = practice()
    with pytest.raises(InvalidRequest, match="strength of evidence"):
        p.revised("author", p.facts, p.source.name, "", ())
    more = facts(evidence=(Evidence.QUASI_EXPERIMENTAL, Evidence.ANECDOTAL))
    p2, _ = p.translated("translator", "fr", "Projets", "", ("Moins",))
    p2, _ = p2.revised("author", more, p.source.name, "", ("Less", "Trust"))
    # The French outcomes were made for one outcome: the source's two are shown instead.
    assert p2.text_in("fr").from_source == frozenset({"outcomes"})
    assert [e for _, e in p2.text_in("fr").outcomes] == list(more.evidence)


def test_a_retired_practice_cannot_change() -> None:
    p = practice().retired_now(NOW)
    with pytest.raises(InvalidTransition):
        p.verified_now("sec", NOW)


def test_a_record_of_a_practice_reads_back_as_the_practice() -> None:
    p, _ = (
        practice()
        .verified_now("sec", NOW)
        .translated("translator", "fr", "Projets", "", ("Moins",))
    )
    record = json.loads(json.dumps(practice_record(p)))
    assert practice_from_record(record) == p
