"""Downloading a version's files: HEAD, and revalidation with the ETag (RFC 9110)."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from services.bootstrap import Accord
from tests.integration.test_publishing import CountingRenderer, publish, run_jobs
from tests.integration.world import World, build_world


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
async def url(accord: Accord, client: httpx.AsyncClient) -> tuple[World, str, str]:
    """A world with version 0.1 published in English PDF: the world, the file's URL, its ETag."""
    world = await build_world(accord, client)
    assert (await world.save("author", "Text.\n")).status_code == 201
    assert (await publish(world, "0.1", languages=["en"], formats=["pdf"])).status_code == 201
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    artifact = done["artifacts"][0]
    return world, artifact["url"].removeprefix("/api/v1"), f'"{artifact["sha256"]}"'


async def test_head_gives_the_headers_of_the_file_without_it(url: tuple[World, str, str]) -> None:
    world, path, etag = url
    got = await world.call("author", "GET", path)
    head = await world.call("author", "HEAD", path)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "content-disposition"):
        assert head.headers[name] == got.headers[name], name
    assert head.headers["etag"] == etag == f'"{hashlib.sha256(got.content).hexdigest()}"'
    # Members only, as for GET.
    assert (await world.call("outsider", "HEAD", path)).status_code == 404


@pytest.mark.parametrize("header", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
async def test_a_client_holding_the_file_gets_304(url: tuple[World, str, str], header: str) -> None:
    world, path, etag = url
    for method in ("GET", "HEAD"):
        r = await world.call(
            "author", method, path, headers={"If-None-Match": header.format(etag=etag)}
        )
        assert r.status_code == 304, (method, r.status_code)
        assert r.content == b""
        assert r.headers["etag"] == etag


async def test_another_etag_gets_the_whole_file(url: tuple[World, str, str]) -> None:
    world, path, _ = url
    r = await world.call("author", "GET", path, headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200 and r.content.startswith(b"pdf:")
