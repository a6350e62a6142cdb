"""A paper can change: its approval policy, its languages, its sections, its comments."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

TEXT = "Urban violence is not inevitable.\n\nPrevention works best when cities lead it.\n"


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", TEXT)).status_code == 201
    return w


async def patch_paper(world: World, **changes: object) -> httpx.Response:
    return await world.call("sec", "PATCH", f"/papers/{world.paper}", json=changes)


async def review(world: World, who: str, revision: int = 1, lang: str = "en") -> httpx.Response:
    return await world.call(
        who,
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/reviews",
        json={"language": lang, "revision": revision, "decision": "approve"},
    )


async def text_state(world: World, lang: str = "en", section: str | None = None) -> str:
    r = await world.call("sec", "GET", world.text_url(lang, section))
    return str(r.json()["state"])


async def event_types(world: World) -> list[str]:
    page = await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    return [e["type"] for e in page.json()["items"]]


# --- the approval policy -----------------------------------------------------------------


async def test_the_policy_is_changed_through_the_api_and_applies_to_the_next_review(
    world: World,
) -> None:
    r = await patch_paper(world, approvals_required=2, secretariat_approval_required=True)
    assert r.status_code == 200, r.text
    assert r.json()["approvals_required"] == 2 and r.json()["secretariat_approval_required"]
    assert (await world.call("author", "POST", world.text_url() + "/submit")).status_code == 200
    assert (await review(world, "reviewer")).json()["state"] == "in_review"
    assert (await review(world, "reviewer2")).json()["state"] == "in_review"
    assert (await review(world, "sec")).json()["state"] == "approved"
    assert (await patch_paper(world, approvals_required=0)).status_code == 422
    assert (
        await world.call(
            "author", "PATCH", f"/papers/{world.paper}", json={"approvals_required": 1}
        )
    ).status_code == 403


async def test_an_easier_policy_approves_the_texts_that_now_meet_it(world: World) -> None:
    await patch_paper(world, approvals_required=2)
    es = await world.save("translator", "La violencia urbana no es inevitable.\n", lang="es")
    assert es.status_code == 201
    await world.call("author", "POST", world.text_url() + "/submit")
    assert (await review(world, "reviewer")).json()["state"] == "in_review"
    r = await patch_paper(world, approvals_required=1)
    assert r.status_code == 200
    assert await text_state(world) == "approved"
    assert "SectionApproved" in await event_types(world)
    # A stricter policy leaves an approved text approved: it met the rule it had.
    await patch_paper(world, approvals_required=3)
    assert await text_state(world) == "approved"


# --- languages ---------------------------------------------------------------------------


async def test_a_language_is_added_with_a_text_per_section(world: World) -> None:
    r = await world.call("sec", "PUT", f"/papers/{world.paper}/languages/ar")
    assert r.status_code == 201, r.text
    assert "ar" in r.json()["languages"] and "ar" in r.json()["target_languages"]
    again = await world.call("sec", "PUT", f"/papers/{world.paper}/languages/ar")
    assert again.status_code == 200
    assert (await text_state(world, "ar")) == "drafting"
    status = (await world.call("sec", "GET", f"/papers/{world.paper}/status")).json()
    assert "ar" in status["sections"][0]["languages"]
    saved = await world.save("translator", "العنف الحضري ليس حتمياً.\n", lang="ar")
    assert saved.status_code == 201, saved.text
    assert (await world.call("sec", "PUT", f"/papers/{world.paper}/languages/xx")).status_code in (
        404,
        422,
    )
    assert "LanguageAdded" in await event_types(world)


async def test_only_a_language_without_text_is_retired(world: World) -> None:
    url = f"/papers/{world.paper}"
    assert (await world.save("translator", "Texte.\n", lang="fr")).status_code == 201
    r = await world.call("sec", "DELETE", url + "/languages/fr")
    assert r.status_code == 409 and r.json()["sections"] == ["intro"]
    assert (await world.call("sec", "DELETE", url + "/languages/en")).status_code == 409
    await world.call(
        "sec",
        "PUT",
        url + "/members/translator",
        json={"roles": ["translator", "reviewer"], "languages": {"translator": ["es"]}},
    )
    r = await world.call("sec", "DELETE", url + "/languages/es")
    assert r.status_code == 200, r.text
    paper = r.json()
    assert paper["languages"] == ["en", "fr"] and "es" not in paper["titles"]
    # The translator into Spanish only has nothing left to translate; reviewing stays.
    assert paper["members"]["translator"] == ["reviewer"]
    assert (await world.call("sec", "GET", world.text_url("es"))).status_code == 404
    assert (await world.save("translator", "Texto.\n", lang="es")).status_code == 404
    retired = [
        e
        for e in (await world.call("sec", "GET", url + "/events", params={"limit": 200})).json()[
            "items"
        ]
        if e["type"] == "LanguageRetired"
    ]
    assert retired[0]["data"]["title"] == "Seguridad urbana"


# --- sections ----------------------------------------------------------------------------


async def test_a_retired_section_keeps_its_history_and_the_versions_that_hold_it(
    world: World,
) -> None:
    url = f"/papers/{world.paper}"
    r = await world.call(
        "sec", "POST", url + "/sections", json={"key": "annex", "titles": {"en": "Annex"}}
    )
    assert r.status_code == 201
    annex = world.text_url(section="annex") + "/revisions"
    assert (await world.call("sec", "POST", annex, json={"body": "Annex.\n"})).status_code == 201
    frozen = await world.call(
        "sec",
        "POST",
        url + "/publications",
        json={"version": "0.1", "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert frozen.status_code == 201, frozen.text
    before = frozen.json()["manifest"]

    r = await world.call("sec", "POST", url + "/sections/intro/retire")
    assert r.status_code == 200, r.text
    assert r.json()["retired_at"] is not None
    assert (await world.call("sec", "POST", url + "/sections/intro/retire")).status_code == 409
    outline = (await world.call("sec", "GET", url + "/sections")).json()
    assert [(s["key"], s["position"]) for s in outline] == [("annex", 1)]
    everything = (await world.call("sec", "GET", url + "/sections?retired=true")).json()
    assert {s["key"] for s in everything} == {"intro", "annex"}
    # History stays readable; nothing changes it any more.
    history = await world.call("reviewer", "GET", world.text_url() + "/revisions/1")
    assert history.status_code == 200 and history.json()["body"] == TEXT
    assert (await world.save("author", TEXT + "More.\n", base=1)).status_code == 409
    comment = await world.call(
        "reviewer",
        "POST",
        f"{url}/sections/intro/comments",
        json={"body": "Late", "exact": "inevitable"},
    )
    assert comment.status_code == 409
    assert (await world.call("author", "POST", world.text_url() + "/submit")).status_code == 409
    # The version frozen before is unchanged; a new one leaves the section out.
    again = (await world.call("sec", "GET", url + "/publications/0.1")).json()
    assert again["manifest"] == before
    assert {e["section"] for e in before} == {"intro", "annex"}
    status = (await world.call("sec", "GET", url + "/status")).json()
    assert [s["key"] for s in status["sections"]] == ["annex"]
    # A retired section keeps its key.
    reuse = await world.call(
        "sec", "POST", url + "/sections", json={"key": "intro", "titles": {"en": "Again"}}
    )
    assert reuse.status_code == 409
    assert "SectionRetired" in await event_types(world)


# --- comments ----------------------------------------------------------------------------


async def test_a_comment_is_edited_by_its_author_until_it_has_replies(world: World) -> None:
    comments = f"/papers/{world.paper}/sections/{world.section}/comments"
    opened = await world.call(
        "reviewer",
        "POST",
        comments,
        json={"body": "Soften this?", "exact": "not inevitable", "replacement": "avoidable"},
    )
    assert opened.status_code == 201, opened.text
    thread = opened.json()["id"]
    assert opened.json()["edited_at"] is None
    edited = await world.call(
        "reviewer",
        "PATCH",
        f"{comments}/{thread}",
        json={"body": "Soften this, please?", "replacement": "preventable"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["body"] == "Soften this, please?"
    assert edited.json()["replacement"] == "preventable" and edited.json()["edited_at"]
    assert (
        await world.call("sec", "PATCH", f"{comments}/{thread}", json={"body": "Mine"})
    ).status_code == 403
    same = await world.call(
        "reviewer", "PATCH", f"{comments}/{thread}", json={"replacement": "not inevitable"}
    )
    assert same.status_code == 422

    first = await world.call("author", "POST", comments, json={"body": "Why?", "parent": thread})
    reply = first.json()["id"]
    refused = await world.call("reviewer", "PATCH", f"{comments}/{thread}", json={"body": "x"})
    assert refused.status_code == 409
    # A reply can be edited until another reply follows it.
    assert (
        await world.call("author", "PATCH", f"{comments}/{reply}", json={"body": "Why so?"})
    ).status_code == 200
    await world.call("reviewer", "POST", comments, json={"body": "Because.", "parent": thread})
    late = await world.call("author", "PATCH", f"{comments}/{reply}", json={"body": "Hm."})
    assert late.status_code == 409
    events = (
        await world.call("sec", "GET", f"/papers/{world.paper}/events", params={"limit": 200})
    ).json()["items"]
    edits = [e["data"] for e in events if e["type"] == "CommentEdited"]
    assert edits[0]["previous_body"] == "Soften this?"
    assert edits[0]["previous_replacement"] == "avoidable"
