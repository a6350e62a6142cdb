"""Every route × every role, from one table: who gets through, who gets 403, who sees 404.

The table must name every route of the app: a new route without a row fails the suite.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from drafts.publications import ArtifactStatus
from drafts.webhook_deliveries import DeliveryStatus, WebhookDelivery
from services.api.app import create_app
from services.bootstrap import Accord
from tests.images import png
from tests.integration.people import PASSWORD, session_headers, set_password
from tests.integration.world import World, build_world
from workflows.invitations import invite

ROLES = ("sec", "author", "translator", "reviewer", "outsider")
MEMBERS = ("sec", "author", "translator", "reviewer")
OK = "ok"

Body = Callable[[World, int], Awaitable[dict[str, Any]]]


def expect(allowed: tuple[str, ...], refused: int = 403) -> dict[str, int | str]:
    """Allowed roles pass; other members get `refused`; a non-member sees nothing (404)."""
    return {
        role: OK if role in allowed else (404 if role == "outsider" else refused) for role in ROLES
    }


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


async def no_body(world: World, n: int) -> dict[str, Any]:
    return {}


def body(payload: Callable[[int], dict[str, Any]]) -> Body:
    async def make(world: World, n: int) -> dict[str, Any]:
        return {"json": payload(n)}

    return make


async def next_save(world: World, n: int) -> dict[str, Any]:
    status = (await world.call("sec", "GET", world.text_url())).json()
    head = status["current_revision"]["number"]
    return {"json": {"body": f"Text number {n}.\n", "base_revision": head}}


async def same_order(world: World, n: int) -> dict[str, Any]:
    sections = (await world.call("sec", "GET", f"/papers/{world.paper}/sections")).json()
    return {"json": {"order": [s["key"] for s in sections]}}


async def _head(world: World) -> int:
    status = (await world.call("sec", "GET", world.text_url())).json()
    return int(status["current_revision"]["number"])


async def fresh_draft(world: World, n: int) -> dict[str, Any]:
    """A new revision by the author, so the text is back in drafting."""
    r = await world.save("author", f"Draft {n}.\n", base=await _head(world))
    assert r.status_code == 201, r.text
    return {}


async def submitted_text(world: World, n: int) -> dict[str, Any]:
    """A new section whose only text is the author's, submitted: ready for a review by
    anyone else (in the shared section others saved revisions, and nobody approves text
    they wrote since the last approval)."""
    key = f"reviewed-{n}"
    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/sections",
        json={"key": key, "titles": {"en": "Reviewed"}, "authors": ["author"]},
    )
    assert r.status_code == 201, r.text
    url = world.text_url(section=key)
    r = await world.call("author", "POST", url + "/revisions", json={"body": f"Draft {n}.\n"})
    assert r.status_code == 201, r.text
    r = await world.call("author", "POST", url + "/submit")
    assert r.status_code == 200, r.text
    return {"fill": {"section": key}, "json": {"revision": 1, "decision": "approve"}}


async def _suggestion(world: World, n: int) -> int:
    await fresh_draft(world, n)
    r = await world.call(
        "reviewer",
        "POST",
        f"/papers/{world.paper}/sections/{world.section}/comments",
        json={"body": "Clearer?", "exact": "Draft", "start": 0, "replacement": "Text"},
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def open_suggestion(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"comment": await _suggestion(world, n)}}


async def rejection(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"comment": await _suggestion(world, n)}, "json": {"reason": "Keep it."}}


async def settled_suggestion(world: World, n: int) -> dict[str, Any]:
    comment = await _suggestion(world, n)
    url = f"/papers/{world.paper}/sections/{world.section}/comments/{comment}/resolve"
    assert (await world.call("sec", "POST", url, json={})).status_code == 200
    return {"fill": {"comment": comment}}


async def resolvable(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"comment": await _suggestion(world, n)}, "json": {"note": "Done."}}


async def a_translation(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"lang": "fr"}}


async def a_quote(world: World, n: int) -> dict[str, Any]:
    await fresh_draft(world, n)
    return {"json": {"body": f"Comment {n}", "exact": "Draft", "start": 0}}


async def _publish(world: World, n: int) -> str:
    version = f"0.{n}"
    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": version, "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert r.status_code == 201, r.text
    return version


async def a_version(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"version": await _publish(world, n)}}


async def a_rendered_file(world: World, n: int) -> dict[str, Any]:
    """A version whose file is on disk, as a finished render leaves it."""
    version = await _publish(world, n)
    async with world.accord.transaction() as uow:
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        publication = await uow.publications.get(paper, version)
        assert publication is not None
        artifact = await uow.publications.artifact(publication, "en", "docx")
        assert artifact is not None
        artifact.status = ArtifactStatus.DONE
        artifact.path = f"{world.paper}/{version}/en.docx"
        artifact.sha256 = "0" * 64
        await uow.publications.update_artifact(artifact)
    world.accord.files.write(f"{world.paper}/{version}/en.docx", b"PK fake docx")
    return {"fill": {"version": version, "language": "en", "fmt": "docx"}}


async def an_image(world: World, n: int) -> dict[str, Any]:
    """A new image file, under a name of its own."""
    return {
        "content": png(1, 1, (n % 256, 0, 0)),
        "headers": {"Content-Type": "image/png"},
        "fill": {"name": f"figure-{n}.png"},
    }


async def a_stored_image(world: World, n: int) -> dict[str, Any]:
    name = f"stored-{n}.png"
    r = await world.call(
        "sec", "PUT", f"/papers/{world.paper}/images/{name}", content=png(2, 2, (0, n % 256, 0))
    )
    assert r.status_code == 201, r.text
    return {"fill": {"name": name}}


async def a_sign_in(world: World, n: int) -> dict[str, Any]:
    """The name and password of a user who has set one (author2, outside the roles)."""
    if "author2" not in world.passwords:
        await set_password(world.accord, "author2")
        world.passwords.add("author2")
    return {"json": {"login": "author2", "password": PASSWORD}}


async def an_invitation(world: World, n: int) -> dict[str, Any]:
    """The secret of a fresh invitation for a new user, and a good password."""
    r = await world.call(
        "admin", "POST", "/users", json={"name": f"invited{n}", "email": f"i{n}@example.org"}
    )
    assert r.status_code == 201, r.text
    async with world.accord.transaction() as uow:
        new = await invite(f"invited{n}", uow, world.accord.signin)
    return {"json": {"token": new.token, "password": PASSWORD}}


async def a_token_of_author2(world: World, n: int) -> dict[str, Any]:
    r = await world.call("admin", "POST", "/users/author2/tokens", json={"name": f"t{n}"})
    assert r.status_code == 201, r.text
    return {"fill": {"token": r.json()["id"]}}


async def a_new_language(world: World, n: int) -> dict[str, Any]:
    return {"fill": {"lang": "ar"}}


async def a_language_without_text(world: World, n: int) -> dict[str, Any]:
    r = await world.call("sec", "PUT", f"/papers/{world.paper}/languages/zh")
    assert r.status_code in (200, 201), r.text
    return {"fill": {"lang": "zh"}}


async def a_section_to_retire(world: World, n: int) -> dict[str, Any]:
    key = f"retiring-{n}"
    r = await world.call(
        "sec", "POST", f"/papers/{world.paper}/sections", json={"key": key, "titles": {"en": "R"}}
    )
    assert r.status_code == 201, r.text
    return {"fill": {"section": key}}


async def an_own_comment(world: World, n: int) -> dict[str, Any]:
    """A suggestion by the reviewer, with no reply: only its author may edit it."""
    return {"fill": {"comment": await _suggestion(world, n)}, "json": {"body": f"Edited {n}"}}


async def a_webhook(world: World, n: int) -> dict[str, Any]:
    """The paper's first webhook endpoint, subscribed now if there is none (a deletion in
    the matrix removes it)."""
    async with world.accord.uow() as uow:
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        found = await uow.webhooks.for_paper(paper)
    if found:
        return {"fill": {"endpoint": found[0].id}}
    r = await world.call(
        "sec", "POST", f"/papers/{world.paper}/webhooks", json={"url": "https://93.184.216.34/h"}
    )
    assert r.status_code == 201, r.text
    return {"fill": {"endpoint": r.json()["id"]}}


async def a_delivery(world: World, n: int) -> dict[str, Any]:
    """A delivery of the endpoint that was tried and failed, so it may be sent again."""
    fill = (await a_webhook(world, n))["fill"]
    async with world.accord.uow() as uow:
        paper = await uow.papers.get(world.paper)
        assert paper is not None
        endpoint = await uow.webhooks.get(paper, fill["endpoint"])
        assert endpoint is not None and endpoint.id is not None
        event = (await uow.events.list(world.paper, n, 1)) or await uow.events.list(
            world.paper, 0, 1
        )
        now = datetime.now(UTC)
        delivery = WebhookDelivery(endpoint.id, event[0].id, "x.y", now, now)
        await uow.webhooks.add_deliveries([delivery])
        [stored] = [
            d
            for d in await uow.webhooks.deliveries(endpoint, None, 0, 200)
            if d.event_id == event[0].id
        ]
        stored.status, stored.round_tries = DeliveryStatus.FAILED, 1
        await uow.webhooks.update_delivery(stored)
        await uow.commit()
    return {"fill": {**fill, "delivery": stored.id}}


async def a_word_file(world: World, n: int) -> dict[str, Any]:
    """The section's text as a Word file, on the current revision."""
    from tests.word_files import python_docx_file

    head = await _head(world)
    return {
        "content": python_docx_file(f"Word text {n}."),
        "headers": {"Content-Type": DOCX},
        "params": {"base_revision": head},
    }


async def a_review_copy(world: World, n: int) -> dict[str, Any]:
    copy = await world.call("sec", "GET", f"/papers/{world.paper}/review-copies/en.docx")
    assert copy.status_code == 200, copy.text
    return {"content": copy.content, "headers": {"Content-Type": DOCX}}


async def a_second_revision(world: World, n: int) -> dict[str, Any]:
    """Two revisions, so that the newer one has an older to be compared with."""
    await fresh_draft(world, n)
    return {"fill": {"number": str(await _head(world))}}


async def two_versions(world: World, n: int) -> dict[str, Any]:
    older = await _publish(world, n)
    await fresh_draft(world, n)
    newer = f"1.{n}"
    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": newer, "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert r.status_code == 201, r.text
    return {"fill": {"version": newer}, "params": {"against": older}}


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
P = "/api/v1/papers/{paper}"
S = P + "/sections/{section}"
L = S + "/languages/{lang}"
W = P + "/webhooks/{endpoint}"


def _practice_body(n: int) -> dict[str, Any]:
    return {"name": f"Practice {n}", "country": "CO", "approaches": ["dialogue"]}


async def a_practice(world: World, n: int) -> dict[str, Any]:
    """A practice the author proposed: its proposer and the secretariat may edit it."""
    key = f"practice-{n}"
    r = await world.call(
        "author", "POST", f"/papers/{world.paper}/practices", json={"key": key, **_practice_body(n)}
    )
    assert r.status_code == 201, r.text
    return {"fill": {"key": key}, "json": {**_practice_body(n), "city": "Medellín"}}


async def a_practice_to_translate(world: World, n: int) -> dict[str, Any]:
    made = await a_practice(world, n)
    return {"fill": {**made["fill"], "lang": "fr"}, "json": {"name": f"Pratique {n}"}}


async def a_practice_sheet(world: World, n: int) -> dict[str, Any]:
    sheet = f"key,name.en,country\r\nsheet-{n},Practice {n},KE\r\n".encode()
    return {"content": sheet, "headers": {"Content-Type": "text/csv"}}


async def a_practice_as_is(world: World, n: int) -> dict[str, Any]:
    return {"fill": (await a_practice(world, n))["fill"]}


async def _with_json(made: Awaitable[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any]:
    return {**(await made), "json": payload}


MATRIX: dict[tuple[str, str], tuple[Body, dict[str, int | str]]] = {
    ("POST", "/api/v1/users"): (
        body(lambda n: {"name": f"u{n}", "email": f"u{n}@example.org"}),
        everyone(403),
    ),
    ("GET", "/api/v1/me"): (no_body, everyone(OK)),
    # Another user's tokens: only they or an admin (no role of a paper) may touch them.
    ("POST", "/api/v1/users/{name}/tokens"): (no_body, everyone(403)),
    ("GET", "/api/v1/users/{name}/tokens"): (no_body, everyone(403)),
    ("DELETE", "/api/v1/users/{name}/tokens"): (no_body, everyone(403)),
    ("DELETE", "/api/v1/users/{name}/tokens/{token}"): (a_token_of_author2, everyone(403)),
    ("POST", "/api/v1/users/{name}/invitations"): (no_body, everyone(403)),
    # Signing in needs no caller: anyone may try with a name and password.
    ("POST", "/api/v1/sessions"): (a_sign_in, everyone(OK)),
    ("GET", "/api/v1/sessions"): (no_body, everyone(OK)),
    # A bearer token has no session to end (see SESSION_MATRIX for the cookie).
    ("DELETE", "/api/v1/sessions/current"): (no_body, everyone(422)),
    ("DELETE", "/api/v1/sessions"): (no_body, everyone(OK)),
    ("POST", "/api/v1/invitations/accept"): (an_invitation, everyone(OK)),
    ("POST", "/api/v1/papers"): (
        body(
            lambda n: {
                "slug": f"p{n}",
                "titles": {"en": "T"},
                "source_language": "en",
                "languages": ["en"],
            }
        ),
        everyone(403),
    ),
    ("GET", "/api/v1/papers"): (no_body, everyone(OK)),
    ("GET", P): (no_body, expect(MEMBERS)),
    ("PATCH", P): (body(lambda n: {"symbol": f"A/CONF.226/{n}"}), expect(("sec",))),
    ("PUT", P + "/members/{user}"): (body(lambda n: {"roles": ["author"]}), expect(("sec",))),
    ("PUT", P + "/languages/{lang}"): (a_new_language, expect(("sec",))),
    ("DELETE", P + "/languages/{lang}"): (a_language_without_text, expect(("sec",))),
    ("POST", P + "/sections"): (
        body(lambda n: {"key": f"s{n}", "titles": {"en": "S"}}),
        expect(("sec",)),
    ),
    ("GET", P + "/sections"): (no_body, expect(MEMBERS)),
    ("PUT", P + "/outline"): (same_order, expect(("sec",))),
    ("GET", S): (no_body, expect(MEMBERS)),
    ("PATCH", S): (body(lambda n: {"titles": {"fr": f"Titre {n}"}}), expect(("sec",))),
    ("POST", S + "/retire"): (a_section_to_retire, expect(("sec",))),
    ("GET", L): (no_body, expect(MEMBERS)),
    ("POST", L + "/revisions"): (next_save, expect(("sec", "author"))),
    ("GET", L + "/revisions"): (no_body, expect(MEMBERS)),
    ("GET", L + "/revisions/{number}"): (no_body, expect(MEMBERS)),
    ("GET", L + "/revisions/{number}/diff"): (no_body, expect(MEMBERS)),
    ("GET", L + "/revisions/{number}/redline.docx"): (a_second_revision, expect(MEMBERS)),
    ("GET", P + "/events"): (no_body, expect(MEMBERS)),
    ("POST", L + "/submit"): (fresh_draft, expect(("sec", "author"))),
    ("POST", S + "/reviews"): (submitted_text, expect(("sec", "reviewer"))),
    ("GET", L + "/source-changes"): (a_translation, expect(MEMBERS)),
    ("POST", S + "/comments"): (a_quote, expect(MEMBERS)),
    ("GET", S + "/comments"): (no_body, expect(MEMBERS)),
    ("PATCH", S + "/comments/{comment}"): (an_own_comment, expect(("reviewer",))),
    ("POST", S + "/comments/{comment}/resolve"): (
        resolvable,
        expect(("sec", "author", "reviewer")),
    ),
    ("POST", S + "/comments/{comment}/reopen"): (
        settled_suggestion,
        expect(("sec", "author", "reviewer")),
    ),
    ("POST", S + "/comments/{comment}/accept"): (open_suggestion, expect(("sec", "author"))),
    ("POST", S + "/comments/{comment}/reject"): (rejection, expect(("sec", "author"))),
    ("GET", P + "/status"): (no_body, expect(MEMBERS)),
    ("GET", P + "/practice-coverage"): (no_body, expect(MEMBERS)),
    ("GET", P + "/dispositions.csv"): (no_body, expect(MEMBERS)),
    ("GET", P + "/dispositions.docx"): (no_body, expect(MEMBERS)),
    ("GET", P + "/review-copies/{lang}.docx"): (no_body, expect(MEMBERS)),
    ("POST", P + "/review-copies/{lang}.docx"): (a_review_copy, expect(MEMBERS)),
    # Any member may send review in a file; its text, only those who may edit it.
    ("POST", L + "/imports"): (a_word_file, expect(("sec", "author"))),
    ("PUT", P + "/bibliography"): (body(lambda n: {"csl_json": "[]"}), expect(("sec",))),
    # Practices: any member proposes; the proposer and the secretariat edit; translators
    # translate; the secretariat verifies and retires.
    ("POST", P + "/practices"): (
        body(lambda n: {"key": f"proposed-{n}", **_practice_body(n)}),
        expect(MEMBERS),
    ),
    ("GET", P + "/practices"): (no_body, expect(MEMBERS)),
    ("GET", P + "/practices/{key}"): (a_practice_as_is, expect(MEMBERS)),
    ("PUT", P + "/practices/{key}"): (a_practice, expect(("sec", "author"))),
    ("PUT", P + "/practices/{key}/texts/{lang}"): (
        a_practice_to_translate,
        expect(("sec", "translator")),
    ),
    ("POST", P + "/practices/{key}/verify"): (a_practice_as_is, expect(("sec",))),
    ("POST", P + "/practices/{key}/retire"): (a_practice_as_is, expect(("sec",))),
    ("POST", P + "/practices/imports"): (a_practice_sheet, expect(("sec",))),
    ("GET", P + "/practices.csv"): (no_body, expect(MEMBERS)),
    ("GET", P + "/practices.xlsx"): (no_body, expect(MEMBERS)),
    ("PUT", P + "/images/{name}"): (an_image, expect(("sec", "author", "translator"))),
    ("GET", P + "/images"): (no_body, expect(MEMBERS)),
    ("GET", P + "/images/{name}"): (a_stored_image, expect(MEMBERS)),
    ("POST", P + "/publications"): (
        body(lambda n: {"version": f"9.{n}", "kind": "draft", "formats": ["pdf"]}),
        expect(("sec",)),
    ),
    ("GET", P + "/publications"): (no_body, expect(MEMBERS)),
    ("GET", P + "/publications/{version}"): (a_version, expect(MEMBERS)),
    ("GET", P + "/publications/{version}/redline/{lang}.docx"): (two_versions, expect(MEMBERS)),
    ("GET", P + "/publications/{version}/artifacts/{language}.{fmt}"): (
        a_rendered_file,
        expect(MEMBERS),
    ),
    ("HEAD", P + "/publications/{version}/artifacts/{language}.{fmt}"): (
        a_rendered_file,
        expect(MEMBERS),
    ),
    # The installation's, not a paper's: admins only (tested with one in test_dispatch_api).
    ("GET", "/api/v1/admin/consequences"): (no_body, everyone(403)),
    ("GET", "/api/v1/admin/consequences/summary"): (no_body, everyone(403)),
    ("GET", "/api/v1/admin/consequences/{consequence}"): (no_body, everyone(403)),
    ("POST", "/api/v1/admin/consequences/{consequence}/replay"): (no_body, everyone(403)),
    ("POST", "/api/v1/admin/consequences/replay"): (no_body, everyone(403)),
    ("POST", P + "/webhooks"): (
        body(lambda n: {"url": f"https://93.184.216.34/hook/{n}"}),
        expect(("sec",)),
    ),
    ("GET", P + "/webhooks"): (no_body, expect(("sec",))),
    ("GET", W): (a_webhook, expect(("sec",))),
    ("PATCH", W): (
        lambda world, n: _with_json(a_webhook(world, n), {"description": f"d{n}"}),
        expect(("sec",)),
    ),
    ("DELETE", W): (a_webhook, expect(("sec",))),
    ("POST", W + "/secret/rotate"): (
        lambda world, n: _with_json(a_webhook(world, n), {"grace_seconds": 60}),
        expect(("sec",)),
    ),
    ("GET", W + "/deliveries"): (a_webhook, expect(("sec",))),
    ("GET", W + "/deliveries/{delivery}"): (a_delivery, expect(("sec",))),
    ("POST", W + "/deliveries/{delivery}/redeliver"): (a_delivery, expect(("sec",))),
    ("GET", "/api/v1/me/notification-preferences"): (no_body, everyone(OK)),
    ("PUT", "/api/v1/me/notification-preferences"): (
        body(lambda n: {"kinds": {"suggestion_made": n % 2 == 0}}),
        everyone(OK),
    ),
    ("GET", "/api/v1/me/notifications"): (no_body, everyone(OK)),
}

# Where a caller with the session cookie gets another answer than one with a bearer token.
SESSION_MATRIX = {
    ("DELETE", "/api/v1/sessions/current"): everyone(OK),
}

FILL = {
    "paper": "habitat",
    "section": "intro",
    "lang": "en",
    "number": "1",
    "user": "author2",
    "name": "author2",
    "consequence": "1",
}


def app_routes(accord: Accord) -> set[tuple[str, str]]:
    """Every (method, path) the app serves under /api, as its OpenAPI document lists them."""
    paths = create_app(accord).openapi()["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/")
        for method in operations
    }


async def test_every_route_of_the_app_is_in_the_matrix(accord: Accord) -> None:
    routes = app_routes(accord)
    assert routes - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - routes == set(), "these MATRIX rows name no route"


async def test_each_role_gets_exactly_what_the_matrix_says(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    await check_the_matrix(accord, client, via="bearer")


# The cookie's way in is the same on either database (the store's queries are proved on
# both by the bearer matrix above); once, on production's, rather than twice.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_signed_in_browser_gets_exactly_what_the_matrix_says(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    """The same answers when the caller comes signed in with the session cookie (and its
    CSRF token, from the board's own origin) instead of sending a bearer token."""
    await check_the_matrix(accord, client, via="session")


async def check_the_matrix(accord: Accord, client: httpx.AsyncClient, via: str) -> None:
    world = await build_world(accord, client)
    assert (await world.save("author", "First text.\n")).status_code == 201
    counter = itertools.count()
    failures = []
    for (method, template), (make_body, expected) in MATRIX.items():
        if via == "session":
            expected = SESSION_MATRIX.get((method, template), expected)
        for role in ROLES:
            kwargs = await make_body(world, next(counter))
            fill = {**FILL, **kwargs.pop("fill", {})}
            path = template.removeprefix("/api/v1").format(**fill)
            if via == "bearer":
                r = await world.call(role, method, path, **kwargs)
            else:
                # A session of its own for each call: signing out must not end the next.
                headers = {**await session_headers(accord, role), **kwargs.pop("headers", {})}
                r = await client.request(method, path, headers=headers, **kwargs)
            want = expected[role]
            got_ok = r.status_code < 400
            if (want == OK and not got_ok) or (want != OK and r.status_code != want):
                failures.append(
                    f"{role:10} {method:5} {path}: want {want}, got {r.status_code} {r.text[:120]}"
                )
            if r.status_code >= 400:
                assert r.headers["content-type"] == "application/problem+json"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["translator"])
async def test_translators_write_only_target_languages(
    accord: Accord, client: httpx.AsyncClient, role: str
) -> None:
    world = await build_world(accord, client)
    assert (await world.save(role, "Texte.\n", lang="fr")).status_code == 201
    assert (await world.save(role, "Text.\n", lang="en")).status_code == 403


async def test_roles_limited_to_a_language_hold_there_and_nowhere_else(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    """A translator into Spanish and a reviewer of French, against every language."""
    world = await build_world(accord, client)
    for name, roles, languages in (
        ("translator", ["translator"], {"translator": ["es"]}),
        ("reviewer", ["reviewer"], {"reviewer": ["fr"]}),
    ):
        r = await world.call(
            "sec",
            "PUT",
            f"/papers/{world.paper}/members/{name}",
            json={"roles": roles, "languages": languages},
        )
        assert r.status_code == 200, r.text
        assert r.json()["member_languages"][name] == languages
    me = (await world.call("translator", "GET", "/me")).json()
    assert me["memberships"][0]["languages"] == {"translator": ["es"]}
    assert (await world.save("author", "First text.\n")).status_code == 201
    # Writing and submitting: the Spanish translator writes Spanish only.
    writes = {"en": 403, "es": 201, "fr": 403}
    for lang, status in writes.items():
        r = await world.save("translator", f"Texto {lang}.\n", lang=lang)
        assert r.status_code == status, (lang, r.text)
    for lang, status in {"es": 200, "fr": 403, "en": 403}.items():
        r = await world.call("translator", "POST", world.text_url(lang) + "/submit")
        assert r.status_code == status, (lang, r.text)
    # Reviewing: the French reviewer reviews French only; the unlimited reviewer2 any.
    assert (await world.save("sec", "Texte.\n", lang="fr")).status_code == 201
    for lang in ("en", "fr", "es"):
        if lang != "es":
            assert (
                await world.call("sec", "POST", world.text_url(lang) + "/submit")
            ).status_code == 200
    for who, lang, status in (
        ("reviewer", "en", 403),
        ("reviewer", "es", 403),
        ("reviewer", "fr", 201),
        ("reviewer2", "en", 201),
        ("reviewer2", "es", 201),
    ):
        r = await world.call(
            who,
            "POST",
            f"/papers/{world.paper}/sections/{world.section}/reviews",
            json={"language": lang, "revision": 1, "decision": "approve"},
        )
        assert r.status_code == status, (who, lang, r.text)


async def test_a_role_cannot_be_limited_to_languages_it_has_no_use_for(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await build_world(accord, client)
    url = f"/papers/{world.paper}/members/translator"
    for roles, languages in (
        (["translator"], {"translator": ["en"]}),  # the source language
        (["translator"], {"translator": ["ar"]}),  # not a language of the paper
        (["translator"], {"translator": ["xx"]}),
        (["translator"], {"translator": []}),
        (["author"], {"author": ["es"]}),  # authors write the source
        (["translator"], {"reviewer": ["es"]}),  # a role not given
    ):
        r = await world.call("sec", "PUT", url, json={"roles": roles, "languages": languages})
        assert r.status_code == 422, (roles, languages, r.text)
