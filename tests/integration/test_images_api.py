"""A paper's images through the API, and into its published files, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import zipfile

import httpx
import pypdf
import pytest

from services.bootstrap import Accord
from tests.images import png, png_header
from tests.integration.test_publishing import CountingRenderer, publish, run_jobs
from tests.integration.world import World, build_world


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    return await build_world(accord, client)


def image_url(world: World, name: str) -> str:
    return f"/papers/{world.paper}/images/{name}"


async def put_image(world: World, name: str, data: bytes, who: str = "author") -> httpx.Response:
    return await world.call(
        who, "PUT", image_url(world, name), content=data, headers={"Content-Type": "image/png"}
    )


async def image_events(world: World) -> list[dict[str, object]]:
    items = (await world.call("sec", "GET", f"/papers/{world.paper}/events")).json()["items"]
    return [e["data"] for e in items if e["type"] == "ImageStored"]


async def test_an_image_is_stored_listed_and_served_as_it_was_sent(world: World) -> None:
    data = png(4, 3)
    r = await put_image(world, "map.png", data)
    assert r.status_code == 201, r.text
    stored = r.json()
    assert stored["sha256"] == hashlib.sha256(data).hexdigest()
    assert (stored["media_type"], stored["width"], stored["height"]) == ("image/png", 4, 3)
    assert r.headers["location"] == stored["url"]

    listed = (await world.call("reviewer", "GET", f"/papers/{world.paper}/images")).json()
    assert [i["name"] for i in listed["items"]] == ["map.png"]

    served = await world.call("reviewer", "GET", image_url(world, "map.png"))
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    again = await world.call(
        "reviewer",
        "GET",
        image_url(world, "map.png"),
        headers={"If-None-Match": served.headers["etag"]},
    )
    assert (again.status_code, again.content) == (304, b"")


async def test_the_same_file_again_changes_nothing_and_another_replaces_it(world: World) -> None:
    assert (await put_image(world, "map.png", png(2, 2))).status_code == 201
    same = await put_image(world, "map.png", png(2, 2), who="translator")
    assert same.status_code == 200
    assert same.json()["stored_by"] == "author"
    other = await put_image(world, "map.png", png(5, 5), who="translator")
    assert other.status_code == 200
    assert (other.json()["width"], other.json()["stored_by"]) == (5, "translator")
    assert [e["replaced"] for e in await image_events(world)] == [False, True]
    served = await world.call("sec", "GET", image_url(world, "map.png"))
    assert served.content == png(5, 5)


@pytest.mark.parametrize(
    ("name", "data", "status", "kind"),
    [
        ("map.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415, "unsupported-image"),
        ("map.png", b"plain text", 415, "unsupported-image"),
        ("bomb.png", png_header(60_000, 60_000), 413, "too-large"),
        (".hidden.png", png(), 422, "invalid-request"),
        ("x" * 101 + ".png", png(), 422, "validation-failed"),
    ],
)
async def test_what_cannot_be_printed_is_refused_and_nothing_is_kept(
    world: World, name: str, data: bytes, status: int, kind: str
) -> None:
    r = await put_image(world, name, data)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == f"urn:accord:problem:{kind}"
    assert (await world.call("sec", "GET", f"/papers/{world.paper}/images")).json()["items"] == []
    assert await image_events(world) == []


async def test_an_unknown_image_is_404(world: World) -> None:
    r = await world.call("author", "GET", image_url(world, "nowhere.png"))
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("renderer", [CountingRenderer], indirect=True)
async def test_a_version_renders_the_images_it_was_frozen_with(
    accord: Accord, world: World, renderer: CountingRenderer
) -> None:
    assert (await world.save("author", "See the map.\n\n![Map](map.png)\n")).status_code == 201
    assert (await world.save("translator", "Voir la carte.\n", lang="fr")).status_code == 201
    assert (await put_image(world, "map.png", png(2, 2))).status_code == 201
    assert (await publish(world, "0.1", languages=["en", "fr"])).status_code == 201
    # Replaced after the request: version 0.1 keeps the image it was frozen with.
    assert (await put_image(world, "map.png", png(9, 9))).status_code == 200
    await run_jobs(accord)

    shown = {(e.language, tuple((i.name, i.data) for i in e.images)) for e in renderer.editions}
    # Only the language whose text shows the image carries it (so French is reused when
    # an image only English shows changes).
    assert shown == {("en", (("map.png", png(2, 2)),)), ("fr", ())}
    # The paper is no longer what 0.1 was frozen from: the same number is another version.
    again = await publish(world, "0.1", languages=["en", "fr"])
    assert again.status_code == 409, again.text


async def test_an_image_reaches_the_real_docx_and_pdf(accord: Accord, world: World) -> None:
    picture = png(40, 20, (200, 30, 30))
    assert (await put_image(world, "chart.png", picture)).status_code == 201
    body = "The chart below.\n\n![Violence by district](chart.png)\n"
    assert (await world.save("author", body)).status_code == 201
    assert (await publish(world, "0.1", languages=["en"])).status_code == 201
    await run_jobs(accord)
    done = (await world.call("sec", "GET", f"/papers/{world.paper}/publications/0.1")).json()
    assert done["status"] == "published", done
    files = {
        a["format"]: (await world.call("sec", "GET", a["url"].removeprefix("/api/v1"))).content
        for a in done["artifacts"]
    }
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert [docx.read(n) for n in media] == [picture]
    # Typst embeds the picture's pixels as an image XObject of its size.
    sizes = []
    for page in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages:
        objects = page["/Resources"].get("/XObject", {})
        for ref in objects.values():
            xobject = ref.get_object()
            if xobject["/Subtype"] == "/Image":
                sizes.append((xobject["/Width"], xobject["/Height"]))
    assert sizes == [(40, 20)]
