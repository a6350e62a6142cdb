"""A small paper with one member per role, made through the API as a client would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from services.bootstrap import Accord
from tests.conftest import make_user

ROLES = {
    "sec": ["secretariat"],
    "author": ["author"],
    "author2": ["author"],
    "translator": ["translator"],
    "reviewer": ["reviewer"],
    "reviewer2": ["reviewer"],
}


@dataclass
class World:
    client: httpx.AsyncClient
    accord: Accord
    tokens: dict[str, str] = field(default_factory=dict)
    passwords: set[str] = field(default_factory=set)  # users who have set one
    paper: str = "habitat"
    section: str = "intro"

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    async def call(self, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.auth(who), **kwargs.pop("headers", {})}
        return await self.client.request(method, path, headers=headers, **kwargs)

    def text_url(self, lang: str = "en", section: str | None = None) -> str:
        return f"/papers/{self.paper}/sections/{section or self.section}/languages/{lang}"

    async def save(
        self, who: str, body: str, base: int | None = None, lang: str = "en", **extra: Any
    ) -> httpx.Response:
        payload: dict[str, Any] = {"body": body, **extra}
        if base is not None:
            payload["base_revision"] = base
        return await self.call(who, "POST", self.text_url(lang) + "/revisions", json=payload)

    async def event_count(self) -> int:
        items: list[Any] = []
        after = None
        while True:
            params = {"limit": 200, **({"after": after} if after else {})}
            page = (
                await self.call("sec", "GET", f"/papers/{self.paper}/events", params=params)
            ).json()
            items += page["items"]
            after = page["next"]
            if not after:
                return len(items)


async def build_world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = World(client, accord)
    world.tokens["admin"] = await make_user(accord, "admin", admin=True)
    for name in [*ROLES, "outsider"]:
        world.tokens[name] = await make_user(accord, name)
    created = await world.call(
        "admin",
        "POST",
        "/papers",
        json={
            "slug": world.paper,
            "titles": {"en": "Urban safety", "fr": "Sécurité urbaine", "es": "Seguridad urbana"},
            "source_language": "en",
            "languages": ["en", "es", "fr"],
            "symbol": "A/CONF.226/PC.3/14",
            "forum": "Habitat III",
            "date": "2016-07-25",
        },
    )
    assert created.status_code == 201, created.text
    for name, roles in ROLES.items():
        r = await world.call(
            "admin", "PUT", f"/papers/{world.paper}/members/{name}", json={"roles": roles}
        )
        assert r.status_code == 200, r.text
    r = await world.call(
        "admin",
        "POST",
        f"/papers/{world.paper}/sections",
        json={"key": world.section, "titles": {"en": "Introduction"}, "authors": ["author"]},
    )
    assert r.status_code == 201, r.text
    return world
