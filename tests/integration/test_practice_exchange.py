"""Practices in and out as spreadsheets that other programs wrote: Python's csv module,
openpyxl and LibreOffice. Good rows, refused rows, replays, and hostile files."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from services.bootstrap import Accord
from services.spreadsheets import XLSX
from tests.integration.practices_world import medellin, propose, with_bibliography
from tests.integration.world import World, build_world
from tests.servers import missing, require_program

HEADER = [
    "key",
    "name.en",
    "summary.en",
    "outcomes.en",
    "country",
    "region",
    "city",
    "start_year",
    "end_year",
    "actors",
    "approaches",
    "evidence",
    "sources",
    "name.fr",
    "outcomes.fr",
]
GOOD = [
    [
        "medellin-pui",
        "Integral urban projects",
        "Cable cars and libraries; public space.",
        "Homicides fell more than elsewhere\nMore trust in the city",
        "CO",
        "",
        "Medellín",
        "2004",
        "2011",
        "municipal-government;civil-society",
        "urban-upgrading;violence-prevention",
        "quasi-experimental;descriptive",
        "cerda2012",
        "Projets urbains intégraux",
        "Les homicides ont baissé\nPlus de confiance",
    ],
    [
        "kibera-upgrading",
        "Kibera slum upgrading",
        "",
        "",
        "KE",
        "202",
        "Nairobi",
        "",
        "",
        "community-organisations",
        "dialogue",
        "",
        "nairobi2016",
        "",
        "",
    ],
    [
        "manila-peace-zones",
        "=Barangay peace zones",  # a formula to a spreadsheet program; text to Accord
        "Mediators in each barangay.",
        "",
        "",
        "035",
        "",
        "2010",
        "",
        "mediators; police",
        "mediation",
        "",
        "",
        "",
        "",
    ],
]


def csv_file(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_file(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def a_world(accord: Accord, client: httpx.AsyncClient) -> World:
    world = await build_world(accord, client)
    await with_bibliography(world)
    return world


async def send(
    world: World, data: bytes, kind: str = "text/csv", who: str = "sec", **headers: str
) -> httpx.Response:
    return await world.call(
        who,
        "POST",
        f"/papers/{world.paper}/practices/imports",
        content=data,
        headers={"Content-Type": kind, **headers},
    )


async def listed(world: World) -> dict[str, dict[str, Any]]:
    r = await world.call("sec", "GET", f"/papers/{world.paper}/practices", params={"limit": 200})
    return {p["key"]: p for p in r.json()["items"]}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
async def test_good_rows_come_in_and_the_same_file_again_changes_nothing(
    accord: Accord, client: httpx.AsyncClient, kind: str
) -> None:
    world = await a_world(accord, client)
    data, mime = (csv_file(GOOD), "text/csv") if kind == "csv" else (xlsx_file(GOOD), XLSX)
    r = await send(world, data, mime)
    assert r.status_code == 201, r.text
    assert r.json() == {
        "changed": True,
        "rows": 3,
        "proposed": 3,
        "edited": 0,
        "translated": 1,
        "unchanged": 0,
    }
    found = await listed(world)
    pui = found["medellin-pui"]
    assert (pui["region"], pui["verified"], pui["proposed_by"]) == ("005", False, "sec")
    assert [o["evidence"] for o in pui["outcomes"]] == ["quasi-experimental", "descriptive"]
    assert pui["texts"]["fr"]["outcomes"] == ["Les homicides ont baissé", "Plus de confiance"]
    assert found["manila-peace-zones"]["name"] == "=Barangay peace zones"
    assert found["manila-peace-zones"]["actors"] == ["police", "mediators"]
    assert found["kibera-upgrading"]["region"] == "202"
    events = await world.event_count()
    again = await send(world, data, mime)
    assert again.status_code == 200, again.text
    assert again.json()["changed"] is False and again.json()["unchanged"] == 3
    assert await world.event_count() == events


async def test_a_refused_row_refuses_the_file_with_a_report(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await a_world(accord, client)
    bad = [list(row) for row in GOOD]
    bad[0][4] = "XX"  # row 2: no such country
    bad[1][9] = "gangs"  # row 3: not an actor
    bad[1][12] = "nobody2020"  # row 3: not in the bibliography
    bad[2][7] = "soon"  # row 4: not a year
    extra = [*GOOD[1]]
    r = await send(world, csv_file([*bad, extra]))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    report = {(e["row"], e["column"]) for e in r.json()["refused"]}
    assert report == {
        (2, "country"),
        (3, "actors"),
        (3, "sources"),
        (4, "start_year"),
        (5, "key"),  # the same key as row 3
    }, r.json()["refused"]
    assert all(e["reason"] for e in r.json()["refused"])
    assert await listed(world) == {}
    # An unknown column and a missing required one are refused at the header.
    r = await send(world, csv_file([], ["key", "colour"]))
    assert {(e["row"], e["column"]) for e in r.json()["refused"]} == {
        (1, "colour"),
        (1, "name.en"),
    }


async def test_an_edited_row_changes_the_practice_and_unverifies_it(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await a_world(accord, client)
    await propose(world, "author", medellin())
    assert (
        await world.call("sec", "POST", f"/papers/{world.paper}/practices/medellin-pui/verify")
    ).status_code == 200
    r = await send(world, csv_file(GOOD))
    assert r.status_code == 201 and r.json()["edited"] == 1 and r.json()["proposed"] == 2
    pui = (await listed(world))["medellin-pui"]
    assert pui["verified"] is False and pui["proposed_by"] == "author"
    assert pui["texts"]["en"]["revision"] == 2


async def test_what_is_exported_imports_unchanged_and_reads_back(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await a_world(accord, client)
    assert (await send(world, csv_file(GOOD))).status_code == 201
    exported = await world.call("author", "GET", f"/papers/{world.paper}/practices.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["key", "name.en", "summary.en", "outcomes.en"]
    assert "name.es" in rows[0] and "verified" in rows[0]
    by_key = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    # A formula-like cell is kept from running in a spreadsheet program.
    assert by_key["manila-peace-zones"]["name.en"] == "'=Barangay peace zones"
    assert by_key["medellin-pui"]["name.fr"] == "Projets urbains intégraux"
    r = await send(world, exported.content)
    assert r.status_code == 200 and r.json()["changed"] is False, r.text
    book = await world.call("reviewer", "GET", f"/papers/{world.paper}/practices.xlsx")
    assert book.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(book.content), read_only=True).worksheets[0]
    values = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    names = {row[0]: row[1] for row in values[1:]}
    assert names["manila-peace-zones"] == "=Barangay peace zones"
    r = await send(world, book.content, XLSX)
    assert r.status_code == 200 and r.json()["changed"] is False, r.text


async def test_an_idempotency_key_replays_the_first_answer(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await a_world(accord, client)
    first = await send(world, csv_file(GOOD), **{"Idempotency-Key": "sheet-1"})
    second = await send(world, csv_file(GOOD), **{"Idempotency-Key": "sheet-1"})
    assert first.status_code == second.status_code == 201
    assert second.headers.get("idempotent-replayed") == "true"
    assert second.json() == first.json()


async def test_only_the_secretariat_imports(accord: Accord, client: httpx.AsyncClient) -> None:
    world = await a_world(accord, client)
    assert (await send(world, csv_file(GOOD), who="author")).status_code == 403
    assert (await send(world, csv_file(GOOD), who="outsider")).status_code == 404


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_part(book: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(book))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    return _zip({**parts, name: data})


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)


async def test_malformed_and_huge_files_are_refused_never_a_server_error(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    world = await a_world(accord, client)
    book = xlsx_file(GOOD)
    cases: list[tuple[bytes, str, int]] = [
        (b"\x00\x01garbage" * 10, XLSX, 415),
        (_zip({"hello.txt": b"hi"}), XLSX, 415),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, XLSX, 415),  # .xls or encrypted
        (_with_part(book, "xl/vbaProject.bin", b"macro"), XLSX, 415),
        (book[: len(book) // 2], XLSX, 415),  # cut short
        # A sheet that inflates 1000 times: a zip bomb, refused from the directory.
        (_with_part(book, "xl/worksheets/sheet2.xml", b" " * (20 * 1024 * 1024)), XLSX, 413),
        # Entities are refused by defusedxml, under openpyxl, as XML it cannot read.
        (_with_part(book, "xl/worksheets/sheet1.xml", LAUGHS), XLSX, 415),
        (b"x" * (5 * 1024 * 1024), "text/csv", 413),
        (csv_file([[f"k{i}", "N"] + [""] * 13 for i in range(2001)]), "text/csv", 413),
        ("key,name.en\nk,Caf\u00e9\n".encode("latin-1"), "text/csv", 422),
        (csv_file([["k", "N" * 10_001] + [""] * 13]), "text/csv", 422),
        (b'key,name.en\n"k,unterminated\n', "text/csv", 422),
        (b"", "text/csv", 422),
        (b"%PDF-1.4", "application/pdf", 415),
    ]
    for data, kind, status in cases:
        r = await send(world, data, kind)
        assert r.status_code == status, (data[:40], kind, r.status_code, r.text[:300])
        if status >= 400:
            assert r.headers["content-type"] == "application/problem+json"


def libreoffice_xlsx(soffice: str, data: bytes, tmp_path: Path) -> bytes:
    """The CSV converted to XLSX by LibreOffice Calc, as a colleague would save it."""
    source = tmp_path / "practices.csv"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "practices.xlsx"
    if not converted.exists():
        # soffice without Calc answers "source file could not be loaded" and exits 0.
        missing("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    return converted.read_bytes()


@pytest.mark.slow
async def test_an_xlsx_that_libreoffice_made_from_a_csv_comes_in(
    accord: Accord, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    soffice = require_program("soffice", "LibreOffice")
    world = await a_world(accord, client)
    made = libreoffice_xlsx(soffice, csv_file(GOOD[:2]), tmp_path)
    r = await send(world, made, XLSX)
    assert r.status_code == 201, r.text
    assert r.json()["proposed"] == 2
    found = await listed(world)
    # LibreOffice reads 2004 as a number; it comes back a year, as it was.
    assert found["medellin-pui"]["start_year"] == 2004
    assert found["medellin-pui"]["texts"]["fr"]["name"] == "Projets urbains intégraux"
    assert (await send(world, made, XLSX)).json()["changed"] is False


async def test_a_stale_translation_survives_its_export_and_import(
    accord: Accord, client: httpx.AsyncClient
) -> None:
    """A French text made for one outcome, after the source got a second: the sheet
    carries it as it is, and importing that sheet changes nothing, nor makes it current."""
    world = await a_world(accord, client)
    await propose(world, "author", medellin())
    practice = f"/papers/{world.paper}/practices/medellin-pui"
    french = {"name": "Projets", "outcomes": ["Moins d'homicides"]}
    assert (await world.call("sec", "PUT", practice + "/texts/fr", json=french)).status_code == 200
    body = medellin()
    del body["key"]
    body["outcomes"] = [*body["outcomes"], {"text": "More trust", "evidence": "anecdotal"}]
    assert (await world.call("author", "PUT", practice, json=body)).status_code == 200
    exported = await world.call("sec", "GET", f"/papers/{world.paper}/practices.csv")
    r = await send(world, exported.content)
    assert r.status_code == 200 and r.json()["changed"] is False, r.text
    fr = (await world.call("sec", "GET", practice)).json()["texts"]["fr"]
    assert fr["stale"] is True and fr["outcomes"] == ["Moins d'homicides"]
    # A changed French text must translate both outcomes.
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))
    rows[1][rows[0].index("name.fr")] = "Projets urbains"
    r = await send(world, csv_file(rows[1:], rows[0]))
    assert r.status_code == 422
    assert [(e["row"], e["column"]) for e in r.json()["refused"]] == [(2, "outcomes.fr")]
