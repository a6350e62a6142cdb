"""Import a sheet of 2,000 practices (each with a French translation) and compare with
reading the same sheet alone.

    python -m benchmarks.practices

On a SQLite database of its own, through the API in process. Prints, measured in this
run: reading the CSV and the XLSX (the baseline: what any import must pay), the first
import, the replay of the same file (nothing changes), and the export, each with its
ratio to the read of its own format.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tempfile
import time
from pathlib import Path

import httpx

from drafts.commands import CreateUser
from services.api.app import create_app
from services.bootstrap import bootstrap
from services.config import Settings
from services.spreadsheets import CSV, XLSX, Limits, read_table, write_xlsx
from services.store.migrate import upgrade
from workflows.users import SYSTEM_ACTOR, create_user

ROWS = 2000
HEADER = ["key", "name.en", "summary.en", "outcomes.en", "country", "city", "start_year"]
HEADER += ["actors", "approaches", "evidence", "sources", "name.fr", "outcomes.fr"]


def sheet() -> list[list[str]]:
    rows = [HEADER]
    for i in range(ROWS):
        rows.append(
            [
                f"practice-{i}",
                f"Practice {i}",
                "Dialogue between residents, the police and the city. " * 4,
                "Fewer homicides\nMore trust",
                ("CO", "KE", "PH", "BR", "ZA", "IN")[i % 6],
                "City",
                str(1990 + i % 30),
                "municipal-government;police;civil-society",
                "dialogue;violence-prevention",
                "descriptive;anecdotal",
                "source",
                f"Pratique {i}",
                "Moins d'homicides\nPlus de confiance",
            ]
        )
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def timed(seconds: dict[str, float], name: str, started: float) -> None:
    seconds[name] = time.perf_counter() - started


async def run(folder: Path) -> dict[str, float]:
    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{folder / 'accord.db'}",
        data_dir=folder / "data",
        token_secret="bench-secret-" + "x" * 32,
    )
    accord = bootstrap(settings)
    await upgrade(accord.engine)
    async with accord.transaction() as uow:
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name="sec", email="sec@example.org", is_admin=True),
            uow,
            accord.tokens,
        )
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=create_app(accord))
    seconds: dict[str, float] = {}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench/api/v1", headers=headers, timeout=600
    ) as client:
        paper = {"slug": "bench", "titles": {"en": "B"}, "source_language": "en"}
        r = await client.post("/papers", json={**paper, "languages": ["en", "fr"]})
        r.raise_for_status()
        refs = json.dumps([{"id": "source", "type": "report", "title": "S"}])
        (await client.put("/papers/bench/bibliography", json={"csl_json": refs})).raise_for_status()
        rows = sheet()
        data = {"csv": as_csv(rows), "xlsx": write_xlsx(rows)}
        for kind, mime in (("csv", CSV), ("xlsx", XLSX)):
            started = time.perf_counter()
            read_table(data[kind], mime, Limits())
            timed(seconds, f"read {kind}", started)
        for what, kind in (("import", "csv"), ("replay", "csv"), ("replay", "xlsx")):
            mime = CSV if kind == "csv" else XLSX
            started = time.perf_counter()
            r = await client.post(
                "/papers/bench/practices/imports",
                content=data[kind],
                headers={"Content-Type": mime},
            )
            timed(seconds, f"{what} {kind}", started)
            assert r.status_code == (201 if what == "import" else 200), r.text
        for kind in ("csv", "xlsx"):
            started = time.perf_counter()
            (await client.get(f"/papers/bench/practices.{kind}")).raise_for_status()
            timed(seconds, f"export {kind}", started)
    await accord.close()
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        seconds = asyncio.run(run(Path(folder)))
    print(f"{ROWS} practices, SQLite")
    for name, value in seconds.items():
        base = seconds["read " + name.split()[-1]]
        ratio = "" if name.startswith("read") else f"  ({value / base:.1f}× the read)"
        print(f"  {name:12} {value:7.2f} s{ratio}")


if __name__ == "__main__":
    main()
