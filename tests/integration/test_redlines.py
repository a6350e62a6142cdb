"""Redlines read back by pandoc: accepting every change gives the newer text, rejecting
every change the older one; each change is credited and dated; ids unique; same bytes."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from drafts.blame import Credit, Step
from drafts.redline import redline
from services.bootstrap import Accord
from services.render import PandocRenderer
from services.render.pandoc import pandoc_binary
from services.render.redline import render_redline
from tests.integration.world import World, build_world
from tests.servers import require_program
from workflows.rendering import Edition, RenderSection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FIRST = (
    "Cities are *unsafe* at night.[^1]\n\n"
    "Most budgets go to policing.\n\n"
    "| Region | Share |\n|--------|-------|\n| Africa | 12 |\n\n"
    "[^1]: Survey of 2015.\n"
)
SECOND = FIRST.replace("*unsafe*", "*safer*").replace("at night", "by day and at night")
THIRD = (
    SECOND.replace("| 12 |", "| 14 |")
    .replace("Survey of 2015", "Survey of 2016")
    .replace("Most budgets go to policing.", "Prevention now takes a third of what is spent.")
)


def plain(data: bytes, changes: str) -> str:
    """The file's words as pandoc reads them with every change accepted or rejected."""
    done = subprocess.run(
        [pandoc_binary(), "--sandbox", "-f", "docx", f"--track-changes={changes}", "-t", "plain"],
        input=data,
        capture_output=True,
        check=True,
    )
    # Rules of dashes draw the tables: their widths are layout, not words.
    return " ".join(re.sub(r"-{3,}", " ", done.stdout.decode()).split())


def revision_marks(data: bytes) -> list[tuple[str, str, str, str]]:
    """(kind, id, author, date) of every tracked change of the document and its notes."""
    from lxml import etree

    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in ("word/document.xml", "word/footnotes.xml"):
            if name not in archive.namelist():
                continue
            for element in etree.fromstring(archive.read(name)).iter(W + "ins", W + "del"):
                found.append(
                    (
                        element.tag.removeprefix(W),
                        element.get(W + "id"),
                        element.get(W + "author"),
                        element.get(W + "date"),
                    )
                )
    return found


@pytest.fixture
async def world(accord: Accord, client: httpx.AsyncClient) -> World:
    w = await build_world(accord, client)
    assert (await w.save("author", FIRST)).status_code == 201
    assert (await w.save("author", SECOND, base=1)).status_code == 201
    assert (await w.save("sec", THIRD, base=2)).status_code == 201
    return w


async def revision_times(world: World) -> dict[int, str]:
    r = await world.call("sec", "GET", world.text_url() + "/revisions")
    return {
        item["number"]: datetime.fromisoformat(item["created_at"])
        .astimezone(UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        for item in r.json()["items"]
    }


def as_rendered(body: str) -> Edition:
    return Edition(
        paper_title="Urban safety",
        symbol="A/CONF.226/PC.3/14",
        forum="Habitat III",
        date=date(2016, 7, 25),
        language="en",
        source_language="en",
        version="x",
        kind="draft",
        distribution="General",
        sections=(RenderSection(key="intro", number="1", title="Introduction", body=body),),
    )


async def test_a_revision_redline_accepts_to_the_newer_and_rejects_to_the_older(
    world: World, accord: Accord
) -> None:
    url = world.text_url() + "/revisions/3/redline.docx"
    r = await world.call("reviewer", "GET", url, params={"against": 1})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    renderer = PandocRenderer()
    newer = renderer.render(as_rendered(THIRD), "docx")
    older = renderer.render(as_rendered(FIRST), "docx")
    assert plain(r.content, "accept") == plain(newer, "accept")
    assert plain(r.content, "reject") == plain(older, "accept")

    marks = revision_marks(r.content)
    ids = [m[1] for m in marks]
    assert len(ids) == len(set(ids)), "every w:id is unique"
    times = await revision_times(world)
    # Each change is credited to the member whose revision made it, at its time.
    assert {(m[2], m[3]) for m in marks} == {("author", times[2]), ("sec", times[3])}
    # The footnote's and the table's changes are in too.
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        assert b"<w:ins" in archive.read("word/footnotes.xml")
        document = archive.read("word/document.xml")
    # The rewritten paragraph's marks go with it: accepting leaves no empty paragraph.
    from lxml import etree

    gone = etree.fromstring(document).findall(f".//{W}pPr/{W}rPr/{W}del")
    assert [m.get(W + "author") for m in gone] == ["sec"]
    assert len(etree.fromstring(document).findall(f".//{W}pPr/{W}rPr/{W}ins")) == 1
    assert ("del", "sec") in {(m[0], m[2]) for m in marks}


async def test_a_redline_is_made_once_and_the_same_bytes_each_time(
    world: World, accord: Accord
) -> None:
    url = world.text_url() + "/revisions/3/redline.docx"
    first = await world.call("author", "GET", url)  # against its parent, revision 2
    assert first.status_code == 200, first.text
    again = await world.call("author", "GET", url)
    assert again.content == first.content
    assert (
        await world.call("author", "GET", url, headers={"If-None-Match": first.headers["ETag"]})
    ).status_code == 304
    shutil.rmtree(accord.settings.data_dir / "redlines")
    remade = await world.call("author", "GET", url)
    assert remade.content == first.content  # rendered anew: byte for byte the same
    assert {m[2] for m in revision_marks(first.content)} == {"sec"}


async def test_redline_requests_that_name_nothing(world: World) -> None:
    base = world.text_url() + "/revisions"
    assert (await world.call("author", "GET", base + "/1/redline.docx")).status_code == 422
    bad = await world.call("author", "GET", base + "/2/redline.docx", params={"against": 3})
    assert bad.status_code == 422
    assert (await world.call("author", "GET", base + "/9/redline.docx")).status_code == 404
    assert (await world.call("outsider", "GET", base + "/3/redline.docx")).status_code == 404


async def publish(world: World, version: str) -> None:
    r = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/publications",
        json={"version": version, "kind": "draft", "languages": ["en"], "formats": ["docx"]},
    )
    assert r.status_code == 201, r.text


async def test_a_version_redline_shows_every_change_between_two_versions(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await build_world(accord, client)
    assert (await world.save("author", FIRST)).status_code == 201
    await publish(world, "0.1")
    assert (await world.save("author", SECOND, base=1)).status_code == 201
    assert (await world.save("sec", THIRD, base=2)).status_code == 201
    added = await world.call(
        "sec",
        "POST",
        f"/papers/{world.paper}/sections",
        json={"key": "annex", "titles": {"en": "Annex"}, "authors": ["author2"]},
    )
    assert added.status_code == 201, added.text
    r = await world.call(
        "author2", "POST", world.text_url(section="annex") + "/revisions", json={"body": "New.\n"}
    )
    assert r.status_code == 201, r.text
    await publish(world, "0.2")
    # Once 0.2 is published, its redline against 0.1 is made by the job it sets off,
    # before anyone asks for it.
    from services.worker.inprocess import InProcessRunner

    async with asyncio.timeout(300):
        await InProcessRunner(accord).drain()
    made = sorted((accord.settings.data_dir / "redlines").rglob("*.docx"))
    assert len(made) == 1
    url = f"/papers/{world.paper}/publications/0.2/redline/en.docx"
    r = await world.call("translator", "GET", url, params={"against": "0.1"})
    assert r.status_code == 200, r.text
    assert r.content == made[0].read_bytes()
    assert r.headers["ETag"] == f'"{made[0].stem}"'
    accepted, rejected = plain(r.content, "accept"), plain(r.content, "reject")
    assert "Prevention now takes a third" in accepted and "Most budgets" not in accepted
    assert "Most budgets go to policing" in rejected and "Prevention" not in rejected
    assert "New." in accepted and "New." not in rejected
    assert {m[2] for m in revision_marks(r.content)} == {"author", "sec", "author2"}
    swapped = await world.call("sec", "GET", url.replace("0.2/", "0.1/"), params={"against": "0.2"})
    assert swapped.status_code == 422
    missing = await world.call("sec", "GET", url, params={"against": "7.0"})
    assert missing.status_code == 404


LANGUAGE_TEXTS = {
    "en": ("The city is unsafe at night.", "The city is safer by day and at night."),
    "es": ("La ciudad es insegura de noche.", "La ciudad es más segura de día y de noche."),
    "fr": ("La ville est dangereuse la nuit.", "La ville est plus sûre le jour et la nuit."),
    "ru": ("Город опасен ночью.", "Город безопаснее днём и ночью."),
    "ar": ("المدينة غير آمنة ليلا.", "المدينة أكثر أمانا نهارا وليلا."),
    "zh": ("城市夜间不安全。", "城市白天和夜间都更安全。"),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(LANGUAGE_TEXTS))
def test_redlines_in_every_language(language: str, tmp_path: Path) -> None:
    old, new = LANGUAGE_TEXTS[language]
    credit = Credit("amina", datetime(2016, 7, 1, 9, 30, tzinfo=UTC))
    body = redline(old + "\n", [Step(new + "\n", credit)], credit)
    renderer = PandocRenderer()
    edition = dataclasses.replace(as_rendered(body), language=language, paper_title="T")
    data = render_redline(renderer, edition)
    assert data == render_redline(renderer, edition)  # byte-reproducible
    newer = renderer.render(
        dataclasses.replace(
            edition, sections=(dataclasses.replace(edition.sections[0], body=new + "\n"),)
        ),
        "docx",
    )
    older = renderer.render(
        dataclasses.replace(
            edition, sections=(dataclasses.replace(edition.sections[0], body=old + "\n"),)
        ),
        "docx",
    )
    assert plain(data, "accept") == plain(newer, "accept")
    assert plain(data, "reject") == plain(older, "accept")
    marks = revision_marks(data)
    assert marks and {(m[2], m[3]) for m in marks} == {("amina", "2016-07-01T09:30:00Z")}
    if language == "zh":
        # Character by character: the untouched characters are not in any change.
        assert "城市" not in "".join(re.findall(r"\[([^\]]*)\]\{", body))


@pytest.mark.slow
async def test_libreoffice_converts_a_redline(world: World, tmp_path: Path) -> None:
    soffice = require_program("soffice", "LibreOffice")
    r = await world.call("author", "GET", world.text_url() + "/revisions/3/redline.docx")
    assert r.status_code == 200, r.text
    source = tmp_path / "redline.docx"
    source.write_bytes(r.content)
    done = await asyncio.to_thread(
        subprocess.run,
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "redline.pdf").stat().st_size > 1000


async def test_a_new_versions_redline_is_against_the_last_version_that_did_not_fail(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    from sqlalchemy import select, update

    from services.store.consequence_tables import ConsequenceRow
    from services.store.publication_tables import PublicationRow
    from tests.integration.test_publishing import run_jobs

    w = await build_world(accord, client)
    for n, body in enumerate((FIRST, SECOND, THIRD), start=1):
        assert (await w.save("author", body, base=n - 1 if n > 1 else None)).status_code == 201
        r = await w.call(
            "sec",
            "POST",
            f"/papers/{w.paper}/publications",
            json={"version": f"0.{n}", "kind": "draft", "languages": ["en"], "formats": ["pdf"]},
        )
        assert r.status_code == 201, r.text
        await run_jobs(accord)
        if n == 2:
            # 0.2 failed (its text could not be rendered, say): readers never had it.
            async with accord.uow() as uow:
                await uow.session.execute(
                    update(PublicationRow)
                    .where(PublicationRow.version == "0.2")
                    .values(status="failed", failure="a hostile text")
                )
                await uow.session.commit()
    async with accord.uow() as uow:
        outcomes = list(
            await uow.session.scalars(
                select(ConsequenceRow.outcome)
                .where(ConsequenceRow.handler == "render-redlines")
                .order_by(ConsequenceRow.id)
            )
        )
    assert outcomes == [
        "no earlier version",
        "1 redline(s) against version 0.1",
        "1 redline(s) against version 0.1",  # 0.3's: not against the failed 0.2
    ]
