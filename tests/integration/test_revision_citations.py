"""Each revision records the practices its text cites when it is written, as the domain's
rule finds them (`cited_keys`), whatever made it: a save, a merge, an accepted
suggestion, a Word file; and migration 0016 finds the same for revisions already stored.
The status and the coverage read only these records."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from alembic import command
from sqlalchemy import inspect, select

from drafts.practice_citations import cited_keys
from services.bootstrap import Accord
from services.store.migrate import alembic_config, upgrade
from services.store.tables import PaperRow, RevisionRow, SectionRow, TrackRow
from tests.integration.practices_store import add_practice
from tests.integration.test_practice_citations_word import word_file
from tests.integration.test_word_import import upload
from tests.integration.world import World, build_world

CITING = (
    "Cities {practice:medellin-pui} and towns {practice:ghost} and again "
    "{practice:medellin-pui}.\n\nNot a citation: `{practice:in-code}`.\n"
)
PLAIN = "Cities and towns, citing nothing.\n"


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    await add_practice(accord, w.paper, "medellin-pui")
    return w


async def stored(accord: Accord, paper: str) -> list[tuple[str, str, int, str, list[str]]]:
    """Every revision of the paper: (section, language, number, body, keys recorded)."""
    async with accord.engine.connect() as conn:
        rows = await conn.execute(
            select(
                SectionRow.key,
                TrackRow.language,
                RevisionRow.number,
                RevisionRow.body,
                RevisionRow.cited,
            )
            .join(TrackRow, TrackRow.section_id == SectionRow.id)
            .join(PaperRow, PaperRow.id == SectionRow.paper_id)
            .join(RevisionRow, RevisionRow.track_id == TrackRow.id)
            .where(PaperRow.slug == paper)
            .order_by(SectionRow.key, TrackRow.language, RevisionRow.number)
        )
        return [(k, lang, n, body, list(cited)) for k, lang, n, body, cited in rows]


async def assert_recorded_as_the_domain_finds(accord: Accord, paper: str) -> None:
    revisions = await stored(accord, paper)
    assert revisions
    for key, lang, number, body, cited in revisions:
        assert cited == list(cited_keys(body)), (key, lang, number)


async def status_citations(world: World) -> list[tuple[str, str, str, bool]]:
    r = await world.call("reviewer", "GET", f"/papers/{world.paper}/status")
    assert r.status_code == 200, r.text
    return [
        (c["section"], c["language"], c["practice"], c["known"])
        for c in r.json()["practice_citations"]
    ]


async def test_a_save_records_what_its_text_cites_and_one_without_records_nothing(
    accord: Accord, world: World
) -> None:
    assert (await world.save("author", CITING)).status_code == 201
    assert (await world.save("translator", PLAIN, lang="fr")).status_code == 201
    revisions = await stored(accord, world.paper)
    assert [(lang, cited) for _, lang, _, _, cited in revisions] == [
        ("en", ["medellin-pui", "ghost"]),
        ("fr", []),
    ]
    assert await status_citations(world) == [
        ("intro", "en", "medellin-pui", True),
        ("intro", "en", "ghost", False),
    ]
    # A new revision that cites nothing: the status follows the current text only.
    assert (await world.save("author", PLAIN, base=1)).status_code == 201
    assert await status_citations(world) == []
    await assert_recorded_as_the_domain_finds(accord, world.paper)


async def test_a_merged_save_records_what_the_merged_text_cites(
    accord: Accord, world: World
) -> None:
    first = "One {practice:medellin-pui}.\n\nTwo.\n\nThree.\n"
    assert (await world.save("author", first)).status_code == 201
    assert (await world.save("author", first.replace("Two.", "Two {practice:b}."), base=1)).json()[
        "number"
    ] == 2
    merged = await world.save("author", first.replace("Three.", "Three {practice:c}."), base=1)
    assert merged.status_code == 201 and merged.json()["merged"] is True, merged.text
    revisions = await stored(accord, world.paper)
    assert revisions[-1][4] == ["medellin-pui", "b", "c"]
    await assert_recorded_as_the_domain_finds(accord, world.paper)


async def test_an_accepted_suggestion_records_the_citation_it_brings(
    accord: Accord, world: World
) -> None:
    assert (await world.save("author", PLAIN)).status_code == 201
    comments = f"/papers/{world.paper}/sections/{world.section}/comments"
    suggestion = await world.call(
        "reviewer",
        "POST",
        comments,
        json={
            "body": "Cite the evidence",
            "exact": "towns",
            "start": PLAIN.index("towns"),
            "replacement": "towns {practice:medellin-pui}",
        },
    )
    assert suggestion.status_code == 201, suggestion.text
    accepted = await world.call("author", "POST", f"{comments}/{suggestion.json()['id']}/accept")
    assert accepted.status_code == 201, accepted.text
    assert await status_citations(world) == [("intro", "en", "medellin-pui", True)]
    await assert_recorded_as_the_domain_finds(accord, world.paper)


async def test_a_word_file_records_the_citations_its_text_keeps(
    accord: Accord, world: World
) -> None:
    r = await upload(world, "author", word_file())
    assert r.status_code == 201, r.text
    assert [cited for *_, cited in await stored(accord, world.paper)] == [["medellin-pui"]]
    await assert_recorded_as_the_domain_finds(accord, world.paper)


async def migrate(accord: Accord, how: str, target: str) -> None:
    def run(connection: Any) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, how)(config, target)

    async with accord.engine.begin() as connection:
        await connection.run_sync(run)


async def test_the_migration_finds_what_stored_revisions_cite(accord: Accord, world: World) -> None:
    # A history of texts, some citing, one citing only inside code, one in braces that
    # pandoc escaped; then the schema from before 0016 and back again.
    bodies = [CITING, PLAIN, "Escaped \\{practice:medellin-pui\\} braces.\n", "`{practice:x}`\n"]
    for number, body in enumerate(bodies, start=1):
        assert (await world.save("author", body, base=number - 1 or None)).status_code == 201
    assert (await world.save("translator", CITING, lang="fr")).status_code == 201
    before = await stored(accord, world.paper)
    try:
        await migrate(accord, "downgrade", "0016-1")
        async with accord.engine.connect() as conn:
            columns = await conn.run_sync(lambda c: inspect(c).get_columns("revisions"))
        assert "cited" not in {column["name"] for column in columns}
    finally:
        await upgrade(accord.engine)
    after = await stored(accord, world.paper)
    assert after == before
    assert [cited for *_, cited in after] == [
        ["medellin-pui", "ghost"],
        [],
        ["medellin-pui"],
        [],
        ["medellin-pui", "ghost"],
    ]
    await assert_recorded_as_the_domain_finds(accord, world.paper)
