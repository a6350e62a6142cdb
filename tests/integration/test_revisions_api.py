"""Saving text through the API: fast-forward, merge, conflict, preconditions, idempotency."""

from __future__ import annotations

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.world import World, build_world

DRAFT = "Cities are where peace is built.\n\nSafety is a public good.\n\nYouth are partners.\n"


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


async def test_first_save_creates_revision_one_with_an_etag(world: World) -> None:
    r = await world.save("author", DRAFT)
    assert r.status_code == 201, r.text
    assert r.json()["number"] == 1
    assert r.headers["ETag"] == '"r1"'
    assert r.json()["merged"] is False
    status = (await world.call("reviewer", "GET", world.text_url())).json()
    assert status["state"] == "drafting"
    assert status["current_revision"]["number"] == 1


async def test_a_save_without_a_base_once_text_exists_is_refused_with_428(world: World) -> None:
    await world.save("author", DRAFT)
    r = await world.save("author", "other text\n")
    assert r.status_code == 428
    assert r.json()["type"] == "urn:accord:problem:base-revision-required"
    assert r.json()["current_revision"] == 1


async def save_if_match(world: World, body: str, if_match: str, **extra: object) -> httpx.Response:
    return await world.call(
        "author",
        "POST",
        world.text_url() + "/revisions",
        json={"body": body, **extra},
        headers={"If-Match": if_match},
    )


async def test_if_match_names_the_base(world: World) -> None:
    first = await world.save("author", DRAFT)
    r = await save_if_match(world, DRAFT + "More.\n", first.headers["ETag"])
    assert r.status_code == 201
    assert r.json()["base"] == 1


async def test_a_stale_if_match_is_refused_with_412_and_the_current_etag(world: World) -> None:
    await world.save("author", DRAFT)
    await world.save("author", DRAFT.replace("Youth", "Young people"), base=1)
    before = await world.event_count()
    # The edit does not overlap the one saved since: base_revision would merge it, but
    # If-Match asked for "only if revision 1 is still current".
    r = await save_if_match(world, DRAFT.replace("Cities", "Towns"), '"r1"')
    assert r.status_code == 412, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["ETag"] == '"r2"'
    assert r.json()["type"] == "urn:accord:problem:precondition-failed"
    assert r.json()["current_revision"] == 2
    assert await world.event_count() == before
    # The same edit on the same stale base, asked for as a merge, is merged.
    merged = await world.save("author", DRAFT.replace("Cities", "Towns"), base=1)
    assert merged.status_code == 201 and merged.json()["merged"] is True


async def test_if_match_compares_strongly_and_accepts_lists_and_star(world: World) -> None:
    assert (await save_if_match(world, DRAFT, '"r1"')).status_code == 412  # no text yet
    assert (await save_if_match(world, DRAFT, "*")).status_code == 412  # no text yet
    await world.save("author", DRAFT)
    assert (await save_if_match(world, DRAFT + "A.\n", 'W/"r1"')).status_code == 412
    assert (await save_if_match(world, DRAFT + "A.\n", '"r7", "x"')).status_code == 412
    listed = await save_if_match(world, DRAFT + "A.\n", '"r9", "r1"')
    assert listed.status_code == 201 and listed.json()["base"] == 1
    star = await save_if_match(world, DRAFT + "B.\n", "*")
    assert star.status_code == 201 and star.json()["base"] == 2
    for garbage in ("r3", '"r3', '"r3" "r4"', ""):
        r = await save_if_match(world, DRAFT + "C.\n", garbage)
        assert r.status_code == 422, (garbage, r.text)


async def test_if_match_on_the_current_revision_may_still_merge_from_an_older_base(
    world: World,
) -> None:
    await world.save("author", DRAFT)
    await world.save("author", DRAFT.replace("Youth", "Young people"), base=1)
    r = await save_if_match(world, DRAFT.replace("Cities", "Towns"), '"r2"', base_revision=1)
    assert r.status_code == 201, r.text
    assert r.json()["merged"] is True
    assert "Towns" in r.json()["body"] and "Young people" in r.json()["body"]


async def test_428_when_a_text_exists_and_neither_base_nor_if_match_is_sent(
    world: World,
) -> None:
    assert (await world.save("author", DRAFT)).status_code == 201
    r = await world.save("author", DRAFT + "More.\n")
    assert r.status_code == 428
    assert r.json()["current_revision"] == 1


async def test_a_stale_base_with_separate_edits_is_merged(world: World) -> None:
    await world.save("author", DRAFT)
    mine = DRAFT.replace("Cities are", "Our cities are")
    theirs = DRAFT.replace("Youth are partners.", "Young people are partners.")
    assert (await world.save("author", theirs, base=1)).status_code == 201
    r = await world.save("author", mine, base=1)
    assert r.status_code == 201, r.text
    merged = r.json()
    assert merged["merged"] is True and merged["number"] == 3
    assert "Our cities are" in merged["body"] and "Young people are partners." in merged["body"]


async def test_overlapping_edits_are_refused_with_both_sides(world: World) -> None:
    await world.save("author", DRAFT)
    await world.save("author", DRAFT.replace("a public good", "a shared good"), base=1)
    before = await world.event_count()
    r = await world.save("author", DRAFT.replace("a public good", "a common good"), base=1)
    assert r.status_code == 409
    problem = r.json()
    assert problem["type"] == "urn:accord:problem:revision-conflict"
    [hunk] = problem["conflicts"]
    assert hunk["current"] == ["Safety is a shared good."]
    assert hunk["proposed"] == ["Safety is a common good."]
    assert await world.event_count() == before


async def test_saving_the_same_text_creates_nothing(world: World) -> None:
    await world.save("author", DRAFT)
    r = await world.save("author", DRAFT, base=1)
    assert r.status_code == 200
    assert r.json()["number"] == 1


async def test_history_one_revision_and_diffs(world: World) -> None:
    await world.save("author", DRAFT)
    await world.save("author", DRAFT.replace("public", "common"), base=1)
    history = (await world.call("reviewer", "GET", world.text_url() + "/revisions")).json()
    assert [r["number"] for r in history["items"]] == [1, 2]
    one = await world.call("reviewer", "GET", world.text_url() + "/revisions/1")
    assert one.json()["body"] == DRAFT and one.headers["ETag"] == '"r1"'
    diff = (
        await world.call("reviewer", "GET", world.text_url() + "/revisions/2/diff?against=1")
    ).json()
    assert "-Safety is a public good." in diff["unified"]
    assert "+Safety is a common good." in diff["unified"]
    assert {"op": "delete", "text": "public"} in diff["words"]
    assert {"op": "insert", "text": "common"} in diff["words"]
    missing = await world.call("reviewer", "GET", world.text_url() + "/revisions/9")
    assert missing.status_code == 404


async def test_idempotency_key_replays_and_refuses_another_body(world: World) -> None:
    headers = {"Idempotency-Key": "save-1"}
    url = world.text_url() + "/revisions"
    first = await world.call("author", "POST", url, json={"body": DRAFT}, headers=headers)
    again = await world.call("author", "POST", url, json={"body": DRAFT}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["ETag"] == '"r1"'
    history = (await world.call("author", "GET", url)).json()["items"]
    assert len(history) == 1
    other = await world.call("author", "POST", url, json={"body": "x"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"] == "urn:accord:problem:idempotency-key-reused"


async def test_bad_input_gets_a_problem_and_writes_nothing(world: World) -> None:
    before = await world.event_count()
    url = world.text_url() + "/revisions"
    cases = [
        (
            "POST",
            url,
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
        ),
        ("POST", url, {"json": {"body": 12}}, 422),
        ("POST", url, {"json": {"body": "a\x00b"}}, 422),
        (
            "POST",
            url,
            {"content": b'{"body": "\\ud800"}', "headers": {"Content-Type": "application/json"}},
            422,
        ),
        ("POST", url, {"json": {"body": "x", "surprise": 1}}, 422),
        ("POST", world.text_url("de") + "/revisions", {"json": {"body": "x"}}, 404),
        ("POST", world.text_url("ar") + "/revisions", {"json": {"body": "x"}}, 404),
        ("POST", world.text_url(section="nope") + "/revisions", {"json": {"body": "x"}}, 404),
        ("POST", url, {"json": {"body": "x", "base_revision": 7}}, 422),
    ]
    for method, path, kwargs, status in cases:
        r = await world.call("author", method, path, **kwargs)
        assert r.status_code == status, (path, kwargs, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == status
    assert await world.event_count() == before


async def test_numbers_too_large_to_name_anything_are_refused_not_crashed_on(
    world: World,
) -> None:
    # Larger than any integer a database column holds: found by fuzzing the API, where
    # they once reached the driver and came back as 500.
    huge = 2**70
    assert (await world.save("author", "Some text.\n")).status_code == 201
    before = await world.event_count()
    text = world.text_url()
    comments = f"/papers/{world.paper}/sections/{world.section}/comments"
    cases = [
        ("POST", text + "/revisions", {"json": {"body": "x", "base_revision": huge}}),
        ("POST", text + "/revisions", {"json": {"body": "x", "source_revision": huge}}),
        (
            "POST",
            text + "/revisions",
            {"json": {"body": "x"}, "headers": {"If-Match": f'"r{huge}"'}},
        ),
        ("GET", text + f"/revisions/{huge}", {}),
        ("GET", text + f"/revisions/1/diff?against={huge}", {}),
        (
            "POST",
            f"/papers/{world.paper}/sections/{world.section}/reviews",
            {"json": {"revision": huge, "decision": "approve"}},
        ),
        ("POST", comments, {"json": {"body": "b", "exact": "Some", "start": huge}}),
        ("POST", comments, {"json": {"body": "b", "exact": "Some", "revision": huge}}),
        ("POST", comments, {"json": {"body": "b", "parent": huge}}),
        ("GET", comments + f"?revision={huge}", {}),
        ("POST", comments + f"/{huge}/resolve", {"json": {}}),
    ]
    for method, path, kwargs in cases:
        who = "reviewer" if "reviews" in path or "comments" in path else "author"
        r = await world.call(who, method, path, **kwargs)
        assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert await world.event_count() == before


async def test_a_body_over_the_limit_is_refused_with_413(world: World, accord: Accord) -> None:
    limit = accord.settings.max_body_bytes
    r = await world.save("author", "é" * (limit // 2 + 1))
    assert r.status_code == 413
    assert r.json()["limit"] == limit
    huge = await world.call(
        "author",
        "POST",
        world.text_url() + "/revisions",
        content=b'{"body": "' + b"a" * (accord.settings.max_request_bytes + 1) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 413
    history = (await world.call("author", "GET", world.text_url() + "/revisions")).json()
    assert history["items"] == []


async def test_every_save_is_in_the_audit_log(world: World) -> None:
    await world.save("author", DRAFT)
    page = (await world.call("reviewer", "GET", f"/papers/{world.paper}/events")).json()
    saved = [e for e in page["items"] if e["type"] == "RevisionSaved"]
    assert saved[-1]["actor"] == "author"
    assert saved[-1]["data"]["section"] == "intro" and saved[-1]["data"]["number"] == 1


async def test_a_translation_records_its_source_revision(world: World) -> None:
    await world.save("author", DRAFT)
    r = await world.save("translator", "Las ciudades...\n", lang="es")
    assert r.status_code == 201
    assert r.json()["source_revision"] == 1
    assert (await world.save("author", "x", lang="es")).status_code == 403
    assert (await world.save("translator", "x", base=1)).status_code == 403


async def test_edits_to_different_sentences_of_one_paragraph_merge(world: World) -> None:
    paragraph = (
        "Cities are where peace is built. Prevention works best when cities lead it. "
        "Youth are partners.\n"
    )
    await world.save("author", paragraph)
    theirs = paragraph.replace("Youth are partners.", "Young people are partners.")
    assert (await world.save("author", theirs, base=1)).status_code == 201
    r = await world.save("author", paragraph.replace("Cities are", "Our cities are"), base=1)
    assert r.status_code == 201, r.text
    assert r.json()["merged"] is True
    assert r.json()["body"] == (
        "Our cities are where peace is built. Prevention works best when cities lead it. "
        "Young people are partners.\n"
    )
    # The same sentence edited differently on both sides is still refused, as its line.
    clash = await world.save("author", paragraph.replace("Youth are", "The young are"), base=1)
    assert clash.status_code == 409
    [hunk] = clash.json()["conflicts"]
    assert hunk["base"] == [paragraph.rstrip("\n")]
