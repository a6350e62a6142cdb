"""People sign in: invitations, passwords, sessions, sign-out, throttling, CSRF.

Every test runs on SQLite and PostgreSQL, through the HTTP API as a browser would use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import InstrumentedAttribute

from services.api.app import create_app
from services.api.browser import CSRF_HEADER, session_cookie_name
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.people_tables import InvitationRow, SessionRow, SignInThrottleRow, TokenRow
from services.store.tables import EventRow
from tests.conftest import make_user
from tests.integration.people import PASSWORD, browser_headers, set_password
from tests.integration.world import World, build_world


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # Small thresholds, so that the delays show after a few attempts.
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",
        token_secret="test-secret-" + "x" * 32,
        sign_in_account_failures=3,
        sign_in_client_failures=6,
        # Long enough that no test outruns it on a slow machine.
        sign_in_first_delay_seconds=60,
        # Real argon2id, at the smallest cost the settings allow (the suite hashes often).
        password_memory_kib=8 * 1024,
        password_iterations=1,
    )


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


@pytest.fixture
async def browser(accord: Accord) -> AsyncIterator[httpx.AsyncClient]:
    """A client that keeps cookies like a browser on Accord's own pages (HTTPS, since
    outside development the cookie is Secure)."""
    transport = httpx.ASGITransport(app=create_app(accord), client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="https://accord.test/api/v1",
        headers={"Origin": "https://accord.test", "Sec-Fetch-Site": "same-origin"},
    ) as c:
        yield c


async def sign_in(
    client: httpx.AsyncClient, login: str, password: str = PASSWORD, **kwargs: Any
) -> httpx.Response:
    return await client.post("/sessions", json={"login": login, "password": password}, **kwargs)


async def events_named(accord: Accord, name: str) -> list[dict[str, Any]]:
    async with accord.engine.connect() as conn:
        rows = await conn.execute(
            select(EventRow.actor, EventRow.payload)
            .where(EventRow.name == name)
            .order_by(EventRow.seq)
        )
        return [{"actor": actor, **payload} for actor, payload in rows]


async def move_back(accord: Accord, column: InstrumentedAttribute[Any], by: timedelta) -> None:
    """Let time pass: the column moves `by` into the past in every row of its table."""
    model = column.class_
    key = inspect(model).primary_key[0]
    async with accord.engine.begin() as conn:
        for pk, moment in (await conn.execute(select(key, column))).all():
            if moment is not None:
                await conn.execute(update(model).where(key == pk).values({column.key: moment - by}))


# ---- invitations ----------------------------------------------------------------------


async def test_an_invitation_sets_a_password_once_and_the_person_signs_in(
    world: World, browser: httpx.AsyncClient
) -> None:
    r = await world.call("admin", "POST", "/users/author/invitations")
    assert r.status_code == 201, r.text
    invitation = r.json()
    assert invitation["url"] == f"http://127.0.0.1:8000/invitations/{invitation['token']}"
    accept = {"token": invitation["token"]}

    weak = await browser.post("/invitations/accept", json={**accept, "password": "short"})
    assert weak.status_code == 422 and "at least 12" in weak.json()["detail"]
    named = await browser.post("/invitations/accept", json={**accept, "password": "author" * 3})
    assert named.status_code == 422 and "user name" in named.json()["detail"]

    r = await browser.post("/invitations/accept", json={**accept, "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert r.json() == {"user": "author"}
    again = await browser.post("/invitations/accept", json={**accept, "password": PASSWORD + "!"})
    assert again.status_code == 410
    assert again.json()["type"] == "urn:accord:problem:invitation-not-usable"
    assert again.json()["reason"] == "used"

    r = await sign_in(browser, "author")
    assert r.status_code == 201, r.text
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-accord-session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=lax", "Path=/", "Max-Age=43200"):
        assert attribute.lower() in cookie.lower(), cookie
    me = await browser.get("/me")  # the cookie alone, no bearer token
    assert me.status_code == 200 and me.json()["name"] == "author"
    assert [m["paper"] for m in me.json()["memberships"]] == ["habitat"]

    by_email = await sign_in(browser, "Author@Example.org")
    assert by_email.status_code == 201 and by_email.json()["user"]["name"] == "author"
    assert await events_named(world.accord, "PasswordSet") == [
        {"actor": "author", "user": "author", "sessions_ended": 0}
    ]


async def test_an_expired_invitation_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    token = (await world.call("admin", "POST", "/users/author/invitations")).json()["token"]
    await move_back(world.accord, InvitationRow.expires_at, timedelta(hours=73))
    r = await browser.post("/invitations/accept", json={"token": token, "password": PASSWORD})
    assert r.status_code == 410 and r.json()["reason"] == "expired"
    assert (await sign_in(browser, "author")).status_code == 401


async def test_a_new_invitation_voids_the_older_one_and_unknown_ones_are_404(
    world: World, browser: httpx.AsyncClient
) -> None:
    first = (await world.call("admin", "POST", "/users/author/invitations")).json()["token"]
    second = (await world.call("admin", "POST", "/users/author/invitations")).json()["token"]
    r = await browser.post("/invitations/accept", json={"token": first, "password": PASSWORD})
    assert r.status_code == 410 and r.json()["reason"] == "used"
    r = await browser.post("/invitations/accept", json={"token": "acc_nope", "password": PASSWORD})
    assert r.status_code == 404
    r = await browser.post("/invitations/accept", json={"token": second, "password": PASSWORD})
    assert r.status_code == 200


async def test_only_admins_invite(world: World) -> None:
    r = await world.call("sec", "POST", "/users/author/invitations")
    assert r.status_code == 403
    r = await world.call("admin", "POST", "/users/nobody/invitations")
    assert r.status_code == 404


async def test_two_acceptances_at_once_set_one_password(
    world: World, browser: httpx.AsyncClient
) -> None:
    token = (await world.call("admin", "POST", "/users/author/invitations")).json()["token"]
    answers = await asyncio.gather(
        browser.post("/invitations/accept", json={"token": token, "password": PASSWORD}),
        browser.post(
            "/invitations/accept", json={"token": token, "password": "another long phrase"}
        ),
    )
    assert sorted(r.status_code for r in answers) == [200, 410]
    winner = next(r for r in answers if r.status_code == 200).request
    password = PASSWORD if PASSWORD.encode() in winner.content else "another long phrase"
    assert (await sign_in(browser, "author", password)).status_code == 201


async def test_a_new_password_ends_the_sessions_from_before(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "author")
    assert (await sign_in(browser, "author")).status_code == 201
    await set_password(world.accord, "author", "a different long phrase")
    assert (await browser.get("/me")).status_code == 401
    assert (await sign_in(browser, "author")).status_code == 401
    assert (await sign_in(browser, "author", "a different long phrase")).status_code == 201


# ---- wrong passwords ------------------------------------------------------------------


async def test_wrong_passwords_are_slowed_and_counted(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "author")
    for _ in range(3):
        r = await sign_in(browser, "author", "not the password at all")
        assert r.status_code == 401
        assert r.json()["detail"] == "wrong user name, e-mail address or password"
    # The fourth comes too soon: refused without even checking, the right password too.
    for password in ("not the password at all", PASSWORD):
        r = await sign_in(browser, "author", password)
        assert r.status_code == 429, r.text
        assert 58 <= int(r.headers["retry-after"]) <= 60
        assert r.json()["type"] == "urn:accord:problem:too-many-attempts"
    failed = await events_named(world.accord, "SignInFailed")
    assert [(e["actor"], e["user"], e["account_failures"]) for e in failed] == [
        ("author", "author", 1),
        ("author", "author", 2),
        ("author", "author", 3),
    ]
    assert {e["client"] for e in failed} == {"203.0.113.7"}

    # Once the delay is over one more try is checked; failing again doubles the delay.
    await move_back(world.accord, SignInThrottleRow.last_failure_at, timedelta(seconds=60))
    assert (await sign_in(browser, "author", "still wrong")).status_code == 401
    r = await sign_in(browser, "author", PASSWORD)
    assert r.status_code == 429 and 118 <= int(r.headers["retry-after"]) <= 120

    # The right password after the delay signs in and clears the account's count.
    await move_back(world.accord, SignInThrottleRow.last_failure_at, timedelta(seconds=120))
    assert (await sign_in(browser, "author", PASSWORD)).status_code == 201
    assert (await sign_in(browser, "author", "wrong once more")).status_code == 401
    assert (await sign_in(browser, "author", PASSWORD)).status_code == 201


async def test_unstorable_logins_and_passwords_are_refused_not_500(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "author")
    r = await sign_in(browser, "auth\u0000or")
    assert r.status_code == 422 and "U+0000" in r.json()["detail"]
    r = await browser.post(
        "/sessions",
        content=b'{"login": "author", "password": "\\ud800 half a character"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text  # the JSON parser refuses half a character
    token = (await world.call("admin", "POST", "/users/reviewer/invitations")).json()["token"]
    r = await browser.post(
        "/invitations/accept",
        content=b'{"token": "%s", "password": "a long phrase \\u0000 and more"}' % token.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422


async def test_unknown_names_are_slowed_like_real_ones(
    accord: Accord, browser: httpx.AsyncClient
) -> None:
    answers = [(await sign_in(browser, "nobody", "whatever it is")).status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]
    # Recorded without what was typed: it may have been a password in the wrong field.
    failed = await events_named(accord, "SignInFailed")
    assert [(e["actor"], e["user"], e["account_failures"]) for e in failed] == [
        ("anonymous", None, 1),
        ("anonymous", None, 2),
        ("anonymous", None, 3),
    ]
    assert "nobody" not in str(failed)


async def test_one_client_guessing_many_accounts_is_slowed(
    accord: Accord, browser: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    for n in range(6):  # six accounts, one wrong guess each: no account's own limit is hit
        assert (await sign_in(browser, f"user{n}", "a guess of a password")).status_code == 401
    assert (await sign_in(browser, "user7", "a guess of a password")).status_code == 429
    # Another client address is not slowed by this one's failures.
    await make_user(accord, "amina")
    await set_password(accord, "amina")
    assert (await sign_in(client, "amina")).status_code == 201


async def test_concurrent_wrong_guesses_are_each_counted(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "author")
    answers = await asyncio.gather(
        *(sign_in(browser, "author", f"guess number {n}") for n in range(8))
    )
    codes = sorted(r.status_code for r in answers)
    # Sign-ins of one account take turns: only three are checked, the rest wait.
    assert codes == [401] * 3 + [429] * 5


# ---- sessions -------------------------------------------------------------------------


async def test_a_session_of_another_papers_member_sees_nothing_of_this_paper(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "outsider")
    assert (await sign_in(browser, "outsider")).status_code == 201
    csrf = (await sign_in(browser, "outsider")).json()["csrf_token"]
    paper = f"/papers/{world.paper}"
    assert (await browser.get("/papers")).json()["items"] == []
    for path in (paper, f"{paper}/status", f"{paper}/events", f"{paper}/sections"):
        r = await browser.get(path)
        assert r.status_code == 404, (path, r.text)
    r = await browser.post(
        f"{paper}/sections/{world.section}/comments",
        json={"body": "Hello", "exact": "First", "start": 0},
        headers={CSRF_HEADER: csrf},
    )
    assert r.status_code == 404
    # A member's session sees it, so the 404s above are about membership.
    await set_password(world.accord, "reviewer")
    assert (await sign_in(browser, "reviewer")).status_code == 201
    assert (await browser.get(paper)).status_code == 200


async def test_expired_sessions_are_refused(world: World, browser: httpx.AsyncClient) -> None:
    await set_password(world.accord, "author")
    assert (await sign_in(browser, "author")).status_code == 201
    # Used within the idle limit: it lives on, and its last-seen time moves.
    await move_back(world.accord, SessionRow.last_seen_at, timedelta(minutes=100))
    await move_back(world.accord, SessionRow.created_at, timedelta(minutes=100))
    assert (await browser.get("/me")).status_code == 200
    await move_back(world.accord, SessionRow.last_seen_at, timedelta(minutes=100))
    assert (await browser.get("/me")).status_code == 200
    # Idle past the limit (120 minutes): gone.
    await move_back(world.accord, SessionRow.last_seen_at, timedelta(minutes=121))
    r = await browser.get("/me")
    assert r.status_code == 401 and "expired" in r.json()["detail"]

    # However busy, a session ends at its absolute expiry (12 hours).
    assert (await sign_in(browser, "author")).status_code == 201
    await move_back(world.accord, SessionRow.expires_at, timedelta(hours=12))
    r = await browser.get("/me")
    assert r.status_code == 401 and "expired" in r.json()["detail"]


async def test_sign_out_and_sign_out_everywhere(
    world: World, browser: httpx.AsyncClient, accord: Accord
) -> None:
    await set_password(world.accord, "author")
    laptop = (await sign_in(browser, "author")).json()
    laptop_cookie = browser.cookies[session_cookie_name(accord.settings)]
    phone = await sign_in(browser, "author")  # the client now holds the phone's cookie
    sessions = (await browser.get("/sessions")).json()["items"]
    assert [s["current"] for s in sessions] == [True, False]
    assert sessions[1]["id"] == laptop["session"]["id"]
    assert sessions[0]["client"] == "203.0.113.7"

    r = await browser.delete("/sessions/current", headers={CSRF_HEADER: phone.json()["csrf_token"]})
    assert r.status_code == 204
    assert "max-age=0" in r.headers["set-cookie"].lower()
    assert (await browser.get("/me")).status_code == 401  # the cookie was cleared
    laptop_headers = browser_headers(accord, laptop_cookie)
    laptop_headers["Origin"] = "https://accord.test"
    assert (await browser.get("/me", headers=laptop_headers)).status_code == 200

    r = await browser.delete("/sessions", headers=laptop_headers)
    assert r.status_code == 200 and r.json() == {"user": "author", "ended": 1}
    assert (await browser.get("/me", headers=laptop_headers)).status_code == 401
    # A program's token is not a session: it keeps working.
    assert (await world.call("author", "GET", "/me")).status_code == 200
    signed_out = await events_named(world.accord, "SignedOut")
    assert [(e["sessions"], e["everywhere"]) for e in signed_out] == [(1, False), (1, True)]


async def test_a_bearer_header_decides_alone(world: World, browser: httpx.AsyncClient) -> None:
    await set_password(world.accord, "author")
    assert (await sign_in(browser, "author")).status_code == 201
    r = await browser.get("/me", headers={"Authorization": "Bearer acc_not-a-token"})
    assert r.status_code == 401
    r = await browser.get("/me", headers={"Authorization": f"Bearer {world.tokens['sec']}"})
    assert r.json()["name"] == "sec"


async def test_a_bad_cookie_is_refused(browser: httpx.AsyncClient, accord: Accord) -> None:
    browser.cookies.set(session_cookie_name(accord.settings), "acc_forged", domain="accord.test")
    r = await browser.get("/me")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"


# ---- cross-site requests --------------------------------------------------------------


async def _signed_in_author(world: World, browser: httpx.AsyncClient) -> str:
    await set_password(world.accord, "author")
    r = await sign_in(browser, "author")
    assert r.status_code == 201
    assert (await world.save("author", "First text.\n")).status_code == 201
    return str(r.json()["csrf_token"])


async def _state(world: World) -> str:
    return str((await world.call("sec", "GET", world.text_url())).json()["state"])


async def test_a_cross_site_form_post_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    csrf = await _signed_in_author(world, browser)
    submit = world.text_url() + "/submit"
    attacks = [
        # What a form on another site sends in a current browser...
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        # ...in a browser that sends no Fetch Metadata...
        {"Origin": "https://evil.example", "Sec-Fetch-Site": ""},
        # ...from a sibling subdomain, and from a sandboxed frame.
        {"Origin": "https://evil.accord.test", "Sec-Fetch-Site": "same-site"},
        {"Origin": "null", "Sec-Fetch-Site": ""},
    ]
    for headers in attacks:
        sent = {k: v for k, v in headers.items() if v}
        stripped = [k for k, v in headers.items() if not v]
        request = browser.build_request("POST", submit, data={"note": "please"}, headers=sent)
        for name in stripped:
            del request.headers[name]
        r = await browser.send(request)
        assert r.status_code == 403, (headers, r.text)
        assert r.json()["type"] == "urn:accord:problem:cross-site-request"
    # Even with the token (which another site cannot read), another origin is refused.
    r = await browser.post(
        submit,
        data={"csrf_token": csrf},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 403
    assert await _state(world) == "drafting"


async def test_a_same_origin_request_needs_the_sessions_token(
    world: World, browser: httpx.AsyncClient, accord: Accord
) -> None:
    csrf = await _signed_in_author(world, browser)
    submit = world.text_url() + "/submit"
    assert (await browser.post(submit)).status_code == 403  # no token
    other = browser_headers(accord, "acc_some-other-session")[CSRF_HEADER]
    assert (await browser.post(submit, headers={CSRF_HEADER: other})).status_code == 403
    assert (await browser.post(submit, data={"csrf_token": "x" * 64})).status_code == 403
    assert await _state(world) == "drafting"
    # The token as a form field (an HTML form of the board) passes.
    r = await browser.post(submit, data={"csrf_token": csrf})
    assert r.status_code == 200, r.text
    assert await _state(world) == "in_review"


async def test_reading_needs_no_token_and_bearer_requests_no_origin(
    world: World, browser: httpx.AsyncClient
) -> None:
    await _signed_in_author(world, browser)
    r = await browser.get(world.text_url(), headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200  # a link followed from elsewhere (SameSite=Lax sends it)
    r = await world.call(
        "author",
        "POST",
        world.text_url() + "/submit",
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 200  # a bearer token is never sent by a browser by itself


async def test_another_site_cannot_sign_a_person_in(
    world: World, browser: httpx.AsyncClient
) -> None:
    await set_password(world.accord, "outsider")
    r = await sign_in(
        browser,
        "outsider",
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 403
    assert "set-cookie" not in r.headers
    r = await browser.post(
        "/invitations/accept",
        json={"token": "acc_x", "password": PASSWORD},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 403


# ---- tokens ---------------------------------------------------------------------------


def lifetime(token: dict[str, Any]) -> timedelta:
    return datetime.fromisoformat(token["expires_at"]) - datetime.fromisoformat(token["created_at"])


async def test_named_tokens_expire_and_are_revoked_one_by_one(world: World) -> None:
    r = await world.call(
        "author", "POST", "/users/author/tokens", json={"name": "CI", "expires_in_days": 7}
    )
    assert r.status_code == 201, r.text
    ci = r.json()
    assert ci["name"] == "CI" and ci["status"] == "active"
    assert abs(lifetime(ci) - timedelta(days=7)) < timedelta(minutes=1)
    default = (await world.call("author", "POST", "/users/author/tokens")).json()
    assert abs(lifetime(default) - timedelta(days=90)) < timedelta(minutes=1)
    forever = await world.call(
        "author", "POST", "/users/author/tokens", json={"name": "x", "expires_in_days": None}
    )
    assert forever.json()["expires_at"] is None

    listed = (await world.call("author", "GET", "/users/author/tokens")).json()["items"]
    assert [t["name"] for t in listed] == ["x", "", "CI", ""]  # newest first; the first unnamed
    assert all("token" not in t for t in listed)
    assert listed[-1]["expires_at"] is None  # made before names and expiry: works on

    bearer = {"Authorization": f"Bearer {ci['token']}"}
    assert (await world.client.get("/me", headers=bearer)).status_code == 200
    r = await world.call("author", "DELETE", f"/users/author/tokens/{ci['id']}")
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    assert (await world.client.get("/me", headers=bearer)).status_code == 401
    assert (await world.call("author", "GET", "/me")).status_code == 200  # the others work
    r = await world.call("author", "DELETE", f"/users/author/tokens/{listed[-1]['id'] + 999}")
    assert r.status_code == 404
    assert (await world.call("reviewer", "GET", "/users/author/tokens")).status_code == 403


async def test_an_expired_token_is_refused(world: World) -> None:
    r = await world.call(
        "author", "POST", "/users/author/tokens", json={"name": "short", "expires_in_days": 1}
    )
    bearer = {"Authorization": f"Bearer {r.json()['token']}"}
    async with world.accord.engine.begin() as conn:
        await conn.execute(
            update(TokenRow)
            .where(TokenRow.id == r.json()["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    r = await world.client.get("/me", headers=bearer)
    assert r.status_code == 401 and "expired" in r.json()["detail"]


async def test_a_token_name_and_expiry_are_checked(world: World) -> None:
    url = "/users/author/tokens"
    for body in (
        {"expires_in_days": 0},
        {"expires_in_days": 4000},
        {"name": "x" * 101},
        {"name": "bad\nname"},
    ):
        r = await world.call("author", "POST", url, json=body)
        assert r.status_code == 422, (body, r.text)


async def test_on_a_developers_machine_the_cookie_works_over_plain_http(
    accord: Accord,
) -> None:
    await make_user(accord, "amina")
    await set_password(accord, "amina")
    local = bootstrap(accord.settings.model_copy(update={"environment": "development"}))
    transport = httpx.ASGITransport(app=create_app(local))
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000/api/v1"
        ) as c:
            r = await sign_in(c, "amina")
            assert r.status_code == 201
            cookie = r.headers["set-cookie"]
            assert cookie.startswith("accord-session=") and "secure" not in cookie.lower()
            assert (await c.get("/me")).json()["name"] == "amina"
            csrf = r.json()["csrf_token"]
            assert (await c.delete("/sessions", headers={CSRF_HEADER: csrf})).status_code == 200
    finally:
        await local.close()
