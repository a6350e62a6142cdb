"""What a save reads in one statement is what the repositories read one by one: the paper
with every member's roles and role languages, the section, the track and its head; and
nothing when a part is missing (the save then says which, as before)."""

from __future__ import annotations

import httpx

from drafts.model import Role
from services.bootstrap import Accord
from tests.integration.world import build_world


async def test_the_text_to_change_is_read_as_the_repositories_read_it(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await build_world(accord, client)
    r = await world.call(
        "admin",
        "PUT",
        f"/papers/{world.paper}/members/translator",
        json={"roles": ["translator", "reviewer"], "languages": {"translator": ["fr"]}},
    )
    assert r.status_code == 200, r.text
    assert (await world.save("author", "First text.\n")).status_code == 201
    assert (await world.save("author", "Second text.\n", base=1)).status_code == 201

    async with accord.transaction() as uow:
        found = await uow.texts_to_change.read(world.paper, world.section, "en")
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        section = await uow.sections.get(paper, world.section)
        assert section is not None
        track = await uow.tracks.get(section, "en")
        assert track is not None
        head = await uow.revisions.get(track, track.head)

    assert found is not None
    assert found.paper == paper
    assert found.paper.member_languages["translator"] == {Role.TRANSLATOR: ("fr",)}
    assert found.paper.roles_of("translator") == {Role.TRANSLATOR, Role.REVIEWER}
    assert (found.section, found.track, found.head) == (section, track, head)
    assert found.track.head == 2


async def test_a_missing_part_is_not_found_and_the_save_says_which(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await build_world(accord, client)
    async with accord.transaction() as uow:
        # No revision yet: found, without a head.
        found = await uow.texts_to_change.read(world.paper, world.section, "en")
        assert found is not None and found.head is None and found.track.head == 0
        assert await uow.texts_to_change.read("nowhere", world.section, "en") is None
        assert await uow.texts_to_change.read(world.paper, "nosuch", "en") is None
        assert await uow.texts_to_change.read(world.paper, world.section, "de") is None

    section = f"/papers/{world.paper}/sections/nosuch/languages/en/revisions"
    r = await world.call("author", "POST", section, json={"body": "x"})
    assert r.status_code == 404 and "no section 'nosuch'" in r.text, r.text
    r = await world.save("outsider", "Not mine.\n")
    assert r.status_code == 404 and "paper 'habitat' not found" in r.text, r.text
    r = await world.save("author", "Elsewhere.\n", lang="de")
    assert r.status_code == 404 and "no language 'de'" in r.text, r.text
    # A translator limited to French may not write the Spanish text.
    r = await world.call(
        "admin",
        "PUT",
        f"/papers/{world.paper}/members/translator",
        json={"roles": ["translator"], "languages": {"translator": ["fr"]}},
    )
    assert r.status_code == 200, r.text
    assert (await world.save("author", "Source.\n")).status_code == 201
    assert (await world.save("translator", "Texto.\n", lang="es")).status_code == 403
    assert (await world.save("translator", "Texte.\n", lang="fr")).status_code == 201
