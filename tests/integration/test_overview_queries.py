"""The overviews of a paper run as many statements for a big paper as for a small one.

Statements are counted on the engine (SQLAlchemy's `before_cursor_execute`), on SQLite
and PostgreSQL, for a paper of 3 and one of 9 sections in six languages with their
revisions and comments: a query per section or per text would show as a difference.
"""

from __future__ import annotations

import httpx

from benchmarks.big_paper import LANGS, Statements, load_paper, load_people, overviews
from services.api import cursors
from services.api.app import create_app
from services.bootstrap import Accord


async def test_each_overview_runs_a_fixed_number_of_statements(accord: Accord) -> None:
    token = await load_people(accord)
    await load_paper(accord, "small", 3, 2)
    await load_paper(accord, "big", 9, 3)
    statements = Statements(accord)
    counts: dict[str, dict[str, int]] = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(accord)),
        base_url="http://accord.test/api/v1",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        for slug, sections in (("small", 3), ("big", 9)):
            counts[slug] = {}
            for name, path in overviews(slug).items():
                url = path.format(events=cursors.encode(1))
                answers: list[httpx.Response] = []

                async def ask(url: str = url, answers: list[httpx.Response] = answers) -> None:
                    answers.append(await client.get(url))

                counts[slug][name] = await statements.of(ask)
                answer = answers[0]
                assert answer.status_code == 200, answer.text
                if name == "status matrix":
                    matrix = answer.json()["sections"]
                    assert len(matrix) == sections
                    assert all(set(s["languages"]) == set(LANGS) for s in matrix)
                if name == "outline":
                    assert len(answer.json()) == sections
                if name in ("comment list", "event list"):
                    assert answer.json()["items"] and answer.json()["next"]
    assert counts["small"] == counts["big"]
    assert all(count > 0 for count in counts["big"].values())


async def test_the_status_matrix_pages_through_every_section_in_order(accord: Accord) -> None:
    token = await load_people(accord)
    await load_paper(accord, "big", 9, 2)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(accord)),
        base_url="http://accord.test/api/v1",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        whole = (await client.get("/papers/big/status")).json()
        assert whole["next"] is None and len(whole["sections"]) == 9
        seen: list[dict[str, object]] = []
        cursor = None
        while True:
            query = "?limit=4" + (f"&after={cursor}" if cursor else "")
            page = (await client.get(f"/papers/big/status{query}")).json()
            assert len(page["sections"]) <= 4
            seen += page["sections"]
            cursor = page["next"]
            if cursor is None:
                break
        assert seen == whole["sections"]
        assert (await client.get("/papers/big/status?limit=0")).status_code == 422
