"""A paper with a bibliography and practices from three continents, made through the API."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.world import World

REFERENCES = [
    {
        "id": "cerda2012",
        "type": "article-journal",
        "title": "Reducing violence by transforming neighborhoods",
    },
    {"id": "unhabitat2019", "type": "report", "title": "Safer Cities"},
    {"id": "nairobi2016", "type": "report", "title": "Kibera upgrading"},
]


def medellin(**changes: Any) -> dict[str, Any]:
    return {
        "key": "medellin-pui",
        "name": "Integral urban projects",
        "summary": "Cable cars, libraries and public space in hillside districts.",
        "country": "CO",
        "city": "Medellín",
        "start_year": 2004,
        "end_year": 2011,
        "actors": ["municipal-government", "civil-society"],
        "approaches": ["urban-upgrading", "violence-prevention"],
        "outcomes": [
            {"text": "Homicides fell more than elsewhere", "evidence": "quasi-experimental"}
        ],
        "sources": ["cerda2012"],
        **changes,
    }


def nairobi(**changes: Any) -> dict[str, Any]:
    return {
        "key": "kibera-upgrading",
        "name": "Kibera slum upgrading",
        "summary": "Housing and dialogue between residents and the county.",
        "country": "KE",
        "city": "Nairobi",
        "actors": ["municipal-government", "community-organisations"],
        "approaches": ["urban-upgrading", "dialogue"],
        "outcomes": [{"text": "Residents report more trust", "evidence": "anecdotal"}],
        "sources": ["nairobi2016"],
        **changes,
    }


def manila(**changes: Any) -> dict[str, Any]:
    return {
        "key": "manila-peace-zones",
        "name": "Barangay peace zones",
        "summary": "Mediators trained in each barangay.",
        "country": "PH",
        "city": "Manila",
        "actors": ["mediators", "police"],
        "approaches": ["mediation", "trust-building"],
        "sources": ["unhabitat2019"],
        **changes,
    }


async def with_bibliography(world: World) -> None:
    r = await world.call(
        "sec",
        "PUT",
        f"/papers/{world.paper}/bibliography",
        json={"csl_json": json.dumps(REFERENCES)},
    )
    assert r.status_code < 300, r.text


async def propose(world: World, who: str, payload: dict[str, Any]) -> dict[str, Any]:
    r = await world.call(who, "POST", f"/papers/{world.paper}/practices", json=payload)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body
